using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrderStatus.Application.Database;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the whole test run: the server named by <c>ORDERSTATUS_TEST_DB</c>
/// (a connection string whose user may create databases), or else a throwaway cluster started in a
/// temporary directory exactly as the service starts its embedded one, and removed at exit.
/// Holds a migrated template database; each test class clones it into a database of its own, so
/// classes run in parallel without seeing each other's rows.
/// </summary>
public sealed class TestDatabaseServer
{
    public const string EnvironmentVariable = "ORDERSTATUS_TEST_DB";
    private const string TemplateName = "orderstatus_template";
    private const string TempPrefix = "orderstatus-tests-";

    private static readonly Lazy<Task<TestDatabaseServer>> Shared = new(StartAsync);
    private readonly SemaphoreSlim _createLock = new(1, 1);

    private TestDatabaseServer(string serverConnectionString) => ServerConnectionString = serverConnectionString;

    /// <summary>Connection string of the server's maintenance database.</summary>
    public string ServerConnectionString { get; }

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
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        string serverConnectionString;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            serverConnectionString = configured;
        }
        else
        {
            var binDir = PostgresBinaries.Find() ?? throw new InvalidOperationException(
                $"The tests need PostgreSQL: install its server binaries (apt-get install postgresql) or set {EnvironmentVariable}.");
            await ReapOrphanedClustersAsync(binDir);
            var root = Directory.CreateTempSubdirectory(TempPrefix).FullName;
            var cluster = new EmbeddedPostgres(root, binDir, NullLogger.Instance);
            await cluster.StartAsync();
            // The test host may be ended soon after this handler starts, so it only signals the
            // server; whatever it leaves behind the next run's reaper removes.
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                cluster.SignalImmediateShutdown();
                TryDelete(root);
            };
            serverConnectionString = cluster.ConnectionString;
        }

        var server = new TestDatabaseServer(serverConnectionString);
        await server.CreateTemplateAsync();
        return server;
    }

    /// <summary>Stops and removes throwaway clusters of earlier runs whose test process is gone.</summary>
    private static async Task ReapOrphanedClustersAsync(string binDir)
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), TempPrefix + "*"))
        {
            // No owner yet: another run may be creating this cluster right now (initdb); leave it
            // alone unless it has been lying there for a long time.
            if (!File.Exists(Path.Combine(dir, "owner.pid")) && Directory.GetLastWriteTimeUtc(dir) > DateTime.UtcNow.AddHours(-1))
            {
                continue;
            }

            try
            {
                var stale = new EmbeddedPostgres(dir, binDir, NullLogger.Instance);
                if (await stale.StopIfOrphanedAsync())
                {
                    TryDelete(dir);
                }
            }
            catch (InvalidOperationException)
            {
                // pg_ctl refused (a server still starting or stopping): not ours to force; next run.
            }
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Still being written by a server that is shutting down: the next run's reaper retries.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above: left for the next run.
        }
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
