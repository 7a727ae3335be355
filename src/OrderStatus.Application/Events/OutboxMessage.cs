using System.Text.Json;

namespace OrderStatus.Application.Events;

/// <summary>
/// Transactional outbox: one row per history event, committed with the change. The webhook
/// dispatcher drains it (<c>FOR UPDATE SKIP LOCKED</c>) and fans each message out to the merchant's
/// subscriptions and the order's status callback.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; init; }

    public Guid MerchantId { get; init; }

    public Guid OrderId { get; init; }

    /// <summary>The <see cref="OrderEventRecord.Id"/> this message announces.</summary>
    public Guid EventId { get; init; }

    public required string EventType { get; init; }

    /// <summary>
    /// The webhook body, complete: <c>{id, type, occurredAt, merchantId, order: {status projection}, data}</c>.
    /// Built at write time so a delivery shows the order as it was right after the change.
    /// </summary>
    public required JsonDocument Payload { get; init; }

    /// <summary>The order's <c>statusCallbackUrl</c> when the change committed (null: none), delivered like a subscription.</summary>
    public string? StatusCallbackUrl { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the dispatcher fanned the message out into deliveries; null while pending.</summary>
    public DateTimeOffset? DispatchedAt { get; set; }
}
