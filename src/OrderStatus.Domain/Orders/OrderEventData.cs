using System.Text.Json.Serialization;

namespace OrderStatus.Domain.Orders;

// The data of each history event type, typed. Stored and sent as JSON (camelCase, the property names), so the
// property names are part of the webhook and feed contract (docs/webhooks.md).

/// <summary>The payload of an <see cref="OrderEvent"/>; one record per event type.</summary>
public abstract record OrderEventData;

/// <summary>ORDER_CREATED.</summary>
public sealed record OrderCreatedData(long Number, string Reference, string Currency, decimal Total, int ItemCount) : OrderEventData;

/// <summary>
/// STATUS_CHANGED: what caused the move, where that is more than the request itself. Fields that do not apply are
/// left out of the JSON.
/// </summary>
public sealed record StatusChangedData : OrderEventData
{
    public static StatusChangedData None { get; } = new();

    /// <summary>The cancellation reason.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary><c>checkpoint</c> (a Delivered scan) or <c>hold_released</c> (the release let a delivery through).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Trigger { get; init; }

    /// <summary>The tracking whose checkpoint delivered the order.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? TrackingId { get; init; }

    /// <summary>The custom status whose effect made the move.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? CustomStatusId { get; init; }

    /// <summary>The custom status the move cleared (it described the previous status).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? ClearedCustomStatusId { get; init; }
}

/// <summary>PAYMENT_RECORDED.</summary>
public sealed record PaymentRecordedData(decimal Amount, string Currency, string? PaymentReference, string? PaymentUrl) : OrderEventData
{
    /// <summary>The payment provider's own status where a surface passes one (Retailys <c>status</c>); absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PaymentStatus { get; init; }
}

/// <summary>FULFILMENT_CODE_SET (the code itself is <see cref="OrderEvent.Code"/>).</summary>
public sealed record FulfilmentCodeSetData(string Name, int? PreviousCode) : OrderEventData;

/// <summary>HOLD_PLACED: the reasons added and all reasons now held.</summary>
public sealed record HoldPlacedData(IReadOnlyList<string> Reasons, IReadOnlyList<string> HoldReasons) : OrderEventData;

/// <summary>HOLD_RELEASED: the reasons released; after a partial release also the reasons still held.</summary>
public sealed record HoldReleasedData(IReadOnlyList<string> Reasons) : OrderEventData
{
    /// <summary>Set when only some reasons were released (a code replacing a code's hold); absent when all were.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? HoldReasons { get; init; }
}

/// <summary>ITEM_ADDED, ITEM_UPDATED, ITEM_REMOVED: the item (as it is now, or was) and the order's new total.</summary>
public sealed record ItemEventData(Guid ItemId, string? Sku, string Name, int Quantity, decimal UnitPrice, decimal LineTotal, decimal Total)
    : OrderEventData;

/// <summary>TRACKING_ADDED, TRACKING_REMOVED.</summary>
public sealed record TrackingEventData(Guid TrackingId, string TrackingNumber, string? Carrier, string? TrackingUrl) : OrderEventData;

/// <summary>CHECKPOINT_ADDED: the tracking, the scan, and the tracking's lifecycle after it.</summary>
public sealed record CheckpointAddedData(
    Guid TrackingId,
    string TrackingNumber,
    string? Carrier,
    string? TrackingUrl,
    Guid CheckpointId,
    string Status,
    string? StatusText,
    string? Location,
    DateTimeOffset OccurredAt,
    string Lifecycle) : OrderEventData;

/// <summary>COLLECTION_STATUS_UPDATED (wire names: <c>COLLECTED</c> …).</summary>
public sealed record CollectionStatusUpdatedData(string CollectionStatus, string? PreviousCollectionStatus) : OrderEventData;

/// <summary>CUSTOM_STATUS_SET.</summary>
public sealed record CustomStatusSetData(Guid CustomStatusId, string? Name, string Effect, Guid? PreviousCustomStatusId) : OrderEventData;

/// <summary>NOTE_ADDED.</summary>
public sealed record NoteAddedData(string Name, string Note, string? Label) : OrderEventData;

/// <summary>ORDER_UPDATED: the wire names of the fields that changed.</summary>
public sealed record OrderUpdatedData(IReadOnlyList<string> ChangedFields) : OrderEventData;
