using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrderStatus.Application.Database;

/// <summary>
/// Checks the read-only standby every <see cref="DatabaseOptions.ReadOnlyCheckInterval"/>: is it a standby
/// (in recovery), and how far behind the primary is its replay? Requests only read the outcome
/// (<see cref="ReadOnlyDatabase.IsUsable"/>), so no request pays for the check.
/// </summary>
/// <remarks>
/// Lag is measured on this process's clock, from WAL positions, not from
/// <c>now() - pg_last_xact_replay_timestamp()</c>: that grows while the primary is idle (nothing to replay)
/// and mixes two servers' clocks. Each check samples the primary's flushed WAL position; the standby is then
/// as current as the newest sample its replay position has reached, so its lag is at most the age of that
/// sample (0 when it has replayed everything flushed). A standby behind every sample kept is further behind
/// than the bound.
/// </remarks>
public sealed partial class ReadOnlyMonitor(ReadOnlyDatabase standby, DatabaseConnection primary, ILogger<ReadOnlyMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    private readonly Queue<(DateTimeOffset At, long Lsn)> _samples = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!standby.IsConfigured)
        {
            return;
        }

        var interval = standby.Options.ReadOnlyCheckInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            await CheckOnceAsync(stoppingToken);
            try
            {
                await Task.Delay(interval, standby.Clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One check; reports its outcome to <see cref="ReadOnlyDatabase"/>.</summary>
    internal async Task CheckOnceAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(CheckTimeout);
        long primaryLsn;
        try
        {
            await using var command = primary.DataSource.CreateCommand("SELECT pg_wal_lsn_diff(pg_current_wal_flush_lsn(), '0/0')::bigint");
            primaryLsn = Convert.ToInt64(await command.ExecuteScalarAsync(timeout.Token), CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException
                                   || (ex is OperationCanceledException && !stoppingToken.IsCancellationRequested))
        {
            // Without the primary's position the lag is unknown; reads fail over to nothing better anyway.
            LogCheckFailed(logger, "primary", ex.Message);
            standby.ReportCheck(null, "could not be compared with the primary");
            return;
        }

        var now = standby.Clock.GetUtcNow();
        _samples.Enqueue((now, primaryLsn));
        var window = TimeSpan.FromSeconds(standby.Options.ReadOnlyMaxLagSeconds) + 2 * standby.Options.ReadOnlyCheckInterval;
        while (_samples.Count > 1 && _samples.Peek().At < now - window)
        {
            _samples.Dequeue();
        }

        bool inRecovery;
        long? replayLsn;
        try
        {
            await using var command = standby.DataSource.CreateCommand(
                "SELECT pg_is_in_recovery(), pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint");
            await using var reader = await command.ExecuteReaderAsync(timeout.Token);
            await reader.ReadAsync(timeout.Token);
            inRecovery = reader.GetBoolean(0);
            replayLsn = reader.IsDBNull(1) ? null : Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException
                                   || (ex is OperationCanceledException && !stoppingToken.IsCancellationRequested))
        {
            LogCheckFailed(logger, "standby", ex.Message);
            standby.ReportCheck(null, "is unreachable: " + ex.Message);
            return;
        }

        if (!inRecovery || replayLsn is not { } replay)
        {
            // Promoted, or pointed at a primary: its data may have diverged from ours, and nothing says how far.
            standby.ReportCheck(null, "is not in recovery (not a standby of the primary)");
            return;
        }

        standby.ReportCheck(LagOf(replay, primaryLsn, now) is { } lag ? lag.TotalSeconds : null, Verdict(replay, primaryLsn, now));
    }

    private TimeSpan? LagOf(long replay, long primaryLsn, DateTimeOffset now)
    {
        if (replay >= primaryLsn)
        {
            return TimeSpan.Zero;
        }

        // Samples are in time order and WAL positions only grow: the last one reached is the newest.
        DateTimeOffset? reached = null;
        foreach (var (at, lsn) in _samples)
        {
            if (lsn <= replay)
            {
                reached = at;
            }
        }

        return reached is { } time ? now - time : null;
    }

    private string? Verdict(long replay, long primaryLsn, DateTimeOffset now) => LagOf(replay, primaryLsn, now) switch
    {
        null => "is further behind the primary than every recent sample (or has just started)",
        { } lag when lag.TotalSeconds > standby.Options.ReadOnlyMaxLagSeconds =>
            string.Create(CultureInfo.InvariantCulture, $"is {lag.TotalSeconds:0.#} s behind the primary (bound {standby.Options.ReadOnlyMaxLagSeconds} s)"),
        _ => null,
    };

    [LoggerMessage(EventId = 523, Level = LogLevel.Debug, Message = "Read-only standby check failed on the {Server}: {Reason}")]
    private static partial void LogCheckFailed(ILogger logger, string server, string reason);
}
