namespace OrderStatus.Application.Persistence;

/// <summary>How a public (anonymous) request proved which order it may see.</summary>
public enum TrackingGrantKind
{
    /// <summary>A tracking link whose HMAC signature over merchant, order and expiry was verified.</summary>
    SignedLink,

    /// <summary>The merchant's account number, the order reference and a matching e-mail or postal code.</summary>
    SecondFactor,
}

/// <summary>
/// What the public-tracking code hands over once it has verified a signed link or a second factor:
/// the merchant and the one order the anonymous request may read. Constructed only by that
/// verification code, after the check; see <see cref="TenantScope.UseTrackingGrant"/>.
/// </summary>
public sealed record VerifiedTrackingGrant(Guid MerchantId, Guid OrderId, TrackingGrantKind Kind);

/// <summary>
/// The merchant the request's data access is scoped to. It comes from the authenticated caller
/// (<see cref="ICurrentTenant"/>, read from the principal), or — for anonymous public tracking only —
/// from a <see cref="VerifiedTrackingGrant"/>. There is no other way to choose it: the DbContext has
/// no setter for its merchant.
/// </summary>
public sealed class TenantScope(ICurrentTenant? caller)
{
    private Guid? _callerMerchant;
    private VerifiedTrackingGrant? _grant;

    /// <summary>The merchant, or <see cref="Guid.Empty"/> (which matches no tenant row).</summary>
    public Guid MerchantId => CallerMerchant ?? _grant?.MerchantId ?? Guid.Empty;

    /// <summary>The grant an anonymous tracking request was scoped by, if any.</summary>
    public VerifiedTrackingGrant? TrackingGrant => _grant;

    /// <summary>
    /// Public tracking only: scope this anonymous request to the merchant of a grant the tracking code
    /// has just verified. Refused for a request that has an authenticated caller (its merchant stays)
    /// and for a second grant of another merchant.
    /// </summary>
    public void UseTrackingGrant(VerifiedTrackingGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.MerchantId == Guid.Empty)
        {
            throw new ArgumentException("A tracking grant names a merchant.", nameof(grant));
        }

        if (CallerMerchant is not null)
        {
            throw new InvalidOperationException("An authenticated caller's merchant is not replaced by a tracking grant.");
        }

        if (_grant is not null && _grant.MerchantId != grant.MerchantId)
        {
            throw new InvalidOperationException("This request is already scoped to another merchant's tracking grant.");
        }

        _grant = grant;
    }

    // Read from the principal until it names a merchant, then kept (the principal is set once per request).
    private Guid? CallerMerchant => _callerMerchant ??= caller?.MerchantId;
}
