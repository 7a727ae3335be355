using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Orders;

/// <summary>An order as the API shows it.</summary>
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

public sealed record ItemView(Guid Id, int Number, string? Sku, string Name, int Quantity, decimal UnitPrice, decimal LineTotal, string? Note)
{
    public static ItemView From(OrderItem item) =>
        new(item.Id, item.Number, item.Sku, item.Name, item.Quantity, item.UnitPrice, item.LineTotal, item.Note);
}

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

public sealed record CheckpointView(Guid Id, DateTimeOffset OccurredAt, string Status, string? StatusText, string? Location)
{
    public static CheckpointView From(Checkpoint checkpoint) =>
        new(checkpoint.Id, checkpoint.OccurredAt, checkpoint.Status.ToString(), checkpoint.StatusText, checkpoint.Location);
}

public sealed record CustomStatusRef(Guid Id, string? Name)
{
    public static CustomStatusRef? From(Guid? id, string? name) => id is { } value ? new(value, name) : null;
}

/// <summary>
/// The small projection dashboards poll (<c>GET /orders/{id}/status</c>); also the <c>order</c> of every
/// webhook body.
/// </summary>
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

public sealed record OrderPage(IReadOnlyList<OrderSummaryView> Items, string? NextCursor);

/// <summary>One history entry (SPEC section 6).</summary>
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

public sealed record ActorView(string? ClientId);

public sealed record HistoryPage(IReadOnlyList<HistoryEntryView> Items, string? NextCursor);
