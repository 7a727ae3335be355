using System.Text.Json;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Application.Events;

/// <summary>
/// One row of an order's append-only history (SPEC section 6). Written in the same transaction as
/// the change it records, together with its <see cref="OutboxMessage"/>; never updated or deleted.
/// </summary>
public sealed class OrderEventRecord : ITenantOwned
{
    /// <summary>The domain event's id (UUIDv7).</summary>
    public Guid Id { get; init; }

    /// <summary>Insertion order across the whole table; orders an order's history.</summary>
    public long Sequence { get; init; }

    public Guid MerchantId { get; init; }

    public Guid OrderId { get; init; }

    public required string Type { get; init; }

    /// <summary>Wire name of the status before the change (STATUS_CHANGED), else null.</summary>
    public string? FromStatus { get; init; }

    public string? ToStatus { get; init; }

    public int? Code { get; init; }

    /// <summary>The event's data as a JSON object.</summary>
    public required JsonDocument Data { get; init; }

    /// <summary>The API client whose request wrote the event (null for the service itself).</summary>
    public string? ActorClientId { get; init; }

    /// <summary>The X-Request-Id of the request that wrote the event.</summary>
    public string? RequestId { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>The order's version after the change.</summary>
    public long OrderVersion { get; init; }

    /// <summary>
    /// The id of the transaction that wrote the row (set by the database). The change feed orders by
    /// (TxId, Sequence) and shows only rows of transactions older than every running one, so a
    /// cursor never passes a row that commits later (docs/decisions/0006).
    /// </summary>
    public long TxId { get; init; }
}
