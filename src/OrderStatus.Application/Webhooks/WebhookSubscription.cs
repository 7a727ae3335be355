using OrderStatus.Application.Persistence;

namespace OrderStatus.Application.Webhooks;

/// <summary>A merchant's webhook: where to POST which history events, and the secret that signs them.</summary>
public sealed class WebhookSubscription : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid MerchantId { get; init; }

    public required string Url { get; set; }

    /// <summary>History event types (<c>OrderEventTypes</c>), or the single wildcard <c>*</c>.</summary>
    public string[] EventTypes { get; set; } = [];

    public string? Description { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>The signing secret. Stored as is: signing needs it, unlike a client secret that is only verified.</summary>
    public required string Secret { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Failed attempts in a row; a success resets it, reaching the configured threshold disables the subscription.</summary>
    public int ConsecutiveFailures { get; set; }

    /// <summary>When the dispatcher disabled the subscription after repeated failure (null: not disabled by it).</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    public string? DisabledReason { get; set; }

    public bool Matches(string eventType) =>
        EventTypes.Contains(WebhookEventTypes.Wildcard, StringComparer.Ordinal) || EventTypes.Contains(eventType, StringComparer.Ordinal);
}

/// <summary>The secret that signs a merchant's per-order status callbacks.</summary>
public sealed class MerchantCallbackSecret : ITenantOwned
{
    public Guid MerchantId { get; init; }

    public required string Secret { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset RotatedAt { get; set; }
}

/// <summary>The state of a delivery.</summary>
public enum WebhookDeliveryState
{
    /// <summary>Waiting for its (next) attempt.</summary>
    Pending,

    /// <summary>A 2xx was received.</summary>
    Succeeded,

    /// <summary>Given up: retried for the configured time, or the target is not acceptable at all.</summary>
    Failed,
}

/// <summary>
/// One outbox message on its way to one target: a subscription, or (<see cref="SubscriptionId"/> null)
/// the order's status callback URL.
/// </summary>
public sealed class WebhookDelivery : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid MerchantId { get; init; }

    /// <summary>The subscription delivered to; null for a per-order status callback.</summary>
    public Guid? SubscriptionId { get; init; }

    /// <summary>The outbox message delivered; orders deliveries of one order to one target.</summary>
    public long OutboxMessageId { get; init; }

    public Guid EventId { get; init; }

    public required string EventType { get; init; }

    public Guid OrderId { get; init; }

    /// <summary>Where the delivery goes: the subscription's URL as of the last attempt, or the order's callback URL.</summary>
    public required string Url { get; set; }

    /// <summary>The body sent, copied from the outbox message so a delivery never depends on the outbox being kept.</summary>
    public required System.Text.Json.JsonDocument Payload { get; init; }

    public WebhookDeliveryState State { get; set; } = WebhookDeliveryState.Pending;

    public int AttemptCount { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>A dispatcher's lease while it sends; another dispatcher skips the row until it expires.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; set; }

    public int? LastStatusCode { get; set; }

    public int? LastLatencyMs { get; set; }

    public string? LastError { get; set; }

    /// <summary>The delivery this one re-sends (manual redelivery), if any.</summary>
    public Guid? RedeliveryOf { get; init; }

    public List<WebhookDeliveryAttempt> Attempts { get; init; } = [];
}

/// <summary>One HTTP attempt of a delivery, kept for the merchant to inspect.</summary>
public sealed class WebhookDeliveryAttempt : ITenantOwned
{
    public long Id { get; init; }

    public Guid DeliveryId { get; init; }

    public Guid MerchantId { get; init; }

    public int Number { get; init; }

    public DateTimeOffset AttemptedAt { get; init; }

    public int? StatusCode { get; init; }

    public int LatencyMs { get; init; }

    public string? Error { get; init; }

    public bool Succeeded { get; init; }

    /// <summary>When the next attempt is due (null: none, the delivery succeeded or was given up).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
}
