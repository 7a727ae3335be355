using OrderStatus.Application.Orders;
using OrderStatus.Application.Statuses;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.Orders;

// Request bodies of the canonical API (its wire shapes). Every field is nullable so that a missing one is reported
// by the validator with its name rather than by the JSON binder. Each turns into the use case's input in domain
// types (ToCommand …); the rules on values live with the use cases (OrderValidators), these types only say what
// must be present and which wire names exist (OrderRequestValidators). Unknown members are refused
// (ICanonicalRequest, StrictCanonicalBodies).

/// <summary>A canonical request body: unknown members answer 400 naming the member.</summary>
public interface ICanonicalRequest;

public sealed record CreateOrderRequest : ICanonicalRequest
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

    public CreateOrder ToCommand() => new()
    {
        Reference = Reference,
        Currency = Currency ?? string.Empty,
        Items = [.. (Items ?? []).Select(i => i.ToDetails())],
        ExternalOrderId = ExternalOrderId,
        CustomerNumber = CustomerNumber,
        Channel = Channel,
        Customer = Customer,
        ShippingAddress = ShippingAddress,
        BillingAddress = BillingAddress,
        StatusCallbackUrl = StatusCallbackUrl,
        ClientCreatedAt = ClientCreatedAt,
        ClientUpdatedAt = ClientUpdatedAt,
    };
}

public sealed record ItemRequest : ICanonicalRequest
{
    public string? Sku { get; init; }

    public string? Name { get; init; }

    public int? Quantity { get; init; }

    /// <summary>At most the currency's minor-unit decimals.</summary>
    public decimal? UnitPrice { get; init; }

    public string? Note { get; init; }

    /// <summary>Presence is checked by the wire validator; missing values become ones the use case refuses.</summary>
    public ItemDetails ToDetails() => new(Sku, Name ?? string.Empty, Quantity ?? 0, UnitPrice ?? -1, Note);
}

/// <summary>PATCH of an order's details: a field that is absent or null keeps its value; objects are replaced as a whole.</summary>
public sealed record UpdateOrderRequest : ICanonicalRequest
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

    public OrderDetailsPatch ToCommand() => new()
    {
        ExternalOrderId = ExternalOrderId,
        CustomerNumber = CustomerNumber,
        Channel = Channel,
        Customer = Customer,
        ShippingAddress = ShippingAddress,
        BillingAddress = BillingAddress,
        StatusCallbackUrl = StatusCallbackUrl,
        ClientCreatedAt = ClientCreatedAt,
        ClientUpdatedAt = ClientUpdatedAt,
    };
}

public sealed record PaidRequest : ICanonicalRequest
{
    /// <summary>Defaults to the order total.</summary>
    public decimal? Amount { get; init; }

    public string? PaymentReference { get; init; }

    public string? PaymentUrl { get; init; }

    public TargetStatusChange ToChange() => StatusChange.Paid(Amount, PaymentReference, PaymentUrl);
}

public sealed record TrackingRequest : ICanonicalRequest
{
    public string? TrackingNumber { get; init; }

    public string? Carrier { get; init; }

    public string? TrackingUrl { get; init; }

    public TrackingDetails ToDetails() => new(TrackingNumber ?? string.Empty, Carrier, TrackingUrl);
}

public sealed record SentRequest : ICanonicalRequest
{
    public TrackingRequest? Tracking { get; init; }

    public TargetStatusChange ToChange() => StatusChange.Sent(Tracking?.ToDetails());
}

public sealed record CancelRequest : ICanonicalRequest
{
    public string? Reason { get; init; }

    public TargetStatusChange ToChange() => StatusChange.Cancelled(Reason);
}

/// <summary>The generic status change: exactly one of <c>status</c>, <c>code</c>, <c>customStatusId</c>.</summary>
public sealed record StatusChangeRequest : ICanonicalRequest
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

    /// <summary>The status or code as a change; null when the request names a custom status.</summary>
    public StatusChange? ToChange()
    {
        var tracking = Tracking?.ToDetails();
        if (Code is { } code)
        {
            return StatusChange.Fulfilment(code, tracking, HoldReason);
        }

        return OrderStates.TryParseWireName(Status, out var target)
            ? new TargetStatusChange(target)
            {
                Amount = Amount,
                PaymentReference = PaymentReference,
                PaymentUrl = PaymentUrl,
                Reason = Reason,
                Tracking = tracking,
            }
            : null;
    }
}

public sealed record HoldRequest : ICanonicalRequest
{
    /// <summary>Default: ON_HOLD.</summary>
    public IReadOnlyList<string>? Reasons { get; init; }

    public HoldReasons ToCommand() => new(Reasons);
}

public sealed record CheckpointRequest : ICanonicalRequest
{
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>Pending, Transit, Customs, LastMile, ReadyToCollect, Delivered, SentBack, Returned, Failed, Cancelled.</summary>
    public string? Status { get; init; }

    public string? StatusText { get; init; }

    public string? Location { get; init; }

    public CheckpointDetails ToDetails() => new(
        OccurredAt ?? default,
        WireNames.TryParseLifecycle(Status, out var lifecycle) ? lifecycle : (TrackingLifecycle)(-1),
        StatusText,
        Location);
}

public sealed record CollectionStatusRequest : ICanonicalRequest
{
    /// <summary>COLLECTED, DELIVERED or RETURNED.</summary>
    public string? CollectionStatus { get; init; }
}

public sealed record NoteRequest : ICanonicalRequest
{
    public string? Name { get; init; }

    public string? Note { get; init; }

    public string? Label { get; init; }

    public OrderNote ToCommand() => new(Name ?? string.Empty, Note ?? string.Empty, Label);
}

public sealed record CustomStatusRequest : ICanonicalRequest
{
    public string? Name { get; init; }

    public string? Color { get; init; }

    public string? Icon { get; init; }

    public int? Sort { get; init; }

    /// <summary>none (default), done or cancelled.</summary>
    public string? Effect { get; init; }

    public CustomStatusDefinition ToCommand() => new(
        Name ?? string.Empty,
        Color,
        Icon,
        Sort ?? 0,
        Effect is null ? CustomStatusEffect.None : CustomStatusEffects.TryParse(Effect, out var effect) ? effect : (CustomStatusEffect)(-1));
}
