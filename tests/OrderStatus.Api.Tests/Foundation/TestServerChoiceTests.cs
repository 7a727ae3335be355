using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Foundation;

/// <summary>The test fixture's other ways to a real PostgreSQL (see TestDatabaseServer and the README's test section).</summary>
public sealed class TestServerChoiceTests
{
    /// <summary>
    /// The Testcontainers path end to end, whichever server the rest of the run uses: a PostgreSQL
    /// container starts, takes the migrations, and answers. Reported as skipped, with the reason, where
    /// no Docker engine answers (as on the CI machine).
    /// </summary>
    [SkippableFact]
    public async Task A_Testcontainers_PostgreSQL_takes_the_migrations()
    {
        Skip.If(DockerEngine.Unavailable is not null, $"No Docker engine answers: {DockerEngine.Unavailable}");

        await using var container = DockerEngine.NewPostgreSqlContainer();
        await container.StartAsync();
        await using var source = NpgsqlDataSource.Create(container.GetConnectionString());
        await using (var db = SchemaMatchesModelTests.NewContext(source))
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        await using var command = source.CreateCommand("SELECT count(*) FROM merchants");
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_run_names_the_server_it_chose()
    {
        var server = await TestDatabaseServer.GetAsync();
        var expected = Environment.GetEnvironmentVariable(TestDatabaseServer.EnvironmentVariable) is { Length: > 0 } ? "ORDERSTATUS_TEST_DB"
            : Environment.GetEnvironmentVariable(TestDatabaseServer.ServerChoiceVariable) is { Length: > 0 } forced ? forced.Trim().ToLowerInvariant() switch
            {
                "testcontainers" => "Testcontainers",
                _ => "embedded",
            }
            : DockerEngine.Unavailable is null ? "Testcontainers" : "embedded";
        Assert.Contains(expected, server.Description, StringComparison.Ordinal);
    }
}
