namespace OrderStatus.Domain.Orders;

/// <summary>The customer. Replaced as a whole on a change, never edited in place (maps as an EF owned / complex type).</summary>
public sealed record Customer(string? Name, string? Email, string? Phone)
{
    public static Customer Empty { get; } = new(null, null, null);
}

/// <summary>A postal address. Replaced as a whole on a change.</summary>
/// <param name="CountryCode">ISO 3166-1 alpha-2 (<c>GB</c>), stored upper case.</param>
public sealed record Address(
    string? Line1,
    string? Line2,
    string? City,
    string? PostalCode,
    string? Region,
    string? CountryCode)
{
    /// <summary>The recipient at this address, when it is not the customer (a gift, a company's goods-in).</summary>
    public string? Name { get; init; }

    /// <summary>The recipient's phone, for the carrier.</summary>
    public string? Phone { get; init; }

    /// <summary>The recipient's email, for the carrier's notifications.</summary>
    public string? Email { get; init; }
}

/// <summary>SPEC section 6; wire names are upper case (<c>COLLECTED</c> …).</summary>
public enum CollectionStatus
{
    Collected,
    Delivered,
    Returned,
}

/// <summary>The lifecycle of one tracking / parcel.</summary>
public enum TrackingLifecycle
{
    Pending,
    Transit,
    Customs,
    LastMile,
    ReadyToCollect,
    Delivered,
    SentBack,
    Returned,
    Failed,
    Cancelled,
}

public static class TrackingLifecycles
{
    /// <summary>
    /// Lifecycles after which a parcel will not move any more. <see cref="TrackingLifecycle.Failed"/> counts
    /// as closed: it means the shipment failed for good (lost, refused); a carrier's transient "failed attempt"
    /// belongs to <see cref="TrackingLifecycle.LastMile"/>. An order is delivered automatically when a
    /// Delivered checkpoint arrives and every other tracking is closed.
    /// </summary>
    public static bool IsClosed(this TrackingLifecycle lifecycle) => lifecycle is
        TrackingLifecycle.Delivered or TrackingLifecycle.SentBack or TrackingLifecycle.Returned
        or TrackingLifecycle.Failed or TrackingLifecycle.Cancelled;
}

/// <summary>What setting a merchant's custom status does to the canonical status (SPEC section 5).</summary>
public enum CustomStatusEffect
{
    None,
    Done,
    Cancelled,
}

/// <summary>Input for a new or replaced item.</summary>
public sealed record ItemDetails(string? Sku, string Name, int Quantity, decimal UnitPrice, string? Note = null);

/// <summary>Input for a new tracking.</summary>
public sealed record TrackingDetails(string TrackingNumber, string? Carrier = null, string? TrackingUrl = null);

/// <summary>Input for a new checkpoint.</summary>
public sealed record CheckpointDetails(
    DateTimeOffset OccurredAt,
    TrackingLifecycle Status,
    string? StatusText = null,
    string? Location = null);

/// <summary>
/// The replaceable descriptive fields of an order. <see cref="Order.UpdateDetails"/> replaces all of them;
/// a PATCH starts from <see cref="Order.CurrentDetails"/> and uses <c>with</c>.
/// </summary>
public sealed record OrderDetails
{
    public string? ExternalOrderId { get; init; }

    public string? CustomerNumber { get; init; }

    public string? Channel { get; init; }

    public Customer Customer { get; init; } = Customer.Empty;

    public Address? ShippingAddress { get; init; }

    public Address? BillingAddress { get; init; }

    public string? StatusCallbackUrl { get; init; }

    public DateTimeOffset? ClientCreatedAt { get; init; }

    public DateTimeOffset? ClientUpdatedAt { get; init; }
}
