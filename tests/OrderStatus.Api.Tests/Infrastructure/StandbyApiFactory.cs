using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrderStatus.Application.Database;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Tests.Infrastructure;

/// <summary>
/// The service on a primary and a streaming hot standby of it (<c>ConnectionStrings:OrdersReadOnly</c>), both
/// throwaway clusters of this fixture alone on loopback, so pausing replay or stopping the standby touches no other
/// test class. The standby is made with <see cref="EmbeddedPostgres.CreateStandbyOfAsync"/> (<c>pg_basebackup -R</c>)
/// after the primary's database is migrated. Both clusters are stopped and deleted on dispose.
/// </summary>
public class StandbyApiFactory : ApiFactory
{
    private const string DatabaseName = "orderstatus";
    private string? _binDir;
    private string? _primaryRoot;
    private string? _standbyRoot;

    public EmbeddedPostgres Primary { get; private set; } = null!;

    public EmbeddedPostgres Standby { get; private set; } = null!;

    public string StandbyConnectionString { get; private set; } = string.Empty;

    /// <summary>The lag bound the app is configured with.</summary>
    public virtual double MaxLagSeconds => 2;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:OrdersReadOnly"] = StandbyConnectionString,
        ["Database:ReadOnlyMaxLagSeconds"] = MaxLagSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Database:ReadOnlyCheckInterval"] = "00:00:00.200",
        ["Database:ReadOnlyRetryAfter"] = "00:00:02",
        // Nothing else writes WAL, so a paused standby's lag is only what the test writes.
        ["Webhooks:DispatcherEnabled"] = "false",
        // The fallback test reads in a loop.
        ["RateLimiting:Enabled"] = "false",
    };

    public ReadOnlyDatabase ReadOnly => Services.GetRequiredService<ReadOnlyDatabase>();

    public override async Task InitializeAsync()
    {
        _binDir = PostgresBinaries.Find() ?? throw new InvalidOperationException(
            "The read-only standby tests need PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup): apt-get install postgresql.");
        await ScratchClusters.ReapAsync(_binDir);
        _primaryRoot = ScratchClusters.Create("primary");
        Primary = new EmbeddedPostgres(_primaryRoot, _binDir, NullLogger.Instance);
        await Primary.StartAsync();
        await TestDatabaseServer.ExecuteAsync(Primary.ConnectionString, $"CREATE DATABASE {DatabaseName}");
        ConnectionString = new NpgsqlConnectionStringBuilder(Primary.ConnectionString) { Database = DatabaseName }.ConnectionString;
        await using (var dataSource = NpgsqlDataSource.Create(ConnectionString))
        {
            var options = new DbContextOptionsBuilder<OrdersDbContext>();
            OrdersDbContext.Configure(options, dataSource);
            await using var db = new OrdersDbContext(options.Options);
            await db.Database.MigrateAsync();
        }

        _standbyRoot = ScratchClusters.Create("standby");
        Standby = new EmbeddedPostgres(_standbyRoot, _binDir, NullLogger.Instance);
        await Standby.CreateStandbyOfAsync(Primary);
        await Standby.StartAsync();
        StandbyConnectionString = new NpgsqlConnectionStringBuilder(Standby.ConnectionString)
        {
            Database = DatabaseName,
            // A standby that does not answer must not hold a request for Npgsql's default 15 s.
            Timeout = 3,
        }.ConnectionString;
        await WaitForReplayAsync();
    }

    protected override async Task ReleaseDatabaseAsync()
    {
        foreach (var root in new[] { _standbyRoot, _primaryRoot })
        {
            if (root is not null && _binDir is not null)
            {
                await ScratchClusters.RemoveAsync(root, _binDir);
            }
        }
    }

    /// <summary>Waits until the standby has replayed everything the primary has flushed now.</summary>
    public async Task WaitForReplayAsync()
    {
        long target;
        await using (var primary = new NpgsqlConnection(ConnectionString))
        {
            await primary.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_wal_lsn_diff(pg_current_wal_flush_lsn(), '0/0')::bigint", primary);
            target = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        await WaitUntilAsync(async () =>
        {
            await using var standby = new NpgsqlConnection(StandbyConnectionString);
            await standby.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint", standby);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) >= target;
        }, "the standby to replay the primary's WAL");
    }

    /// <summary>Stops replay on the standby (it keeps answering queries, with what it had).</summary>
    public Task PauseReplayAsync() => OnStandbyAsync("SELECT pg_wal_replay_pause()");

    public Task ResumeReplayAsync() => OnStandbyAsync("SELECT pg_wal_replay_resume()");

    /// <summary>Waits until the app's monitor lets reads go to the standby.</summary>
    public Task WaitUntilStandbyUsableAsync() => WaitUntilAsync(() => Task.FromResult(ReadOnly.IsUsable), "the standby to be usable");

    public Task WaitUntilStandbyUnusableAsync() => WaitUntilAsync(() => Task.FromResult(!ReadOnly.IsUsable), "the standby to be unusable");

    private async Task OnStandbyAsync(string sql)
    {
        await using var standby = new NpgsqlConnection(StandbyConnectionString);
        await standby.OpenAsync();
        await using var command = new NpgsqlCommand(sql, standby);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                // Still starting.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Waited {seconds} s for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
