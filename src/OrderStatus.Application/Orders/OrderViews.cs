using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Orders;

/// <summary>An order as the API shows it.</summary>
/// <param name="Id">The order's id (a UUID); use it in the order's URLs.</param>
/// <param name="Number">The order's number per merchant (1, 2, 3 …), assigned at creation and never reused: <c>GET /orders/by-number/{number}</c>.</param>
/// <param name="Reference">The merchant's own order number, unique per merchant.</param>
/// <param name="Currency">ISO 4217 code; amounts have the currency's minor-unit precision.</param>
/// <param name="Total">The sum of the items' line totals, recomputed on every item change.</param>
/// <param name="PaidAmount">The amount recorded by <c>POST …/paid</c>; null until paid.</param>
/// <param name="Status">The canonical lifecycle status.</param>
/// <param name="FulfilmentCode">The last fulfilment code set (8–516, see <c>GET /statuses</c>); null when none.</param>
/// <param name="CustomStatus">The merchant's custom status set on the order, if any.</param>
/// <param name="OnHold">True while the order has hold reasons: forward transitions answer 409 <c>order_on_hold</c>.</param>
/// <param name="HoldReasons">Why the order is held (e.g. <c>ON_HOLD</c>); empty when not held.</param>
/// <param name="CollectionStatus">The payment's collection status, set on paid orders only; null until set.</param>
/// <param name="CancelReason">The reason given when the order was cancelled.</param>
/// <param name="StatusCallbackUrl">Receives this order's webhook events (signed with the callback secret).</param>
/// <param name="AllowedNext">The statuses the order may move to from here (empty once final).</param>
/// <param name="ClientCreatedAt">The merchant's own creation time, as sent; the service does not use it.</param>
/// <param name="ClientUpdatedAt">The merchant's own update time, as sent; the service does not use it.</param>
/// <param name="Version">Incremented by every change; the order's ETag is this number in quotes (<c>"3"</c>) — send it as <c>If-Match</c>.</param>
public sealed record OrderView(
    Guid Id,
    long Number,
    string Reference,
    string? ExternalOrderId,
    string? CustomerNumber,
    string? Channel,
    Customer Customer,
    Address? ShippingAddress,
    Address? BillingAddress,
    string Currency,
    IReadOnlyList<ItemView> Items,
    decimal Total,
    decimal? PaidAmount,
    string? PaymentReference,
    string? PaymentUrl,
    string Status,
    int? FulfilmentCode,
    CustomStatusRef? CustomStatus,
    bool OnHold,
    IReadOnlyList<string> HoldReasons,
    string? CollectionStatus,
    string? CancelReason,
    IReadOnlyList<TrackingView> Trackings,
    string? StatusCallbackUrl,
    IReadOnlyList<string> AllowedNext,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClientCreatedAt,
    DateTimeOffset? ClientUpdatedAt,
    long Version)
{
    public static OrderView From(Order order, string? customStatusName) => new(
        order.Id,
        order.Number,
        order.Reference,
        order.ExternalOrderId,
        order.CustomerNumber,
        order.Channel,
        order.Customer,
        order.ShippingAddress,
        order.BillingAddress,
        order.Currency,
        [.. order.Items.Select(ItemView.From)],
        order.Total,
        order.PaidAmount,
        order.PaymentReference,
        order.PaymentUrl,
        order.State.ToWireName(),
        order.FulfilmentCode,
        CustomStatusRef.From(order.CustomStatusId, customStatusName),
        order.OnHold,
        order.HoldReasons,
        order.CollectionStatus?.ToWireName(),
        order.CancelReason,
        [.. order.Trackings.Select(TrackingView.From)],
        order.StatusCallbackUrl,
        [.. order.AllowedNext().Select(s => s.ToWireName())],
        order.CreatedAt,
        order.UpdatedAt,
        order.ClientCreatedAt,
        order.ClientUpdatedAt,
        order.Version);
}

/// <summary>An item (order line).</summary>
/// <param name="Number">The item's number within the order (1, 2, 3 …, never reused there); usable instead of the id in item URLs.</param>
/// <param name="LineTotal">Quantity × unit price.</param>
public sealed record ItemView(Guid Id, int Number, string? Sku, string Name, int Quantity, decimal UnitPrice, decimal LineTotal, string? Note)
{
    public static ItemView From(OrderItem item) =>
        new(item.Id, item.Number, item.Sku, item.Name, item.Quantity, item.UnitPrice, item.LineTotal, item.Note);
}

/// <summary>A tracking (parcel) of the order with its carrier checkpoints, oldest first.</summary>
/// <param name="Number">The tracking's number within the order; usable instead of the id in tracking URLs.</param>
/// <param name="Lifecycle">The parcel's lifecycle, from its latest checkpoint (Pending until the first one).</param>
public sealed record TrackingView(
    Guid Id,
    int Number,
    string? Carrier,
    string TrackingNumber,
    string? TrackingUrl,
    string Lifecycle,
    DateTimeOffset CreatedAt,
    IReadOnlyList<CheckpointView> Checkpoints)
{
    public static TrackingView From(Tracking tracking) => new(
        tracking.Id,
        tracking.Number,
        tracking.Carrier,
        tracking.TrackingNumber,
        tracking.TrackingUrl,
        tracking.Lifecycle.ToString(),
        tracking.CreatedAt,
        [.. tracking.Checkpoints.OrderBy(c => c.OccurredAt).Select(CheckpointView.From)]);
}

/// <summary>A carrier checkpoint (scan) of a tracking.</summary>
/// <param name="Status">The tracking lifecycle this checkpoint reports.</param>
/// <param name="StatusText">The carrier's own wording.</param>
public sealed record CheckpointView(Guid Id, DateTimeOffset OccurredAt, string Status, string? StatusText, string? Location)
{
    public static CheckpointView From(Checkpoint checkpoint) =>
        new(checkpoint.Id, checkpoint.OccurredAt, checkpoint.Status.ToString(), checkpoint.StatusText, checkpoint.Location);
}

/// <summary>The merchant's custom status set on an order (see <c>GET /statuses</c>).</summary>
public sealed record CustomStatusRef(Guid Id, string? Name)
{
    public static CustomStatusRef? From(Guid? id, string? name) => id is { } value ? new(value, name) : null;
}

/// <summary>
/// The small projection dashboards poll (<c>GET /orders/{id}/status</c>); also the <c>order</c> of every
/// webhook body.
/// </summary>
/// <param name="Status">The canonical lifecycle status.</param>
/// <param name="FulfilmentCode">The last fulfilment code set (8–516); null when none.</param>
/// <param name="OnHold">True while the order has hold reasons.</param>
/// <param name="HoldReasons">Why the order is held; empty when not held.</param>
/// <param name="CollectionStatus">The payment's collection status; null until set.</param>
/// <param name="AllowedNext">The statuses the order may move to from here.</param>
/// <param name="Version">The order's version; the ETag is this number in quotes.</param>
public sealed record OrderStatusView(
    Guid Id,
    long Number,
    string Reference,
    string Status,
    int? FulfilmentCode,
    CustomStatusRef? CustomStatus,
    bool OnHold,
    IReadOnlyList<string> HoldReasons,
    string? CollectionStatus,
    IReadOnlyList<TrackingSummary> Trackings,
    IReadOnlyList<string> AllowedNext,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    public static OrderStatusView From(Order order, string? customStatusName) => new(
        order.Id,
        order.Number,
        order.Reference,
        order.State.ToWireName(),
        order.FulfilmentCode,
        CustomStatusRef.From(order.CustomStatusId, customStatusName),
        order.OnHold,
        order.HoldReasons,
        order.CollectionStatus?.ToWireName(),
        [.. order.Trackings.Select(TrackingSummary.From)],
        [.. order.AllowedNext().Select(s => s.ToWireName())],
        order.CreatedAt,
        order.UpdatedAt,
        order.Version);
}

/// <summary>A tracking without its checkpoints.</summary>
/// <param name="Lifecycle">The parcel's lifecycle, from its latest checkpoint.</param>
/// <param name="LastCheckpointAt">When the latest checkpoint happened; null before the first.</param>
public sealed record TrackingSummary(Guid Id, int Number, string? Carrier, string TrackingNumber, string Lifecycle, DateTimeOffset? LastCheckpointAt)
{
    public static TrackingSummary From(Tracking tracking) => new(
        tracking.Id,
        tracking.Number,
        tracking.Carrier,
        tracking.TrackingNumber,
        tracking.Lifecycle.ToString(),
        tracking.Checkpoints.Count == 0 ? null : tracking.Checkpoints.Max(c => c.OccurredAt));
}

/// <summary>A row of an order list: the order without items and trackings.</summary>
/// <param name="Number">The order's number per merchant.</param>
/// <param name="Status">The canonical lifecycle status.</param>
/// <param name="FulfilmentCode">The last fulfilment code set; null when none.</param>
/// <param name="CustomStatusId">The custom status set on the order, if any.</param>
/// <param name="OnHold">True while the order has hold reasons.</param>
/// <param name="CollectionStatus">The payment's collection status; null until set.</param>
/// <param name="Version">The order's version (its ETag without quotes).</param>
public sealed record OrderSummaryView(
    Guid Id,
    long Number,
    string Reference,
    string? ExternalOrderId,
    string? CustomerNumber,
    string? Channel,
    Customer Customer,
    string Currency,
    decimal Total,
    decimal? PaidAmount,
    string Status,
    int? FulfilmentCode,
    Guid? CustomStatusId,
    bool OnHold,
    string? CollectionStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version);

/// <summary>A page of orders, newest first.</summary>
/// <param name="NextCursor">Pass it as <c>cursor</c> (with the same filters) for the next page; null on the last page.</param>
public sealed record OrderPage(IReadOnlyList<OrderSummaryView> Items, string? NextCursor);

/// <summary>One history entry: what changed, who changed it, in which request.</summary>
/// <param name="Type">The event type; a webhook event's type is the same.</param>
/// <param name="FromStatus">The status before a STATUS_CHANGED; else null.</param>
/// <param name="ToStatus">The status after a STATUS_CHANGED (and the first status on ORDER_CREATED); else null.</param>
/// <param name="Code">The fulfilment code, on FULFILMENT_CODE_SET and on a STATUS_CHANGED a code caused.</param>
/// <param name="Data">The event type's details (e.g. the item, the tracking, the payment).</param>
/// <param name="Actor">Who made the change.</param>
/// <param name="RequestId">The <c>X-Request-Id</c> of the request that made the change.</param>
/// <param name="OrderVersion">The order's version after the change.</param>
public sealed record HistoryEntryView(
    Guid Id,
    Guid OrderId,
    string Type,
    string? FromStatus,
    string? ToStatus,
    int? Code,
    System.Text.Json.JsonElement Data,
    ActorView Actor,
    string? RequestId,
    DateTimeOffset OccurredAt,
    long OrderVersion);

/// <summary>Who made a change.</summary>
/// <param name="ClientId">The API client's id; null for the service's own changes.</param>
public sealed record ActorView(string? ClientId);

/// <summary>A page of an order's history, oldest first.</summary>
/// <param name="NextCursor">Pass it as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record HistoryPage(IReadOnlyList<HistoryEntryView> Items, string? NextCursor);
