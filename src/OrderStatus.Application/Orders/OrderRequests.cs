using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Orders;

// Request bodies of the canonical API. Every field is nullable so that a missing one is reported by the
// validator with its name rather than by the JSON binder.

/// <summary>The descriptive fields an order is created with and a PATCH may change; validated alike.</summary>
public interface IOrderDetailsRequest
{
    string? ExternalOrderId { get; }

    string? CustomerNumber { get; }

    string? Channel { get; }

    Customer? Customer { get; }

    Address? ShippingAddress { get; }

    Address? BillingAddress { get; }

    string? StatusCallbackUrl { get; }
}

public sealed record CreateOrderRequest : IOrderDetailsRequest
{
    /// <summary>The merchant's own order number, unique per merchant.</summary>
    public string? Reference { get; init; }

    /// <summary>ISO 4217, e.g. EUR.</summary>
    public string? Currency { get; init; }

    public IReadOnlyList<ItemRequest>? Items { get; init; }

    public string? ExternalOrderId { get; init; }

    public string? CustomerNumber { get; init; }

    public string? Channel { get; init; }

    public Customer? Customer { get; init; }

    public Address? ShippingAddress { get; init; }

    public Address? BillingAddress { get; init; }

    /// <summary>Receives this order's webhook events (absolute http(s) URL).</summary>
    public string? StatusCallbackUrl { get; init; }

    public DateTimeOffset? ClientCreatedAt { get; init; }

    public DateTimeOffset? ClientUpdatedAt { get; init; }
}

public sealed record ItemRequest
{
    public string? Sku { get; init; }

    public string? Name { get; init; }

    public int? Quantity { get; init; }

    /// <summary>At most the currency's minor-unit decimals.</summary>
    public decimal? UnitPrice { get; init; }

    public string? Note { get; init; }
}

/// <summary>PATCH of an order's details: a field that is absent or null keeps its value; objects are replaced as a whole.</summary>
public sealed record UpdateOrderRequest : IOrderDetailsRequest
{
    public string? ExternalOrderId { get; init; }

    public string? CustomerNumber { get; init; }

    public string? Channel { get; init; }

    public Customer? Customer { get; init; }

    public Address? ShippingAddress { get; init; }

    public Address? BillingAddress { get; init; }

    public string? StatusCallbackUrl { get; init; }

    public DateTimeOffset? ClientCreatedAt { get; init; }

    public DateTimeOffset? ClientUpdatedAt { get; init; }
}

public sealed record PaidRequest
{
    /// <summary>Defaults to the order total.</summary>
    public decimal? Amount { get; init; }

    public string? PaymentReference { get; init; }

    public string? PaymentUrl { get; init; }
}

public sealed record TrackingRequest
{
    public string? TrackingNumber { get; init; }

    public string? Carrier { get; init; }

    public string? TrackingUrl { get; init; }
}

public sealed record SentRequest
{
    public TrackingRequest? Tracking { get; init; }
}

public sealed record CancelRequest
{
    public string? Reason { get; init; }
}

/// <summary>The generic status change: exactly one of <c>status</c>, <c>code</c>, <c>customStatusId</c>.</summary>
public sealed record StatusChangeRequest
{
    /// <summary>created, paid, in_fulfilment, sent, delivered, done or cancelled.</summary>
    public string? Status { get; init; }

    /// <summary>A fulfilment code (8–516).</summary>
    public int? Code { get; init; }

    public Guid? CustomStatusId { get; init; }

    public decimal? Amount { get; init; }

    public string? PaymentReference { get; init; }

    public string? PaymentUrl { get; init; }

    public string? Reason { get; init; }

    public TrackingRequest? Tracking { get; init; }

    /// <summary>With code 256, replaces the default hold reason ON_HOLD.</summary>
    public string? HoldReason { get; init; }
}

public sealed record HoldRequest
{
    /// <summary>Default: ON_HOLD.</summary>
    public IReadOnlyList<string>? Reasons { get; init; }
}

public sealed record CheckpointRequest
{
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>Pending, Transit, Customs, LastMile, ReadyToCollect, Delivered, SentBack, Returned, Failed, Cancelled.</summary>
    public string? Status { get; init; }

    public string? StatusText { get; init; }

    public string? Location { get; init; }
}

public sealed record CollectionStatusRequest
{
    /// <summary>COLLECTED, DELIVERED or RETURNED.</summary>
    public string? CollectionStatus { get; init; }
}

public sealed record NoteRequest
{
    public string? Name { get; init; }

    public string? Note { get; init; }

    public string? Label { get; init; }
}

public sealed record CustomStatusRequest
{
    public string? Name { get; init; }

    public string? Color { get; init; }

    public string? Icon { get; init; }

    public int? Sort { get; init; }

    /// <summary>none (default), done or cancelled.</summary>
    public string? Effect { get; init; }
}

/// <summary>Query of <c>GET /orders</c> (SPEC section 6).</summary>
public sealed record OrderListQuery
{
    public string? Status { get; init; }

    public bool? OnHold { get; init; }

    public string? Reference { get; init; }

    public string? ExternalOrderId { get; init; }

    public string? CustomerNumber { get; init; }

    public string? CustomerEmail { get; init; }

    public string? Channel { get; init; }

    public string? TrackingNumber { get; init; }

    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    public int? Limit { get; init; }

    public string? Cursor { get; init; }
}
