using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Application.Database;

/// <summary>Decides which database the process uses, starts the embedded one if needed and migrates.</summary>
public sealed class DatabaseBootstrap(
    IConfiguration configuration,
    IOptions<DatabaseOptions> options,
    DatabaseConnection connection,
    IServiceProvider services,
    IHostEnvironment environment,
    ILogger<DatabaseBootstrap> logger)
{
    public const string ConnectionStringName = "Orders";

    /// <summary>
    /// Makes the database reachable. Returns the embedded cluster when one was started (the caller
    /// disposes it to stop the cluster), or null when a connection string was configured.
    /// </summary>
    public async Task<EmbeddedPostgres?> PrepareAsync(CancellationToken cancellationToken = default)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            connection.ConnectionString = configured;
            return null;
        }

        var binDir = PostgresBinaries.Find(options.Value.PostgresBinDirectory) ?? throw new DatabaseUnavailableException(
            "No database is configured and no PostgreSQL server binaries (initdb, pg_ctl, postgres) were found. " +
            "Either set ConnectionStrings__Orders to a PostgreSQL connection string, " +
            "or install PostgreSQL (Debian: apt-get install postgresql) so that the service can run its own private cluster.");

        var root = options.Value.EmbeddedDataDirectory is { Length: > 0 } dir
            ? dir
            : Path.Combine(RepositoryRoot(environment.ContentRootPath), ".data", "postgres");
        var embedded = new EmbeddedPostgres(root, binDir, logger);
        try
        {
            await embedded.StartAsync(cancellationToken);
            connection.ConnectionString = await EnsureDatabaseAsync(embedded.ConnectionString, options.Value.EmbeddedDatabaseName, cancellationToken);
            return embedded;
        }
        catch
        {
            await embedded.DisposeAsync();
            throw;
        }
    }

    /// <summary>Applies pending migrations inside the provider's execution strategy (retries transient failures).</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            await LegacyMigrationHistory.BaselineAsync(db, logger, ct);
            await db.Database.MigrateAsync(ct);
        }, cancellationToken);
        logger.LogInformation("Database schema is up to date ({Count} migrations)", db.Database.GetMigrations().Count());
    }

    /// <summary>Creates <paramref name="database"/> in the server if it is missing; returns its connection string.</summary>
    public static async Task<string> EnsureDatabaseAsync(string serverConnectionString, string database, CancellationToken cancellationToken)
    {
        await using (var admin = new NpgsqlConnection(serverConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
            exists.Parameters.AddWithValue("name", database);
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", admin);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
    }

    /// <summary>The directory holding OrderStatus.sln above <paramref name="start"/>, or <paramref name="start"/> itself.</summary>
    public static string RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrderStatus.sln")))
            {
                return dir.FullName;
            }
        }

        return start;
    }
}

/// <summary>The service cannot reach or start any database; the message says what to do.</summary>
public sealed class DatabaseUnavailableException(string message) : Exception(message);
