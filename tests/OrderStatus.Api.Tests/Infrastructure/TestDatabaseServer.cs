using DotNet.Testcontainers.Builders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrderStatus.Application.Database;
using OrderStatus.Application.Persistence;
using Testcontainers.PostgreSql;

namespace OrderStatus.Api.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the whole test run, the first that applies of: the server named by
/// <c>ORDERSTATUS_TEST_DB</c> (a connection string whose user may create databases); a Testcontainers
/// PostgreSQL container when a Docker engine answers; a throwaway cluster started from the machine's
/// PostgreSQL binaries in a temporary directory exactly as the service starts its embedded one.
/// <c>ORDERSTATUS_TEST_SERVER=embedded|testcontainers</c> forces one of the last two. The choice is
/// printed once. Holds a migrated template database; each test class clones it into a database of
/// its own, so classes run in parallel without seeing each other's rows.
/// </summary>
public sealed class TestDatabaseServer
{
    public const string EnvironmentVariable = "ORDERSTATUS_TEST_DB";
    public const string ServerChoiceVariable = "ORDERSTATUS_TEST_SERVER";
    private const string TemplateName = "orderstatus_template";

    private static readonly Lazy<Task<TestDatabaseServer>> Shared = new(StartAsync);
    private readonly SemaphoreSlim _createLock = new(1, 1);

    private TestDatabaseServer(string serverConnectionString, string description)
    {
        ServerConnectionString = serverConnectionString;
        Description = description;
    }

    /// <summary>Connection string of the server's maintenance database.</summary>
    public string ServerConnectionString { get; }

    /// <summary>Which server this is, as printed at the start of the run.</summary>
    public string Description { get; }

    public static Task<TestDatabaseServer> GetAsync() => Shared.Value;

    /// <summary>A new database cloned from the migrated template; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = DatabaseName("t", purpose);
        // Cloning needs no other session on the template; serialising clones keeps that simple.
        await _createLock.WaitAsync();
        try
        {
            await ExecuteAsync(ServerConnectionString, $"CREATE DATABASE \"{name}\" TEMPLATE {TemplateName}");
        }
        finally
        {
            _createLock.Release();
        }

        return WithDatabase(name);
    }

    /// <summary>A new, empty database (no migrations).</summary>
    public async Task<string> CreateEmptyDatabaseAsync(string purpose)
    {
        var name = DatabaseName("e", purpose);
        await ExecuteAsync(ServerConnectionString, $"CREATE DATABASE \"{name}\"");
        return WithDatabase(name);
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(ServerConnectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>A unique, readable identifier within PostgreSQL's 63-byte limit.</summary>
    private static string DatabaseName(string prefix, string purpose)
    {
        var readable = new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(24).ToArray());
        return $"{prefix}_{readable}_{Guid.NewGuid():N}";
    }

    public string WithDatabase(string name) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<TestDatabaseServer> StartAsync()
    {
        var server = await ChooseAsync();
        TestRunFramework.Announce($"PostgreSQL for this run: {server.Description}");
        await server.CreateTemplateAsync();
        return server;
    }

    private static async Task<TestDatabaseServer> ChooseAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var target = new NpgsqlConnectionStringBuilder(configured);
            return new TestDatabaseServer(configured, $"server from {EnvironmentVariable} ({target.Host}:{target.Port})");
        }

        var choice = Environment.GetEnvironmentVariable(ServerChoiceVariable)?.Trim().ToLowerInvariant();
        switch (choice)
        {
            case null or "" or "auto":
                return DockerEngine.Unavailable is null
                    ? await StartContainerAsync("Docker engine answered")
                    : await StartClusterAsync($"no Docker engine answers: {DockerEngine.Unavailable}");
            case "testcontainers":
                return await StartContainerAsync($"{ServerChoiceVariable}=testcontainers");
            case "embedded":
                return await StartClusterAsync($"{ServerChoiceVariable}=embedded");
            default:
                throw new InvalidOperationException($"{ServerChoiceVariable} must be embedded, testcontainers or empty, not '{choice}'.");
        }
    }

    /// <summary>PostgreSQL 15 in a container; Testcontainers' resource reaper removes it when the run ends.</summary>
    private static async Task<TestDatabaseServer> StartContainerAsync(string why)
    {
        var container = DockerEngine.NewPostgreSqlContainer();
        await container.StartAsync();
        return new TestDatabaseServer(container.GetConnectionString(), $"in a Testcontainers container {DockerEngine.Image} ({why})");
    }

    private static async Task<TestDatabaseServer> StartClusterAsync(string why)
    {
        var binDir = PostgresBinaries.Find() ?? throw new InvalidOperationException(
            $"The tests need PostgreSQL: install its server binaries (apt-get install postgresql), start a Docker engine, or set {EnvironmentVariable}.");
        await ScratchClusters.ReapAsync(binDir);
        var root = ScratchClusters.Create("server");
        var cluster = new EmbeddedPostgres(root, binDir, NullLogger.Instance);
        await cluster.StartAsync();
        // After the last test: stop the server (immediate: it is thrown away) and delete its directory.
        // If the host is killed before, the stamp in the directory lets the next run's reaper do it.
        TestRunFramework.AtEnd(() => ScratchClusters.RemoveAsync(root, binDir));
        return new TestDatabaseServer(cluster.ConnectionString, $"embedded throwaway cluster in {root} ({why})");
    }

    private async Task CreateTemplateAsync()
    {
        await ExecuteAsync(ServerConnectionString, $"DROP DATABASE IF EXISTS {TemplateName} WITH (FORCE)");
        await ExecuteAsync(ServerConnectionString, $"CREATE DATABASE {TemplateName}");
        var templateConnection = WithDatabase(TemplateName);
        await using (var dataSource = NpgsqlDataSource.Create(templateConnection))
        {
            var options = new DbContextOptionsBuilder<OrdersDbContext>();
            OrdersDbContext.Configure(options, dataSource);
            await using var db = new OrdersDbContext(options.Options);
            await db.Database.MigrateAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }
}

/// <summary>Whether a Docker engine answers here, asked once per run through Testcontainers' own endpoint discovery.</summary>
public static class DockerEngine
{
    public const string Image = "postgres:15-alpine";

    private static readonly Lazy<string?> Probe = new(() =>
    {
        try
        {
            // Build() resolves the Docker endpoint (DOCKER_HOST, a docker context, the default
            // socket) and throws when none answers; it creates nothing yet.
            _ = NewPostgreSqlContainer();
            return null;
        }
        catch (DockerUnavailableException ex)
        {
            return ex.Message.Split('\n')[0].Trim();
        }
    });

    /// <summary>Null when an engine answers; otherwise why not (Testcontainers' message).</summary>
    public static string? Unavailable => Probe.Value;

    public static PostgreSqlContainer NewPostgreSqlContainer() => new PostgreSqlBuilder(Image).Build();
}
