using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OrderStatus.Application.Events;
using OrderStatus.Application.Persistence;
using OrderStatus.Application.Webhooks;

namespace OrderStatus.Application.Observability;

/// <summary>
/// The service's own metrics (meter <see cref="MeterName"/>), next to the framework's HTTP, HttpClient
/// and Npgsql ones: status transitions, webhook delivery outcomes and backlog, change-feed waiters.
/// Exported by OpenTelemetry (Prometheus at <c>/metrics</c>, OTLP when configured).
/// </summary>
public sealed partial class OrderStatusMetrics
{
    public const string MeterName = "OrderStatus";

    /// <summary>How stale the backlog gauge may be: it costs a few index probes, read at most this often.</summary>
    private static readonly TimeSpan BacklogMaxAge = TimeSpan.FromSeconds(10);

    private readonly Counter<long> _transitions;
    private readonly Counter<long> _deliveries;
    private readonly Histogram<double> _deliveryDuration;
    private readonly UpDownCounter<long> _feedWaiters;
    private readonly Counter<long> _reads;
    private readonly IDbContextFactory<OrdersDbContext> _contexts;
    private readonly TimeProvider _clock;
    private readonly ILogger<OrderStatusMetrics> _logger;
    private volatile WebhookStats? _backlog;
    private long _backlogReadAtTicks = DateTimeOffset.MinValue.UtcTicks;
    private int _backlogRefreshing;

    public OrderStatusMetrics(
        IMeterFactory meters, IDbContextFactory<OrdersDbContext> contexts, TimeProvider clock, ILogger<OrderStatusMetrics> logger, Database.ReadOnlyDatabase readOnly)
    {
        _contexts = contexts;
        _clock = clock;
        _logger = logger;
        var meter = meters.Create(MeterName);
        _transitions = meter.CreateCounter<long>(
            "orderstatus.order.transitions", "{transition}", "Committed status changes (and creations), by from and to status.");
        _deliveries = meter.CreateCounter<long>(
            "orderstatus.webhook.deliveries", "{attempt}", "Webhook and status-callback delivery attempts, by outcome (succeeded, retrying, failed) and target (subscription, status_callback).");
        _deliveryDuration = meter.CreateHistogram<double>(
            "orderstatus.webhook.delivery.duration", "s", "Duration of one delivery attempt.");
        _feedWaiters = meter.CreateUpDownCounter<long>(
            "orderstatus.feed.waiters", "{request}", "Change-feed requests waiting (long-polling) for an event right now.");
        _reads = meter.CreateCounter<long>(
            "orderstatus.db.reads", "{read}",
            "Order, status, list and change-feed reads when a read-only standby is configured, by the server that answered (source=standby, primary) and why one meant for the standby went to the primary (reason=served, unusable, stale, not_found, failed, empty_wait).");
        meter.CreateObservableGauge("orderstatus.webhook.backlog", ObserveBacklog, "{message}",
            "Webhook work not yet done across all merchants: outbox messages not fanned out (state=queued) and deliveries waiting for an attempt (state=pending).");
        meter.CreateObservableGauge("orderstatus.db.readonly.lag",
            () => readOnly.LagSeconds is { } lag ? [new Measurement<double>(lag)] : Array.Empty<Measurement<double>>(), "s",
            "Replay lag of the read-only standby at its last check (absent when none is configured or it is unreachable); over Database:ReadOnlyMaxLagSeconds, reads go to the primary.");
        meter.CreateObservableGauge("orderstatus.webhook.backlog.oldest_age", ObserveOldestAge, "s",
            "Age of the oldest queued message or pending delivery (0 when there is none).");
    }

    /// <summary>Counts the status changes among events that have just committed.</summary>
    public void RecordCommitted(IEnumerable<OrderEventRecord> events)
    {
        foreach (var e in events)
        {
            if (e.ToStatus is { } to)
            {
                _transitions.Add(1, new KeyValuePair<string, object?>("from", e.FromStatus ?? "none"), new KeyValuePair<string, object?>("to", to));
            }
        }
    }

    /// <summary>One delivery attempt that has been recorded.</summary>
    public void RecordDelivery(WebhookDeliveryState stateAfter, bool statusCallback, int latencyMs)
    {
        var outcome = stateAfter switch
        {
            WebhookDeliveryState.Succeeded => "succeeded",
            WebhookDeliveryState.Failed => "failed",
            _ => "retrying",
        };
        var target = new KeyValuePair<string, object?>("target", statusCallback ? "status_callback" : "subscription");
        _deliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome), target);
        _deliveryDuration.Record(latencyMs / 1000.0, target);
    }

    /// <summary>
    /// Which server answered a read that may go to the standby (ADR 0016); also tagged on the request's trace as
    /// <c>orderstatus.read.source</c>. Called only when a standby is configured.
    /// </summary>
    public void RecordRead(string source, string reason)
    {
        _reads.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("reason", reason));
        System.Diagnostics.Activity.Current?.SetTag("orderstatus.read.source", source);
    }

    /// <summary>A long-polling feed request starts waiting; dispose the result when it stops.</summary>
    public FeedWaiter WaitingForFeed()
    {
        _feedWaiters.Add(1);
        return new FeedWaiter(_feedWaiters);
    }

    public readonly struct FeedWaiter(UpDownCounter<long> waiters) : IDisposable
    {
        public void Dispose() => waiters.Add(-1);
    }

    private IEnumerable<Measurement<long>> ObserveBacklog()
    {
        RefreshBacklogIfStale();
        return _backlog is { } b
            ? [new(b.Queued, new KeyValuePair<string, object?>("state", "queued")), new(b.Pending, new KeyValuePair<string, object?>("state", "pending"))]
            : [];
    }

    private IEnumerable<Measurement<double>> ObserveOldestAge()
    {
        RefreshBacklogIfStale();
        return _backlog is { } b ? [new(b.OldestPendingAgeSeconds ?? 0)] : [];
    }

    /// <summary>
    /// Gauges are read synchronously at collection time; the database is not. So a collection reports
    /// the last reading and, when that is older than <see cref="BacklogMaxAge"/>, starts one refresh in
    /// the background (the value is at most one collection behind).
    /// </summary>
    private void RefreshBacklogIfStale()
    {
        if (_clock.GetUtcNow().UtcTicks - Interlocked.Read(ref _backlogReadAtTicks) < BacklogMaxAge.Ticks || Interlocked.Exchange(ref _backlogRefreshing, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await using var db = await _contexts.CreateDbContextAsync();
                _backlog = await WebhookMetrics.ReadAsync(db, null, _clock, CancellationToken.None);
                Interlocked.Exchange(ref _backlogReadAtTicks, _clock.GetUtcNow().UtcTicks);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException or ObjectDisposedException)
            {
                LogBacklogUnavailable(_logger, ex.Message);
            }
            finally
            {
                Volatile.Write(ref _backlogRefreshing, 0);
            }
        });
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Debug, Message = "Webhook backlog metric not refreshed: {Reason}")]
    private static partial void LogBacklogUnavailable(ILogger logger, string reason);
}
