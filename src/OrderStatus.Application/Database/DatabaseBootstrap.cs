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
            await EnsureReachableAsync(configured, cancellationToken);
            connection.ConnectionString = configured;
            return null;
        }

        if (!(options.Value.Embedded ?? environment.IsDevelopment()))
        {
            throw new DatabaseUnavailableException(
                $"No database is configured: set ConnectionStrings__Orders to a PostgreSQL connection string. " +
                $"(The embedded PostgreSQL starts by itself only in Development, this is {environment.EnvironmentName}; " +
                "Database__Embedded=true runs it anyway, for trying the service out.)");
        }

        if (options.Value.PostgresBinDirectory is { Length: > 0 } configuredBin && !PostgresBinaries.Contains(configuredBin))
        {
            throw new DatabaseUnavailableException(
                $"Database:PostgresBinDirectory is {configuredBin}, which lacks initdb, pg_ctl or postgres: " +
                "point it at PostgreSQL's bin directory (e.g. /usr/lib/postgresql/15/bin), or leave it empty to search.");
        }

        var binDir = PostgresBinaries.Find(options.Value.PostgresBinDirectory) ?? throw new DatabaseUnavailableException(
            "No database is configured and no PostgreSQL server binaries (initdb, pg_ctl, postgres) were found. " +
            "Either set ConnectionStrings__Orders to a PostgreSQL connection string, " +
            "or install PostgreSQL (Debian: apt-get install postgresql) so that the service can run its own private cluster.");

        var repository = RepositoryRoot(environment.ContentRootPath);
        var embedded = await EmbeddedClusterAsync(options.Value.EmbeddedDataDirectory, repository, binDir, logger, cancellationToken);
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

    /// <summary>
    /// The embedded cluster in <paramref name="configuredRoot"/>, else in <c>.data/postgres</c> of the
    /// repository. When the service runs as root and the <c>postgres</c> OS user cannot reach that
    /// default (a checkout under <c>/root</c>, mode 0700), the cluster lives where it can instead:
    /// <c>/var/lib/postgresql/orderstatus/&lt;checkout&gt;-&lt;hash&gt;</c> (<paramref name="fallbackBase"/>),
    /// one per checkout, kept between runs like the default. A configured directory is never moved.
    /// </summary>
    internal static async Task<EmbeddedPostgres> EmbeddedClusterAsync(
        string? configuredRoot, string repositoryRoot, string binDir, ILogger logger, CancellationToken cancellationToken, string? fallbackBase = null)
    {
        var explicitRoot = !string.IsNullOrWhiteSpace(configuredRoot);
        var root = explicitRoot ? configuredRoot! : Path.Combine(repositoryRoot, ".data", "postgres");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(root))!);
        var embedded = new EmbeddedPostgres(root, binDir, logger);
        if (await embedded.ServerUserCanReachAsync(cancellationToken))
        {
            return embedded;
        }

        if (!explicitRoot)
        {
            var checkout = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(repositoryRoot)))[..12];
            var name = new string(Path.GetFileName(repositoryRoot).Where(char.IsAsciiLetterOrDigit).Take(32).ToArray());
            var moved = Path.Combine(fallbackBase ?? DefaultFallbackBase(), $"{name}-{checkout}");
            Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
            var relocated = new EmbeddedPostgres(moved, binDir, logger);
            if (await relocated.ServerUserCanReachAsync(cancellationToken))
            {
                logger.LogInformation(
                    "The postgres OS user cannot enter {Default}; the embedded cluster of this checkout lives in {Root} instead",
                    root, relocated.Root);
                return relocated;
            }
        }

        throw new DatabaseUnavailableException(
            $"The postgres OS user (PostgreSQL refuses to run as root) cannot enter {Path.GetDirectoryName(embedded.Root)}: " +
            "set Database__EmbeddedDataDirectory to a directory it can reach (e.g. /var/lib/postgresql/orderstatus), " +
            "or give it search permission on every directory above (chmod o+x on each).");
    }

    private static string DefaultFallbackBase() =>
        Directory.Exists("/var/lib/postgresql") ? "/var/lib/postgresql/orderstatus" : Path.Combine(Path.GetTempPath(), "orderstatus-clusters");

    /// <summary>Opens one connection, so that a wrong host, port, password or database is one clear line, not a migration's stack trace.</summary>
    private static async Task EnsureReachableAsync(string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder target;
        try
        {
            target = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new DatabaseUnavailableException($"ConnectionStrings:Orders is not a valid PostgreSQL connection string: {ex.Message}");
        }

        try
        {
            await using var probe = new NpgsqlConnection(connectionString);
            await probe.OpenAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            var reason = ex is PostgresException pg ? pg.MessageText : (ex.InnerException ?? ex).Message;
            throw new DatabaseUnavailableException(
                $"Cannot reach the database {target.Host}:{target.Port}/{target.Database} (ConnectionStrings:Orders): {reason}");
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
