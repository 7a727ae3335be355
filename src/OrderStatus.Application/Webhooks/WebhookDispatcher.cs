using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderStatus.Application.Observability;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Application.Webhooks;

/// <summary>
/// One round of webhook work, safe to run in several processes at once: fan pending outbox messages
/// out into deliveries (one per matching subscription, plus the order's status callback), then send
/// the deliveries that are due, at most one in flight per order and target so that an order's events
/// arrive in order.
/// </summary>
public sealed partial class WebhookDispatcher(
    IDbContextFactory<OrdersDbContext> contexts,
    IHttpClientFactory httpClients,
    WebhookTargets targets,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    OrderStatusMetrics metrics,
    ILogger<WebhookDispatcher> logger)
{
    public const string HttpClientName = "webhooks";

    private readonly WebhookOptions _options = options.Value;

    /// <summary>Fans out and sends one batch each; returns how much work was done (0: idle).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var fannedOut = await FanOutAsync(cancellationToken);
        var sent = await SendDueAsync(cancellationToken);
        return fannedOut + sent;
    }

    /// <summary>Turns a batch of pending outbox messages into deliveries and marks them dispatched, in one transaction.</summary>
    public async Task<int> FanOutAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Rows another dispatcher holds are skipped, not waited for.
            var messages = await db.OutboxMessages
                .FromSql($"SELECT * FROM outbox_messages WHERE dispatched_at IS NULL ORDER BY id LIMIT {_options.BatchSize} FOR UPDATE SKIP LOCKED")
                .ToListAsync(ct);
            if (messages.Count == 0)
            {
                return 0;
            }

            var merchantIds = messages.Select(m => m.MerchantId).Distinct().ToArray();
            // KEY SHARE: a subscription deleted from now on waits for this commit (then takes the new
            // deliveries with it) instead of failing the whole batch's inserts on their foreign key.
            var subscriptions = await db.WebhookSubscriptions
                .FromSql($"SELECT * FROM webhook_subscriptions WHERE merchant_id = ANY({merchantIds}) AND active FOR KEY SHARE")
                .IgnoreQueryFilters([OrdersDbContext.TenantFilter]).AsNoTracking()
                .ToListAsync(ct);
            var now = clock.GetUtcNow();
            foreach (var message in messages)
            {
                var targetsOfMessage = subscriptions
                    .Where(s => s.MerchantId == message.MerchantId && s.Matches(message.EventType))
                    .Select(s => ((Guid?)s.Id, s.Url))
                    .ToList();
                if (message.StatusCallbackUrl is { Length: > 0 } callback)
                {
                    targetsOfMessage.Add((null, callback));
                }

                foreach (var (subscriptionId, url) in targetsOfMessage)
                {
                    db.WebhookDeliveries.Add(new WebhookDelivery
                    {
                        MerchantId = message.MerchantId,
                        SubscriptionId = subscriptionId,
                        OutboxMessageId = message.Id,
                        EventId = message.EventId,
                        EventType = message.EventType,
                        OrderId = message.OrderId,
                        Url = url,
                        Payload = message.Payload,
                        NextAttemptAt = now,
                        CreatedAt = now,
                    });
                }

                message.DispatchedAt = now;
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return messages.Count;
        }, cancellationToken);
    }

    /// <summary>Claims the due deliveries (a lease, committed at once), sends them concurrently and records the outcomes.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var targetsOf = await LoadTargetsAsync(claimed, cancellationToken);
        var outcomes = await Task.WhenAll(claimed.Select(d =>
        {
            // A subscription deleted meanwhile takes its deliveries with it (cascade); nothing to send.
            if (!targetsOf.TryGetValue((d.MerchantId, d.SubscriptionId), out var target))
            {
                return Task.FromResult<AttemptOutcome?>(null);
            }

            d.Url = target.Url ?? d.Url;
            return SendAsync(d, target.Secret, cancellationToken);
        }));
        await RecordAsync(claimed, outcomes, cancellationToken);
        return claimed.Count;
    }

    private async Task<List<WebhookDelivery>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var leaseUntil = now + _options.RequestTimeout + TimeSpan.FromSeconds(30);
        // A delivery is due when its time has come, no dispatcher holds it, its subscription is
        // active, and nothing older for the same order and target is still pending — neither a
        // delivery nor an outbox message not yet fanned out.
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE webhook_deliveries d SET locked_until = @lease_until
            FROM (
                SELECT c.id FROM webhook_deliveries c
                LEFT JOIN webhook_subscriptions s ON s.id = c.subscription_id
                WHERE c.state = 'Pending' AND c.next_attempt_at <= @now
                  AND (c.locked_until IS NULL OR c.locked_until <= @now)
                  AND (c.subscription_id IS NULL OR s.active)
                  AND NOT EXISTS (
                      SELECT 1 FROM webhook_deliveries p
                      WHERE p.order_id = c.order_id AND p.subscription_id IS NOT DISTINCT FROM c.subscription_id
                        AND p.state = 'Pending' AND p.id <> c.id
                        AND (p.outbox_message_id, p.created_at, p.id) < (c.outbox_message_id, c.created_at, c.id))
                  AND NOT EXISTS (
                      SELECT 1 FROM outbox_messages o
                      WHERE o.dispatched_at IS NULL AND o.order_id = c.order_id AND o.id < c.outbox_message_id)
                ORDER BY c.next_attempt_at, c.outbox_message_id
                LIMIT @batch
                FOR UPDATE OF c SKIP LOCKED
            ) due
            WHERE d.id = due.id
            RETURNING d.id
            """, (NpgsqlConnection)db.Database.GetDbConnection());
        command.Parameters.AddWithValue("lease_until", leaseUntil);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("batch", _options.BatchSize);
        var ids = new List<Guid>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        if (ids.Count == 0)
        {
            return [];
        }

        return await db.WebhookDeliveries.IgnoreQueryFilters([OrdersDbContext.TenantFilter]).AsNoTracking().Where(d => ids.Contains(d.Id)).ToListAsync(cancellationToken);
    }

    /// <summary>Each target's secret, and for subscriptions their current URL (a changed URL applies to pending deliveries too).</summary>
    private async Task<Dictionary<(Guid MerchantId, Guid? SubscriptionId), (string Secret, string? Url)>> LoadTargetsAsync(
        List<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = new Dictionary<(Guid, Guid?), (string, string?)>();
        var subscriptionIds = deliveries.Where(d => d.SubscriptionId is not null).Select(d => d.SubscriptionId!.Value).Distinct().ToList();
        foreach (var s in await db.WebhookSubscriptions.IgnoreQueryFilters([OrdersDbContext.TenantFilter]).AsNoTracking()
                     .Where(s => subscriptionIds.Contains(s.Id)).Select(s => new { s.Id, s.MerchantId, s.Secret, s.Url }).ToListAsync(cancellationToken))
        {
            found[(s.MerchantId, s.Id)] = (s.Secret, s.Url);
        }

        foreach (var merchantId in deliveries.Where(d => d.SubscriptionId is null).Select(d => d.MerchantId).Distinct())
        {
            found[(merchantId, null)] = ((await CallbackSecrets.GetOrCreateAsync(db, merchantId, clock, cancellationToken)).Secret, null);
        }

        return found;
    }

    private async Task<AttemptOutcome?> SendAsync(WebhookDelivery delivery, string secret, CancellationToken cancellationToken)
    {
        var attemptedAt = clock.GetUtcNow();
        if (targets.Check(delivery.Url) is { } invalid)
        {
            return new AttemptOutcome(attemptedAt, null, 0, invalid, Permanent: true);
        }

        var body = delivery.Payload.RootElement.GetRawText();
        var timestamp = attemptedAt.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("OrderStatus-Webhooks", "1.0"));
        request.Headers.Add(WebhookSignature.EventIdHeader, delivery.EventId.ToString());
        request.Headers.Add(WebhookSignature.EventTypeHeader, delivery.EventType);
        request.Headers.Add(WebhookSignature.DeliveryIdHeader, delivery.Id.ToString());
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));

        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var error = response.IsSuccessStatusCode ? null
                : status is >= 300 and < 400 ? $"HTTP {status}: redirects are not followed."
                : $"HTTP {status}.";
            return new AttemptOutcome(attemptedAt, status, Elapsed(started), error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptOutcome(attemptedAt, null, Elapsed(started), $"Timed out after {_options.RequestTimeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException ex)
        {
            var denied = ex.InnerException as WebhookTargetDeniedException ?? ex.InnerException?.InnerException as WebhookTargetDeniedException;
            return new AttemptOutcome(attemptedAt, null, Elapsed(started), Truncate(denied?.Message ?? ex.Message));
        }
    }

    private async Task RecordAsync(List<WebhookDelivery> claimed, AttemptOutcome?[] sent, CancellationToken cancellationToken)
    {
        var outcomes = claimed.Zip(sent).Where(p => p.Second is not null).ToDictionary(p => p.First.Id, p => (Claimed: p.First, Outcome: p.Second!));
        if (outcomes.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var results = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Lock the deliveries that are still there. One whose subscription was deleted meanwhile went
            // with it (cascade) and is skipped; a deletion from now on waits for this commit. So one
            // subscription's deletion never fails the save of another's outcomes.
            var ids = outcomes.Keys.ToArray();
            var rows = await db.WebhookDeliveries
                .FromSql($"SELECT * FROM webhook_deliveries WHERE id = ANY({ids}) ORDER BY id FOR UPDATE")
                .IgnoreQueryFilters([OrdersDbContext.TenantFilter])
                .ToListAsync(ct);
            var recorded = new List<(WebhookDelivery Delivery, AttemptOutcome Outcome)>();
            foreach (var delivery in rows)
            {
                var (claimedRow, outcome) = outcomes[delivery.Id];
                delivery.Url = claimedRow.Url; // may have followed the subscription's URL
                delivery.AttemptCount++;
                delivery.LockedUntil = null;
                delivery.LastStatusCode = outcome.StatusCode;
                delivery.LastLatencyMs = outcome.LatencyMs;
                delivery.LastError = outcome.Error;
                if (outcome.Succeeded)
                {
                    delivery.State = WebhookDeliveryState.Succeeded;
                    delivery.NextAttemptAt = null;
                    delivery.CompletedAt = now;
                }
                else if (outcome.Permanent || now - delivery.CreatedAt >= _options.RetryFor)
                {
                    delivery.State = WebhookDeliveryState.Failed;
                    delivery.NextAttemptAt = null;
                    delivery.CompletedAt = now;
                }
                else
                {
                    delivery.NextAttemptAt = now + Backoff(delivery.AttemptCount);
                }

                db.WebhookDeliveryAttempts.Add(new WebhookDeliveryAttempt
                {
                    DeliveryId = delivery.Id,
                    MerchantId = delivery.MerchantId,
                    Number = delivery.AttemptCount,
                    AttemptedAt = outcome.AttemptedAt,
                    StatusCode = outcome.StatusCode,
                    LatencyMs = outcome.LatencyMs,
                    Error = outcome.Error,
                    Succeeded = outcome.Succeeded,
                    NextAttemptAt = delivery.NextAttemptAt,
                });
                recorded.Add((delivery, outcome));
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return recorded;
        }, cancellationToken);

        foreach (var (delivery, outcome) in results)
        {
            metrics.RecordDelivery(delivery.State, statusCallback: delivery.SubscriptionId is null, outcome.LatencyMs);
            if (!outcome.Succeeded)
            {
                LogAttemptFailed(logger, delivery.Id, delivery.EventId, delivery.AttemptCount, outcome.Error, delivery.NextAttemptAt);
            }
        }

        await UpdateSubscriptionHealthAsync(db, results, now, cancellationToken);
    }

    /// <summary>Resets or counts each subscription's run of failures (atomically: other dispatchers count too) and disables it at the threshold.</summary>
    private async Task UpdateSubscriptionHealthAsync(
        OrdersDbContext db, List<(WebhookDelivery Delivery, AttemptOutcome Outcome)> results, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var bySubscription = results
            .Where(r => r.Delivery.SubscriptionId is not null)
            .GroupBy(r => r.Delivery.SubscriptionId!.Value)
            .ToList();

        // Every subscription with a success in this batch starts its count again: one statement for all of them,
        // touching only rows that had failures (the usual case, a healthy receiver, writes nothing). One
        // statement per subscription was most of a batch's round trips with many merchants (bench S7).
        var healthy = bySubscription.Where(g => g.Any(r => r.Outcome.Succeeded)).Select(g => g.Key).ToArray();
        if (healthy.Length > 0)
        {
            await db.WebhookSubscriptions.IgnoreQueryFilters([OrdersDbContext.TenantFilter])
                .Where(s => healthy.Contains(s.Id) && s.ConsecutiveFailures > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConsecutiveFailures, 0), cancellationToken);
        }

        foreach (var group in bySubscription.Where(g => !g.Any(r => r.Outcome.Succeeded)))
        {
            var id = group.Key;
            var subscriptions = db.WebhookSubscriptions.IgnoreQueryFilters([OrdersDbContext.TenantFilter]).Where(s => s.Id == id);
            var failures = group.Count();
            var threshold = _options.DisableAfterConsecutiveFailures;
            await subscriptions.ExecuteUpdateAsync(s => s.SetProperty(x => x.ConsecutiveFailures, x => x.ConsecutiveFailures + failures), cancellationToken);
            var reason = $"Disabled after {threshold} consecutive failed deliveries; last error: {group.Last().Outcome.Error}";
            var disabled = await subscriptions
                .Where(s => s.Active && s.ConsecutiveFailures >= threshold)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Active, false)
                    .SetProperty(x => x.DisabledAt, now)
                    .SetProperty(x => x.DisabledReason, Truncate(reason, 500))
                    .SetProperty(x => x.UpdatedAt, now), cancellationToken);
            if (disabled == 1)
            {
                LogSubscriptionDisabled(logger, id, threshold);
            }
        }
    }

    /// <summary>Exponential backoff with "equal jitter": half the delay fixed, half random, capped.</summary>
    internal TimeSpan Backoff(int attempts)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(exponential, _options.RetryMaxDelay.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter spreads retries; it needs no unpredictability.
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
#pragma warning restore CA5394
    }

    private static int Elapsed(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    private static string Truncate(string text, int length = 1000) => text.Length <= length ? text : text[..length];

    private sealed record AttemptOutcome(DateTimeOffset AttemptedAt, int? StatusCode, int LatencyMs, string? Error, bool Permanent = false)
    {
        public bool Succeeded => Error is null;
    }

    [LoggerMessage(EventId = 501, Level = LogLevel.Information,
        Message = "Webhook delivery {DeliveryId} of event {EventId} failed (attempt {Attempt}): {Error}; next attempt {NextAttemptAt}")]
    private static partial void LogAttemptFailed(ILogger logger, Guid deliveryId, Guid eventId, int attempt, string? error, DateTimeOffset? nextAttemptAt);

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning,
        Message = "Webhook subscription {SubscriptionId} disabled after {Threshold} consecutive failed deliveries")]
    private static partial void LogSubscriptionDisabled(ILogger logger, Guid subscriptionId, int threshold);
}
