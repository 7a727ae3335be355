using Microsoft.EntityFrameworkCore;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Application.Webhooks;

public sealed record NewWebhook(string? Url, IReadOnlyList<string>? EventTypes, string? Description, bool? Active);

/// <summary>A partial update: null leaves a field as it is; an empty description clears it.</summary>
public sealed record WebhookChanges(string? Url, IReadOnlyList<string>? EventTypes, string? Description, bool? Active);

/// <summary>
/// Dispatcher metrics: <see cref="Queued"/> outbox messages not yet fanned out, deliveries
/// <see cref="Pending"/> (waiting or retrying), <see cref="Delivered"/> and given up (<see cref="Failed"/>),
/// and the age of the oldest work not done.
/// </summary>
/// <param name="Queued">Events committed but not yet turned into deliveries.</param>
/// <param name="Pending">Deliveries waiting for their (next) attempt.</param>
/// <param name="OldestPendingAgeSeconds">Age of the oldest queued event or pending delivery; null when there is none.</param>
public sealed record WebhookStats(long Queued, long Pending, long Delivered, long Failed, double? OldestPendingAgeSeconds);

public static class WebhookMetrics
{
    /// <summary>
    /// For one merchant, or (<paramref name="merchantId"/> null) across all of them, as operators see it.
    /// Across all merchants only the backlog is counted (queued, pending: small, indexed sets), not the
    /// all-time delivered and failed totals, which would scan the whole table on every readiness probe.
    /// </summary>
    public static async Task<WebhookStats> ReadAsync(
        Persistence.OrdersDbContext db, Guid? merchantId, TimeProvider clock, CancellationToken cancellationToken)
    {
        var deliveries = db.WebhookDeliveries.IgnoreQueryFilters([OrdersDbContext.TenantFilter]).Where(d => merchantId == null || d.MerchantId == merchantId);
        var outbox = db.OutboxMessages.Where(m => m.DispatchedAt == null && (merchantId == null || m.MerchantId == merchantId));
        var counts = await (merchantId is null ? deliveries.Where(d => d.State == WebhookDeliveryState.Pending) : deliveries)
            .GroupBy(d => d.State)
            .Select(g => new { State = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        var oldestDelivery = await deliveries.Where(d => d.State == WebhookDeliveryState.Pending)
            .OrderBy(d => d.CreatedAt).Select(d => (DateTimeOffset?)d.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var queued = await outbox.LongCountAsync(cancellationToken);
        var oldestQueued = await outbox.OrderBy(m => m.Id).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        DateTimeOffset?[] candidates = [oldestDelivery, oldestQueued];
        var oldest = candidates.Where(c => c is not null).Min();
        return new WebhookStats(
            queued,
            counts.SingleOrDefault(c => c.State == WebhookDeliveryState.Pending)?.Count ?? 0,
            counts.SingleOrDefault(c => c.State == WebhookDeliveryState.Succeeded)?.Count ?? 0,
            counts.SingleOrDefault(c => c.State == WebhookDeliveryState.Failed)?.Count ?? 0,
            oldest is { } o ? Math.Round((clock.GetUtcNow() - o).TotalSeconds, 3) : null);
    }
}

/// <summary>
/// The merchant's webhook use cases. Runs on the caller's tenant-scoped context, so another
/// merchant's subscription or delivery is simply not found.
/// </summary>
public sealed class WebhookAdministration(Persistence.OrdersDbContext db, WebhookTargets targets, TimeProvider clock)
{
    public const int MaxDescriptionLength = 500;

    public async Task<WebhookSubscription> CreateAsync(NewWebhook request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var url = ValidateUrl(request.Url, errors);
        var types = ValidateEventTypes(request.EventTypes, errors);
        var description = ValidateDescription(request.Description, errors);
        ThrowIfAny(errors);

        var now = clock.GetUtcNow();
        var subscription = new WebhookSubscription
        {
            MerchantId = db.MerchantId,
            Url = url!,
            EventTypes = types!,
            Description = description,
            Active = request.Active ?? true,
            Secret = WebhookSignature.NewSecret(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return subscription;
    }

    public Task<List<WebhookSubscription>> ListAsync(CancellationToken cancellationToken) =>
        db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);

    public Task<WebhookSubscription?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);

    public async Task<WebhookSubscription?> UpdateAsync(Guid id, WebhookChanges changes, CancellationToken cancellationToken)
    {
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            return null;
        }

        var errors = new Dictionary<string, string[]>();
        var url = changes.Url is null ? null : ValidateUrl(changes.Url, errors);
        var types = changes.EventTypes is null ? null : ValidateEventTypes(changes.EventTypes, errors);
        var description = changes.Description is null ? null : ValidateDescription(changes.Description, errors);
        ThrowIfAny(errors);

        subscription.Url = url ?? subscription.Url;
        subscription.EventTypes = types ?? subscription.EventTypes;
        if (changes.Description is not null)
        {
            subscription.Description = description;
        }

        if (changes.Active is { } active)
        {
            if (active && !subscription.Active)
            {
                // Re-enabling starts a fresh run; pending deliveries are sent again from now on.
                subscription.ConsecutiveFailures = 0;
                subscription.DisabledAt = null;
                subscription.DisabledReason = null;
            }

            subscription.Active = active;
        }

        subscription.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return subscription;
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        await db.WebhookSubscriptions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) == 1;

    /// <summary>Replaces the signing secret; the returned subscription carries the new one, shown this once.</summary>
    public async Task<WebhookSubscription?> RotateSecretAsync(Guid id, CancellationToken cancellationToken)
    {
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            return null;
        }

        subscription.Secret = WebhookSignature.NewSecret();
        subscription.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return subscription;
    }

    /// <summary>The subscription's deliveries, newest first, with every attempt; null when the subscription is not the caller's.</summary>
    public async Task<List<WebhookDelivery>?> ListDeliveriesAsync(Guid id, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 200)
        {
            throw WebhookValidationException.For("limit", "limit must be between 1 and 200.");
        }

        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == id, cancellationToken))
        {
            return null;
        }

        return await db.WebhookDeliveries.AsNoTracking()
            .Include(d => d.Attempts.OrderBy(a => a.Number))
            .Where(d => d.SubscriptionId == id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Take(limit)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
    }

    /// <summary>Queues the delivery's event for the subscription again, as a new delivery due now.</summary>
    public async Task<WebhookDelivery?> RedeliverAsync(Guid id, Guid deliveryId, CancellationToken cancellationToken)
    {
        var original = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Id == deliveryId && d.SubscriptionId == id)
            .Join(db.WebhookSubscriptions, d => d.SubscriptionId, s => s.Id, (d, s) => new { Delivery = d, s.Url })
            .SingleOrDefaultAsync(cancellationToken);
        if (original is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var copy = new WebhookDelivery
        {
            MerchantId = db.MerchantId,
            SubscriptionId = id,
            OutboxMessageId = original.Delivery.OutboxMessageId,
            EventId = original.Delivery.EventId,
            EventType = original.Delivery.EventType,
            OrderId = original.Delivery.OrderId,
            Url = original.Url,
            Payload = original.Delivery.Payload,
            NextAttemptAt = now,
            CreatedAt = now,
            RedeliveryOf = original.Delivery.Id,
        };
        db.WebhookDeliveries.Add(copy);
        await db.SaveChangesAsync(cancellationToken);
        return copy;
    }

    /// <summary>The merchant's status-callback secret, created on first use.</summary>
    public async Task<MerchantCallbackSecret> GetCallbackSecretAsync(CancellationToken cancellationToken) =>
        await CallbackSecrets.GetOrCreateAsync(db, db.MerchantId, clock, cancellationToken);

    public async Task<MerchantCallbackSecret> RotateCallbackSecretAsync(CancellationToken cancellationToken)
    {
        var secret = await CallbackSecrets.GetOrCreateAsync(db, db.MerchantId, clock, cancellationToken);
        var tracked = await db.MerchantCallbackSecrets.SingleAsync(s => s.MerchantId == secret.MerchantId, cancellationToken);
        tracked.Secret = WebhookSignature.NewSecret();
        tracked.RotatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return tracked;
    }

    public Task<WebhookStats> StatsAsync(CancellationToken cancellationToken) =>
        WebhookMetrics.ReadAsync(db, db.MerchantId, clock, cancellationToken);

    /// <summary>The merchant's status-callback deliveries, newest first, optionally of one order.</summary>
    public async Task<List<WebhookDelivery>> ListCallbackDeliveriesAsync(Guid? orderId, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 200)
        {
            throw WebhookValidationException.For("limit", "limit must be between 1 and 200.");
        }

        var query = db.WebhookDeliveries.AsNoTracking().Include(d => d.Attempts.OrderBy(a => a.Number)).Where(d => d.SubscriptionId == null);
        if (orderId is { } id)
        {
            query = query.Where(d => d.OrderId == id);
        }

        return await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(limit).AsSplitQuery().ToListAsync(cancellationToken);
    }

    private string? ValidateUrl(string? url, Dictionary<string, string[]> errors)
    {
        if (targets.Check(url) is { } problem)
        {
            errors["url"] = [problem];
            return null;
        }

        return url;
    }

    private static string[]? ValidateEventTypes(IReadOnlyList<string>? types, Dictionary<string, string[]> errors)
    {
        if (types is null || types.Count == 0)
        {
            errors["eventTypes"] = ["At least one event type (or \"*\" for all) is required."];
            return null;
        }

        var unknown = types.Where(t => !WebhookEventTypes.IsKnown(t)).ToList();
        if (unknown.Count > 0)
        {
            errors["eventTypes"] = [$"Unknown event type(s): {string.Join(", ", unknown)}. Known: *, {string.Join(", ", Domain.Orders.OrderEventTypes.All)}."];
            return null;
        }

        return types.Contains(WebhookEventTypes.Wildcard) ? [WebhookEventTypes.Wildcard] : [.. types.Distinct(StringComparer.Ordinal)];
    }

    private static string? ValidateDescription(string? description, Dictionary<string, string[]> errors)
    {
        var trimmed = description?.Trim();
        if (trimmed is { Length: > MaxDescriptionLength })
        {
            errors["description"] = [$"The description must be at most {MaxDescriptionLength} characters."];
        }

        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    private static void ThrowIfAny(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new WebhookValidationException(errors);
        }
    }
}

internal static class CallbackSecrets
{
    /// <summary>Reads the merchant's callback secret, creating it race-free (insert if absent) on first use.</summary>
    public static async Task<MerchantCallbackSecret> GetOrCreateAsync(
        Persistence.OrdersDbContext db, Guid merchantId, TimeProvider clock, CancellationToken cancellationToken)
    {
        var existing = await db.MerchantCallbackSecrets.IgnoreQueryFilters([OrdersDbContext.TenantFilter]).AsNoTracking()
            .SingleOrDefaultAsync(s => s.MerchantId == merchantId, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO merchant_callback_secrets (merchant_id, secret, created_at, rotated_at)
            VALUES ({merchantId}, {WebhookSignature.NewSecret()}, {now}, {now})
            ON CONFLICT (merchant_id) DO NOTHING
            """, cancellationToken);
        return await db.MerchantCallbackSecrets.IgnoreQueryFilters([OrdersDbContext.TenantFilter]).AsNoTracking()
            .SingleAsync(s => s.MerchantId == merchantId, cancellationToken);
    }
}
