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

/// <summary>A new order with its items; it starts in status <c>created</c> at version 1.</summary>
public sealed record CreateOrderRequest : ICanonicalRequest
{
    /// <summary>The merchant's own order number, unique per merchant.</summary>
    public string? Reference { get; init; }

    /// <summary>ISO 4217, e.g. EUR.</summary>
    public string? Currency { get; init; }

    /// <summary>The order's items (at most 500); the total is their sum.</summary>
    public IReadOnlyList<ItemRequest>? Items { get; init; }

    /// <summary>Another system's id of the order (e.g. the shop's); a list filter.</summary>
    public string? ExternalOrderId { get; init; }

    /// <summary>The merchant's customer number; a list filter.</summary>
    public string? CustomerNumber { get; init; }

    /// <summary>The sales channel (e.g. <c>webshop</c>); a list filter.</summary>
    public string? Channel { get; init; }

    public Customer? Customer { get; init; }

    public Address? ShippingAddress { get; init; }

    public Address? BillingAddress { get; init; }

    /// <summary>Receives this order's webhook events (absolute http(s) URL).</summary>
    public string? StatusCallbackUrl { get; init; }

    /// <summary>The merchant's own creation time, stored and shown as sent; the service does not use it.</summary>
    public DateTimeOffset? ClientCreatedAt { get; init; }

    /// <summary>The merchant's own update time, stored and shown as sent; the service does not use it.</summary>
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

/// <summary>An item (order line).</summary>
public sealed record ItemRequest : ICanonicalRequest
{
    /// <summary>The merchant's article number; optional.</summary>
    public string? Sku { get; init; }

    public string? Name { get; init; }

    /// <summary>At least 1.</summary>
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

/// <summary>The payment: every field optional.</summary>
public sealed record PaidRequest : ICanonicalRequest
{
    /// <summary>Defaults to the order total; more than the total answers 422.</summary>
    public decimal? Amount { get; init; }

    /// <summary>The payment provider's reference of the payment.</summary>
    public string? PaymentReference { get; init; }

    /// <summary>Where the payment can be looked at (the provider's page).</summary>
    public string? PaymentUrl { get; init; }

    public TargetStatusChange ToChange() => StatusChange.Paid(Amount, PaymentReference, PaymentUrl);
}

/// <summary>A tracking (parcel): the carrier's tracking number, unique within the order.</summary>
public sealed record TrackingRequest : ICanonicalRequest
{
    /// <summary>The carrier's tracking number; the same number twice on one order answers 409 <c>duplicate_tracking</c>.</summary>
    public string? TrackingNumber { get; init; }

    public string? Carrier { get; init; }

    public string? TrackingUrl { get; init; }

    public TrackingDetails ToDetails() => new(TrackingNumber ?? string.Empty, Carrier, TrackingUrl);
}

/// <summary>Marks the order sent; optionally attaches a tracking.</summary>
public sealed record SentRequest : ICanonicalRequest
{
    /// <summary>Attached to the order (TRACKING_ADDED), also when the order is already sent.</summary>
    public TrackingRequest? Tracking { get; init; }

    public TargetStatusChange ToChange() => StatusChange.Sent(Tracking?.ToDetails());
}

/// <summary>Cancels the order, with an optional reason (shown as <c>cancelReason</c>).</summary>
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

    /// <summary>A fulfilment code (8–516, see <c>GET /statuses</c>); another number answers 422 with <c>validCodes</c>.</summary>
    public int? Code { get; init; }

    /// <summary>One of the merchant's custom statuses (<c>POST /statuses/custom</c>).</summary>
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

/// <summary>Puts the order on hold.</summary>
public sealed record HoldRequest : ICanonicalRequest
{
    /// <summary>Why (free text, at most 20); default ON_HOLD. Added to the reasons the order already has.</summary>
    public IReadOnlyList<string>? Reasons { get; init; }

    public HoldReasons ToCommand() => new(Reasons);
}

/// <summary>A carrier checkpoint (scan) of a tracking.</summary>
public sealed record CheckpointRequest : ICanonicalRequest
{
    /// <summary>When the carrier recorded it (ISO 8601 with offset).</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>The tracking lifecycle it reports (case and underscores are forgiven: <c>last_mile</c>). Delivered on the order's last open tracking delivers a sent order.</summary>
    public string? Status { get; init; }

    /// <summary>The carrier's own wording.</summary>
    public string? StatusText { get; init; }

    public string? Location { get; init; }

    public CheckpointDetails ToDetails() => new(
        OccurredAt ?? default,
        WireNames.TryParseLifecycle(Status, out var lifecycle) ? lifecycle : (TrackingLifecycle)(-1),
        StatusText,
        Location);
}

/// <summary>The payment's collection status; only on an order that has been paid.</summary>
public sealed record CollectionStatusRequest : ICanonicalRequest
{
    /// <summary>COLLECTED, DELIVERED or RETURNED.</summary>
    public string? CollectionStatus { get; init; }
}

/// <summary>The merchant's own history entry (NOTE_ADDED).</summary>
public sealed record NoteRequest : ICanonicalRequest
{
    /// <summary>A short title.</summary>
    public string? Name { get; init; }

    /// <summary>The text.</summary>
    public string? Note { get; init; }

    /// <summary>An optional tag of the merchant's choice, e.g. <c>support</c>.</summary>
    public string? Label { get; init; }

    public OrderNote ToCommand() => new(Name ?? string.Empty, Note ?? string.Empty, Label);
}

/// <summary>A custom status of the merchant (all fields replaced on update).</summary>
public sealed record CustomStatusRequest : ICanonicalRequest
{
    public string? Name { get; init; }

    /// <summary>For the merchant's dashboards, e.g. <c>#f5a623</c>; not interpreted.</summary>
    public string? Color { get; init; }

    /// <summary>For the merchant's dashboards; not interpreted.</summary>
    public string? Icon { get; init; }

    /// <summary>Display order, ascending (default 0).</summary>
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
