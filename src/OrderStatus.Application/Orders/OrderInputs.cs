using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Orders;

// The inputs of the order use cases, in domain types. Any surface builds these from its own wire shapes; the use
// case validates them (OrderValidators) whoever the caller is. Property names are the canonical wire names, so a
// validation error names the field the canonical API calls so.

/// <summary>A new order. Exactly one of <see cref="Reference"/> and <see cref="ReferenceFromNumber"/>.</summary>
public sealed record CreateOrder
{
    /// <summary>The merchant's own reference, unique per merchant.</summary>
    public string? Reference { get; init; }

    /// <summary>Use the order's number (as a decimal string) as its reference, for surfaces that have none.</summary>
    public bool ReferenceFromNumber { get; init; }

    /// <summary>ISO 4217, e.g. EUR.</summary>
    public required string Currency { get; init; }

    public IReadOnlyList<ItemDetails> Items { get; init; } = [];

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

    internal OrderDetails Details() => new()
    {
        ExternalOrderId = ExternalOrderId,
        CustomerNumber = CustomerNumber,
        Channel = Channel,
        Customer = Customer ?? Customer.Empty,
        ShippingAddress = ShippingAddress,
        BillingAddress = BillingAddress,
        StatusCallbackUrl = StatusCallbackUrl,
        ClientCreatedAt = ClientCreatedAt?.ToUniversalTime(),
        ClientUpdatedAt = ClientUpdatedAt?.ToUniversalTime(),
    };
}

/// <summary>A change of an order's descriptive fields: null keeps a field; objects are replaced as a whole.</summary>
public sealed record OrderDetailsPatch
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

    internal OrderDetails ApplyTo(OrderDetails current) => current with
    {
        ExternalOrderId = ExternalOrderId ?? current.ExternalOrderId,
        CustomerNumber = CustomerNumber ?? current.CustomerNumber,
        Channel = Channel ?? current.Channel,
        Customer = Customer ?? current.Customer,
        ShippingAddress = ShippingAddress ?? current.ShippingAddress,
        BillingAddress = BillingAddress ?? current.BillingAddress,
        StatusCallbackUrl = StatusCallbackUrl ?? current.StatusCallbackUrl,
        ClientCreatedAt = ClientCreatedAt?.ToUniversalTime() ?? current.ClientCreatedAt,
        ClientUpdatedAt = ClientUpdatedAt?.ToUniversalTime() ?? current.ClientUpdatedAt,
    };
}

/// <summary>The reasons of a hold; none means <c>ON_HOLD</c>.</summary>
public sealed record HoldReasons(IReadOnlyList<string>? Reasons);

/// <summary>A merchant's own history entry (NOTE_ADDED).</summary>
public sealed record OrderNote(string Name, string Note, string? Label = null);

/// <summary>Query of the order list (SPEC section 6); every filter is optional and they combine with AND.</summary>
public sealed record OrderListQuery
{
    public OrderState? Status { get; init; }

    public bool? OnHold { get; init; }

    public long? Number { get; init; }

    public string? Reference { get; init; }

    public string? ExternalOrderId { get; init; }

    public string? CustomerNumber { get; init; }

    public string? CustomerEmail { get; init; }

    public string? Channel { get; init; }

    public string? TrackingNumber { get; init; }

    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>1–200, default 50.</summary>
    public int? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    public string? Cursor { get; init; }
}

/// <summary>Query of an order's history.</summary>
public sealed record HistoryQuery(string? Cursor = null, int? Limit = null);
