namespace OrderStatus.Domain.Orders;

/// <summary>History event types (SPEC section 6); a webhook event's type is its history type.</summary>
public static class OrderEventTypes
{
    public const string OrderCreated = "ORDER_CREATED";
    public const string StatusChanged = "STATUS_CHANGED";
    public const string FulfilmentCodeSet = "FULFILMENT_CODE_SET";
    public const string HoldPlaced = "HOLD_PLACED";
    public const string HoldReleased = "HOLD_RELEASED";
    public const string ItemAdded = "ITEM_ADDED";
    public const string ItemUpdated = "ITEM_UPDATED";
    public const string ItemRemoved = "ITEM_REMOVED";
    public const string TrackingAdded = "TRACKING_ADDED";
    public const string TrackingRemoved = "TRACKING_REMOVED";
    public const string CheckpointAdded = "CHECKPOINT_ADDED";
    public const string CollectionStatusUpdated = "COLLECTION_STATUS_UPDATED";
    public const string PaymentRecorded = "PAYMENT_RECORDED";
    public const string CustomStatusSet = "CUSTOM_STATUS_SET";
    public const string NoteAdded = "NOTE_ADDED";

    /// <summary>Customer, addresses, identifiers or callback URL changed (not in SPEC's list, which says "include").</summary>
    public const string OrderUpdated = "ORDER_UPDATED";

    public static IReadOnlyList<string> All { get; } =
    [
        OrderCreated, StatusChanged, FulfilmentCodeSet, HoldPlaced, HoldReleased, ItemAdded, ItemUpdated,
        ItemRemoved, TrackingAdded, TrackingRemoved, CheckpointAdded, CollectionStatusUpdated, PaymentRecorded,
        CustomStatusSet, NoteAdded, OrderUpdated,
    ];
}

/// <summary>
/// One history entry recorded by the aggregate. <see cref="FromStatus"/> / <see cref="ToStatus"/> are set on
/// STATUS_CHANGED (and ToStatus on ORDER_CREATED); <see cref="Code"/> on FULFILMENT_CODE_SET and on a
/// STATUS_CHANGED caused by a code. <see cref="Data"/> is the event type's typed payload (<see cref="OrderEventData"/>),
/// stored and sent as JSON with camelCase names.
/// </summary>
public sealed record OrderEvent(
    Guid Id,
    string Type,
    OrderState? FromStatus,
    OrderState? ToStatus,
    int? Code,
    OrderEventData Data,
    DateTimeOffset OccurredAt);
