using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderStatus.Application.Database;
using OrderStatus.Application.Events;
using OrderStatus.Application.Observability;
using OrderStatus.Application.Persistence;
using OrderStatus.Application.Webhooks;

namespace OrderStatus.Application.Feed;

public sealed record FeedPage(IReadOnlyList<OrderEventRecord> Events, FeedCursor NextCursor);

/// <summary>
/// The merchant's history events in commit order, for dashboards. Rows are ordered by (writing
/// transaction id, sequence) and only rows of transactions older than every transaction still running
/// are shown, so nothing can later commit behind a cursor (docs/decisions/0006); a cursor taken with
/// <see cref="LatestAsync"/> also remembers the transactions that were running, which may still commit
/// events below its position.
/// </summary>
/// <remarks>
/// With a read-only standby configured (ADR 0016), pages are read there while it is usable: its snapshot's
/// horizon covers exactly the transactions it has replayed, so a page from it never skips an event, and a cursor
/// from either server is valid on the other (transaction ids are the primary's). A standby that lags only delays
/// events, except where the delay would outlast the request: a long-poll about to wait (the NOTIFY that would wake
/// it may have fired already, for an event the standby has not replayed) first asks the primary, and so does every
/// read after a wake-up that the standby answers with nothing. <see cref="LatestAsync"/> is always the primary's.
/// </remarks>
public sealed class ChangeFeed(
    OrdersDbContext db,
    OrderEventNotifications notifications,
    TimeProvider clock,
    OrderStatusMetrics metrics,
    ReadOnlyDatabase standby,
    TenantScope tenant)
{
    public const int MaxLimit = 500;
    public const int MaxWaitSeconds = 30;

    /// <summary>While committed events wait behind an older open transaction, look again this often.</summary>
    private static readonly TimeSpan PendingRecheck = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// A cursor after every event committed now and before every event committed later: where a
    /// dashboard starts. Taken from one snapshot: events of transactions that had ended are behind it,
    /// those of transactions still running (whatever their id) and of later ones ahead of it.
    /// </summary>
    public async Task<FeedCursor> LatestAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("""
                SELECT (pg_snapshot_xmax(s)::text)::bigint,
                       ARRAY(SELECT (x::text)::bigint FROM pg_snapshot_xip(s) x ORDER BY 1)
                FROM pg_current_snapshot() s
                """, (NpgsqlConnection)db.Database.GetDbConnection());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var xmax = reader.GetInt64(0);
            var running = reader.GetFieldValue<long[]>(1);
            return new FeedCursor(xmax, 0, running.Length <= FeedCursor.MaxPending ? running : throw new InvalidOperationException(
                $"{running.Length} transactions are running; a feed cursor holds at most {FeedCursor.MaxPending}."));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Checks a feed request's parameters; every way of reading the feed (a cursor, the start, <c>latest</c>) refuses
    /// the same bad values.
    /// </summary>
    public static void EnsureValid(int limit, IReadOnlyCollection<string>? types, TimeSpan wait)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw WebhookValidationException.For("limit", $"limit must be between 1 and {MaxLimit}.");
        }

        if (wait < TimeSpan.Zero || wait > TimeSpan.FromSeconds(MaxWaitSeconds))
        {
            throw WebhookValidationException.For("wait", $"wait must be between 0 and {MaxWaitSeconds} seconds.");
        }

        if (types?.FirstOrDefault(t => !Domain.Orders.OrderEventTypes.All.Contains(t, StringComparer.Ordinal)) is { } unknown)
        {
            throw WebhookValidationException.For("types", $"Unknown event type '{unknown}'.");
        }
    }

    /// <summary>
    /// The next page after <paramref name="after"/>; when it is empty and <paramref name="wait"/> is
    /// positive, waits (woken by NOTIFY) until an event becomes visible or the wait is over.
    /// </summary>
    public async Task<FeedPage> ReadAsync(
        FeedCursor after, int limit, IReadOnlyCollection<string>? types, TimeSpan wait, CancellationToken cancellationToken)
    {
        EnsureValid(limit, types, wait);
        var deadline = clock.GetUtcNow() + wait;
        while (true)
        {
            // Taken before reading, so a commit between the read and the wait is not missed.
            var signal = notifications.NextForMerchant(db.MerchantId);
            // An empty page is final only from the primary when the request would otherwise wait.
            var willWait = deadline - clock.GetUtcNow() > TimeSpan.Zero;
            var (page, behindHorizon) = await ReadRoutedAsync(after, limit, types, emptyNeedsPrimary: willWait, cancellationToken);
            var remaining = deadline - clock.GetUtcNow();
            if (page.Events.Count > 0 || remaining <= TimeSpan.Zero)
            {
                return page;
            }

            after = page.NextCursor;
            // Committed but behind an older open transaction: no new NOTIFY will come for it, so look again soon.
            var delay = behindHorizon && remaining > PendingRecheck ? PendingRecheck : remaining;
            try
            {
                using var waiting = metrics.WaitingForFeed();
                await signal.WaitAsync(delay, clock, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Time to look again (or the wait is over, and the next read answers).
            }
        }
    }

    /// <summary>
    /// The page from the standby when it is usable and has events (or when <paramref name="emptyNeedsPrimary"/> is
    /// false, whatever it has), else from the primary.
    /// </summary>
    private async Task<(FeedPage Page, bool BehindHorizon)> ReadRoutedAsync(
        FeedCursor after, int limit, IReadOnlyCollection<string>? types, bool emptyNeedsPrimary, CancellationToken cancellationToken)
    {
        if (!standby.IsConfigured)
        {
            return await ReadPageAsync(db, after, limit, types, cancellationToken);
        }

        string reason;
        if (!standby.IsUsable)
        {
            reason = "unusable";
        }
        else
        {
            try
            {
                await using var replica = standby.Lease(tenant);
                var read = await ReadPageAsync(replica, after, limit, types, cancellationToken);
                if (read.Page.Events.Count > 0 || !emptyNeedsPrimary)
                {
                    metrics.RecordRead("standby", "served");
                    return read;
                }

                // Nothing newer on the standby, and the request is about to wait: the primary may have it already.
                after = read.Page.NextCursor;
                reason = "empty_wait";
            }
            catch (Exception ex) when (Orders.OrderReads.IsStandbyFailure(ex))
            {
                if (Orders.OrderReads.IsServerDown(ex))
                {
                    standby.ReportFailure(ex);
                }

                reason = "failed";
            }
        }

        metrics.RecordRead("primary", reason);
        return await ReadPageAsync(db, after, limit, types, cancellationToken);
    }

    /// <summary>The page, and whether committed events of the merchant are waiting behind the horizon (worth re-reading soon).</summary>
    private static async Task<(FeedPage Page, bool BehindHorizon)> ReadPageAsync(
        OrdersDbContext db, FeedCursor after, int limit, IReadOnlyCollection<string>? types, CancellationToken cancellationToken)
    {
        var horizon = await VisibleHorizonAsync(db, cancellationToken);
        var query = After(db.OrderEvents.AsNoTracking().Where(e => e.TxId < horizon), after);
        if (types is { Count: > 0 })
        {
            query = query.Where(e => types.Contains(e.Type));
        }

        var events = await query.OrderBy(e => e.TxId).ThenBy(e => e.Sequence).Take(limit).ToListAsync(cancellationToken);
        if (events.Count > 0)
        {
            return (new FeedPage(events, after.After(events[^1].TxId, events[^1].Sequence)), false);
        }

        // Nothing visible after the cursor: it may move up to the horizon, since everything below is final.
        var next = after.AdvancedTo(horizon);
        var behind = await After(db.OrderEvents, next).AnyAsync(cancellationToken);
        return (new FeedPage(events, next), behind);
    }

    /// <summary>
    /// The events still to come after <paramref name="cursor"/>: after its position in feed order, or
    /// of one of its pending transactions (of the first, after its pending sequence).
    /// </summary>
    private static IQueryable<OrderEventRecord> After(IQueryable<OrderEventRecord> events, FeedCursor cursor)
    {
        var (txId, sequence) = (cursor.TxId, cursor.Sequence);
        if (cursor.Pending.Count == 0)
        {
            return events.Where(e => e.TxId > txId || (e.TxId == txId && e.Sequence > sequence));
        }

        var (first, firstSequence) = (cursor.Pending[0], cursor.PendingSequence);
        var others = cursor.Pending.Skip(1).ToArray();
        return events.Where(e => e.TxId > txId || (e.TxId == txId && e.Sequence > sequence)
                                 || (e.TxId == first && e.Sequence > firstSequence) || others.Contains(e.TxId));
    }

    /// <summary>The oldest transaction id still running (or the next to be assigned): every transaction below it has finished.</summary>
    private static async Task<long> VisibleHorizonAsync(OrdersDbContext db, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<long>($"SELECT (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint AS \"Value\"")
            .SingleAsync(cancellationToken);
}
