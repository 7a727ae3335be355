using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Persistence;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.CustomerTracking;

/// <summary>
/// Public order tracking (SPEC section 7): finds the order a customer (or a merchant's own client)
/// asks for, checks the second factor, and answers the customer-safe projection. Every refusal looks
/// the same and costs the same: one query that returns the few facts the check needs, then the same
/// constant-time comparisons whether or not a row came back (against a decoy when none did).
/// </summary>
public sealed class PublicTracking(OrdersDbContext db, TrackingSecretProtector protector, TimeProvider clock)
{
    /// <summary>Orders one lookup considers (an e-mail or customer number may match many; newest first).</summary>
    private const int MaxCandidates = 20;

    private static readonly Guid DecoyId = Guid.CreateVersion7();
    private byte[]? _decoySecret;

    public async Task<TrackingLookupResult> LookupAsync(OrderLookup lookup, TrackingRequester requester, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var proof = requester.Proof;
        var anonymous = requester.AuthenticatedMerchantId is null;

        // A signature's format and expiry are known without the order, so refusing them reveals nothing about it.
        var badSignature = anonymous && !string.IsNullOrEmpty(proof.Signature)
            && (!TrackingLinks.TryReadExpiry(proof.Signature, out var expiresAt) || expiresAt <= now);

        var candidates = await CandidatesAsync(lookup, requester, cancellationToken);
        var decoy = candidates.Count == 0;
        var granted = new List<(Candidate Candidate, TrackingAccess Access)>();
        foreach (var candidate in decoy ? [await DecoyAsync(cancellationToken)] : candidates)
        {
            var access = await CheckAsync(candidate, requester, now, cancellationToken);
            if (access is { } level && !decoy && !badSignature)
            {
                granted.Add((candidate, level));
            }
        }

        if (badSignature)
        {
            return new TrackingLookupResult(null, TrackingRefusal.BadSignature);
        }

        foreach (var (candidate, access) in granted)
        {
            var order = await db.Orders.IgnoreQueryFilters([OrdersDbContext.TenantFilter]).AsNoTracking()
                .SingleOrDefaultAsync(o => o.Id == candidate.OrderId && o.MerchantId == candidate.MerchantId, cancellationToken);
            if (order is null || !Matches(order, lookup))
            {
                continue;
            }

            return new TrackingLookupResult(
                CustomerOrderView.From(order, candidate.MerchantName, candidate.AccountNumber, access, candidate.ShowPrices), null);
        }

        return new TrackingLookupResult(null, TrackingRefusal.NotFound);
    }

    /// <summary>What the query cannot check: a tracking number's carrier.</summary>
    private static bool Matches(Order order, OrderLookup lookup) => lookup switch
    {
        OrderLookup.ByTrackingNumber { Carrier: { } carrier } byNumber => order.Trackings.Any(t =>
            string.Equals(t.TrackingNumber, byNumber.TrackingNumber.Trim(), StringComparison.Ordinal)
            && string.Equals(t.Carrier?.Trim(), carrier.Trim(), StringComparison.OrdinalIgnoreCase)),
        _ => true,
    };

    private async Task<List<Candidate>> CandidatesAsync(OrderLookup lookup, TrackingRequester requester, CancellationToken cancellationToken)
    {
        // Across merchants on purpose: the merchant is named by the request (account number) or the
        // caller's credentials, and is filtered on explicitly below.
        var orders = db.Orders.IgnoreQueryFilters([OrdersDbContext.TenantFilter]).AsNoTracking();
        if (requester.AuthenticatedMerchantId is { } merchantId)
        {
            orders = orders.Where(o => o.MerchantId == merchantId);
        }
        else if (requester.AccountNumber is null && lookup is not OrderLookup.ByTrackingNumber)
        {
            return [];
        }

        if (requester.AccountNumber is { } account)
        {
            orders = orders.Where(o => db.Merchants.Any(m => m.Id == o.MerchantId && m.AccountNumber == account));
        }

        orders = lookup switch
        {
            OrderLookup.ByReference r when r.Channel is null => orders.Where(o => o.Reference == r.Reference),
            OrderLookup.ByReference r => orders.Where(o => o.Reference == r.Reference && o.Channel == r.Channel),
            OrderLookup.ByIdOrExternalOrderId i => ByIdOrExternalOrderId(orders, i.Id),
            OrderLookup.ByExternalOrderId e => orders.Where(o => o.ExternalOrderId == e.ExternalOrderId),
            OrderLookup.ByTrackingNumber t => orders.Where(o =>
                EF.Property<string[]>(o, OrderConfiguration.TrackingNumbers).Contains(t.TrackingNumber.Trim())),
            OrderLookup.ByTrackingId t => orders.Where(o =>
                EF.Property<List<Tracking>>(o, OrderConfiguration.TrackingsField).Any(x => x.Id == t.TrackingId)),
            OrderLookup.ByCustomerNumber c => orders.Where(o => o.CustomerNumber == c.CustomerNumber),
            OrderLookup.ByCustomerEmail e => orders.Where(o =>
                EF.Property<string?>(o, OrderConfiguration.CustomerEmail) == NormaliseEmail(e.Email)),
            _ => throw new ArgumentOutOfRangeException(nameof(lookup)),
        };

        var settings = db.Set<MerchantTrackingSettings>().IgnoreQueryFilters([OrdersDbContext.TenantFilter]);
        var rows = await (
                from o in orders
                join m in db.Merchants on o.MerchantId equals m.Id
                join s in settings on o.MerchantId equals s.MerchantId into found
                from s in found.DefaultIfEmpty()
                orderby o.CreatedAt descending, o.Id descending
                select new
                {
                    o.Id,
                    o.MerchantId,
                    MerchantName = m.Name,
                    m.AccountNumber,
                    Email = EF.Property<string?>(o, OrderConfiguration.CustomerEmail),
                    PostalCode = o.ShippingAddress == null ? null : o.ShippingAddress.PostalCode,
                    Secret = s == null ? null : s.Secret,
                    PreviousSecret = s == null ? null : s.PreviousSecret,
                    PreviousValidUntil = s == null ? null : s.PreviousValidUntil,
                    ShowPrices = s != null && s.ShowPrices,
                })
            .Take(MaxCandidates)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new Candidate(
            r.Id, r.MerchantId, r.MerchantName, r.AccountNumber, r.Email, r.PostalCode, r.Secret, r.PreviousSecret, r.PreviousValidUntil, r.ShowPrices))];
    }

    private static IQueryable<Order> ByIdOrExternalOrderId(IQueryable<Order> orders, Guid id)
    {
        string lower = id.ToString(), upper = lower.ToUpperInvariant();
        return orders.Where(o => o.Id == id || o.ExternalOrderId == lower || o.ExternalOrderId == upper);
    }

    /// <summary>The access the requester has to <paramref name="candidate"/>, or null. The same work for every candidate.</summary>
    private async Task<TrackingAccess?> CheckAsync(Candidate candidate, TrackingRequester requester, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (requester.AuthenticatedMerchantId is not null)
        {
            return TrackingAccess.Merchant;
        }

        var proof = requester.Proof;
        if (!string.IsNullOrEmpty(proof.Signature))
        {
            var current = await protector.UnsealAsync(candidate.Secret, cancellationToken);
            var previous = await protector.UnsealAsync(candidate.PreviousSecret, cancellationToken);
            var previousValid = candidate.PreviousValidUntil is { } until && now < until;
            var byCurrent = current is not null & TrackingLinks.Verify(current ?? Decoy, candidate.MerchantId, candidate.OrderId, proof.Signature);
            var byPrevious = previousValid & previous is not null
                & TrackingLinks.Verify(previous ?? Decoy, candidate.MerchantId, candidate.OrderId, proof.Signature);
            return byCurrent | byPrevious ? TrackingAccess.Full : null;
        }

        var hasEmail = !string.IsNullOrWhiteSpace(proof.Email);
        var hasPostalCode = !string.IsNullOrWhiteSpace(proof.PostalCode);
        var emailMatches = SameText(NormaliseEmail(proof.Email), candidate.Email);
        var postalMatches = SameText(NormalisePostalCode(proof.PostalCode), NormalisePostalCode(candidate.PostalCode));
        if (hasEmail)
        {
            return emailMatches & (!hasPostalCode | postalMatches) ? TrackingAccess.Full : null;
        }

        return hasPostalCode & postalMatches ? TrackingAccess.PostalCodeOnly : null;
    }

    private byte[] Decoy => _decoySecret ??= RandomNumberGenerator.GetBytes(TrackingSecretProtector.SecretLength);

    /// <summary>A candidate that matches nothing, checked when the query found none, so that both cases do the same work.</summary>
    private async Task<Candidate> DecoyAsync(CancellationToken cancellationToken) => new(
        DecoyId, DecoyId, string.Empty, 0, "\u0000", "\u0000",
        await protector.SealAsync(Decoy, cancellationToken), await protector.SealAsync(Decoy, cancellationToken), DateTimeOffset.MaxValue, false);

    /// <summary>Equal texts, compared in constant time (on their hashes, so that lengths tell nothing). Null equals nothing.</summary>
    private static bool SameText(string? given, string? stored)
    {
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(given ?? string.Empty));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(stored ?? "\u0001"));
        return CryptographicOperations.FixedTimeEquals(a, b) & given is { Length: > 0 };
    }

    /// <summary>As the order store keeps it: trimmed, lower case.</summary>
    public static string? NormaliseEmail(string? email) => email?.Trim().ToLowerInvariant();

    /// <summary>Spaces and case ignored: "n19gu" is "N1 9GU".</summary>
    public static string? NormalisePostalCode(string? postalCode) =>
        postalCode is null ? null : string.Concat(postalCode.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    private sealed record Candidate(
        Guid OrderId,
        Guid MerchantId,
        string MerchantName,
        long AccountNumber,
        string? Email,
        string? PostalCode,
        byte[]? Secret,
        byte[]? PreviousSecret,
        DateTimeOffset? PreviousValidUntil,
        bool ShowPrices);
}
