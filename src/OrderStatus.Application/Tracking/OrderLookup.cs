namespace OrderStatus.Application.CustomerTracking;

/// <summary>
/// How a public or dialect caller names the order it wants to see. Unlike a command's order key, a
/// lookup may match several orders (an e-mail, a customer number): the newest one the caller may see wins.
/// </summary>
public abstract record OrderLookup
{
    private OrderLookup()
    {
    }

    /// <summary>The merchant's reference, optionally within one sales channel.</summary>
    public sealed record ByReference(string Reference, string? Channel = null) : OrderLookup;

    /// <summary>The canonical id, or else the merchant's external order id with the same text.</summary>
    public sealed record ByIdOrExternalOrderId(Guid Id) : OrderLookup;

    public sealed record ByExternalOrderId(string ExternalOrderId) : OrderLookup;

    /// <summary>A tracking number, optionally of one carrier (compared case-insensitively).</summary>
    public sealed record ByTrackingNumber(string TrackingNumber, string? Carrier) : OrderLookup;

    public sealed record ByTrackingId(Guid TrackingId) : OrderLookup;

    public sealed record ByCustomerNumber(string CustomerNumber) : OrderLookup;

    public sealed record ByCustomerEmail(string Email) : OrderLookup;
}

/// <summary>
/// Who asks: the merchant's own authenticated client (no factor needed), or an anonymous customer
/// naming the merchant by its account number (optional only for tracking-number lookups) and
/// proving one factor.
/// </summary>
public sealed record TrackingRequester(Guid? AuthenticatedMerchantId, long? AccountNumber, TrackingProof Proof)
{
    public static TrackingRequester Merchant(Guid merchantId, long? accountNumber = null) => new(merchantId, accountNumber, TrackingProof.None);

    public static TrackingRequester Customer(long? accountNumber, TrackingProof proof) => new(null, accountNumber, proof);
}

/// <summary>The second factor a customer sends: a link signature <c>s</c>, the recipient's e-mail or the shipping postal code.</summary>
public sealed record TrackingProof(string? Signature, string? Email, string? PostalCode)
{
    public static TrackingProof None { get; } = new(null, null, null);

    public bool IsEmpty => string.IsNullOrEmpty(Signature) && string.IsNullOrWhiteSpace(Email) && string.IsNullOrWhiteSpace(PostalCode);
}

/// <summary>Why a lookup found nothing to show. Every surface shows <see cref="NotFound"/> the same way, whatever the cause.</summary>
public enum TrackingRefusal
{
    /// <summary>No such order, another merchant's, a wrong factor, or a signature for another order.</summary>
    NotFound,

    /// <summary>The signature is not one of ours or has expired (decidable without the order; parcelLab answers 403).</summary>
    BadSignature,
}

/// <summary>The outcome of a lookup: the order as the customer may see it, or why not.</summary>
public sealed record TrackingLookupResult(CustomerOrderView? Order, TrackingRefusal? Refusal)
{
    public bool Found => Order is not null;
}
