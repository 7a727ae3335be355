using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Database;

namespace OrderStatus.Api.Tests.Foundation;

/// <summary>
/// The private cluster `dotnet run` starts when no database is configured: it keeps its data
/// between runs, stops when its owner stops, and is adopted, not duplicated, after its owner died.
/// </summary>
public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _root = ScratchClusters.Create("embedded");
    private readonly string _binDir = PostgresBinaries.Find() ?? throw new InvalidOperationException("PostgreSQL binaries are required.");

    [Fact]
    public async Task Data_survives_a_stop_and_a_second_start()
    {
        var first = new EmbeddedPostgres(_root, _binDir, NullLogger.Instance);
        await first.StartAsync();
        await ExecuteAsync(first.ConnectionString, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
        await first.StopAsync();

        Assert.False(File.Exists(Path.Combine(_root, "pgdata", "postmaster.pid")));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(first.ConnectionString, "SELECT 1"));

        var second = new EmbeddedPostgres(_root, _binDir, NullLogger.Instance);
        await second.StartAsync();
        try
        {
            Assert.Equal(first.Port, second.Port);
            Assert.Equal(42, await ScalarAsync(second.ConnectionString, "SELECT v FROM kept"));
        }
        finally
        {
            await second.StopAsync();
        }
    }

    [Fact]
    public async Task A_cluster_left_by_a_dead_owner_is_adopted_and_stopped_by_the_adopter()
    {
        var crashed = new EmbeddedPostgres(_root, _binDir, NullLogger.Instance);
        await crashed.StartAsync();
        var postmaster = await File.ReadAllLinesAsync(Path.Combine(_root, "pgdata", "postmaster.pid"));
        // The owner "dies": its pid file now names a process that does not exist.
        await File.WriteAllTextAsync(Path.Combine(_root, "owner.pid"), int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var adopter = new EmbeddedPostgres(_root, _binDir, NullLogger.Instance);
        await adopter.StartAsync();

        // The same server, not a second one.
        Assert.Equal(postmaster[0], (await File.ReadAllLinesAsync(Path.Combine(_root, "pgdata", "postmaster.pid")))[0]);
        Assert.Equal(1, await ScalarAsync(adopter.ConnectionString, "SELECT 1"));
        await adopter.StopAsync();
        Assert.False(File.Exists(Path.Combine(_root, "pgdata", "postmaster.pid")));
    }

    [Fact]
    public async Task A_second_process_shares_a_live_owners_cluster_without_stopping_it()
    {
        var owner = new EmbeddedPostgres(_root, _binDir, NullLogger.Instance);
        await owner.StartAsync();
        try
        {
            // Same process id here, so the owner counts as alive: the CLI beside a running service.
            var guest = new EmbeddedPostgres(_root, _binDir, NullLogger.Instance);
            await guest.StartAsync();
            await guest.StopAsync();

            Assert.Equal(1, await ScalarAsync(owner.ConnectionString, "SELECT 1"));
        }
        finally
        {
            await owner.StopAsync();
        }
    }

    // A failed test may leave the server up: ScratchClusters stops it before removing its files.
    public void Dispose() => ScratchClusters.RemoveAsync(_root, _binDir).GetAwaiter().GetResult();

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
