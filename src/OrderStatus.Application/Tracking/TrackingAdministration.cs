using Microsoft.EntityFrameworkCore;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Application.CustomerTracking;

/// <summary>
/// The merchant's side of public tracking: signed links for its orders, the tracking secret's
/// rotation (API and operator command line) and the price switch. The secret itself never leaves
/// the service: links are signed here.
/// </summary>
public sealed class TrackingAdministration(OrdersDbContext db, OrderQueries orders, TrackingSecretProtector protector, TimeProvider clock)
{
    public const int DefaultTtlDays = 90;
    public const int MaxTtlDays = 365;

    /// <summary>The longest grace period a rotation may give the previous secret (7 days).</summary>
    public static readonly TimeSpan MaxGrace = TimeSpan.FromDays(7);

    /// <summary>A signed link's parts for one of the caller's orders (404 for an unknown or foreign order).</summary>
    public async Task<TrackingLinkGrant> IssueLinkAsync(OrderKey key, int? ttlDays, CancellationToken cancellationToken)
    {
        var days = ttlDays ?? DefaultTtlDays;
        if (days is < 1 or > MaxTtlDays)
        {
            throw UseCaseProblem.Invalid("ttlDays", $"ttlDays must be between 1 and {MaxTtlDays} (default {DefaultTtlDays}).");
        }

        var merchantId = db.MerchantId;
        var order = await orders.GetStatusAsync(key, cancellationToken);
        var accountNumber = await db.Merchants.Where(m => m.Id == merchantId).Select(m => m.AccountNumber).SingleAsync(cancellationToken);
        var settings = await GetOrCreateAsync(merchantId, cancellationToken);
        var secret = await protector.UnsealAsync(settings.Secret, cancellationToken);
        if (secret is null)
        {
            // Sealed under a key this service no longer has: start again with a new secret.
            secret = await ReplaceUnreadableSecretAsync(merchantId, cancellationToken);
        }

        // Whole seconds: the signature carries Unix seconds, and the answer must be the expiry it checks.
        var now = clock.GetUtcNow();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(now.AddDays(days).ToUnixTimeSeconds());
        var signature = TrackingLinks.Sign(secret, merchantId, order.Id, expiresAt);
        return new TrackingLinkGrant(accountNumber, order.Reference, signature, expiresAt);
    }

    /// <summary>
    /// Replaces the merchant's tracking secret: links signed before stop working once
    /// <paramref name="grace"/> has passed (zero: at once). Creates the secret when there is none.
    /// </summary>
    public async Task<TrackingSettingsView> RotateSecretAsync(Guid merchantId, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (grace < TimeSpan.Zero || grace > MaxGrace)
        {
            throw UseCaseProblem.Invalid("graceMinutes", $"The grace period must be between 0 and {MaxGrace.TotalMinutes:0} minutes.");
        }

        await GetOrCreateAsync(merchantId, cancellationToken);
        var settings = await Tracked(merchantId).SingleAsync(cancellationToken);
        var now = clock.GetUtcNow();
        settings.PreviousSecret = grace > TimeSpan.Zero ? settings.Secret : null;
        settings.PreviousValidUntil = grace > TimeSpan.Zero ? now + grace : null;
        settings.Secret = await protector.NewSealedSecretAsync(cancellationToken);
        settings.RotatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return TrackingSettingsView.From(settings, now);
    }

    public async Task<TrackingSettingsView> GetSettingsAsync(Guid merchantId, CancellationToken cancellationToken) =>
        TrackingSettingsView.From(await GetOrCreateAsync(merchantId, cancellationToken), clock.GetUtcNow());

    /// <summary>Turns prices on the customer page (items, total) on or off.</summary>
    public async Task<TrackingSettingsView> SetShowPricesAsync(Guid merchantId, bool showPrices, CancellationToken cancellationToken)
    {
        await GetOrCreateAsync(merchantId, cancellationToken);
        var settings = await Tracked(merchantId).SingleAsync(cancellationToken);
        settings.ShowPrices = showPrices;
        await db.SaveChangesAsync(cancellationToken);
        return TrackingSettingsView.From(settings, clock.GetUtcNow());
    }

    private async Task<byte[]> ReplaceUnreadableSecretAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        var settings = await Tracked(merchantId).SingleAsync(cancellationToken);
        var secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(TrackingSecretProtector.SecretLength);
        settings.Secret = await protector.SealAsync(secret, cancellationToken);
        settings.PreviousSecret = null;
        settings.PreviousValidUntil = null;
        settings.RotatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return secret;
    }

    // The caller's merchant (API) or the one an operator names (CLI, whose context has none): the
    // tenant filter is dropped and the merchant named explicitly.
    private IQueryable<MerchantTrackingSettings> Tracked(Guid merchantId) =>
        db.Set<MerchantTrackingSettings>().IgnoreQueryFilters([OrdersDbContext.TenantFilter]).Where(s => s.MerchantId == merchantId);

    /// <summary>The merchant's settings, created race-free (insert if absent) with a new secret on first use.</summary>
    private async Task<MerchantTrackingSettings> GetOrCreateAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        if (merchantId == Guid.Empty || !await db.Merchants.AnyAsync(m => m.Id == merchantId, cancellationToken))
        {
            throw new UseCaseProblem(UseCaseProblemKind.NotFound, "merchant_not_found", $"There is no merchant {merchantId}.");
        }

        var existing = await Tracked(merchantId).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var now = clock.GetUtcNow();
        var sealedSecret = await protector.NewSealedSecretAsync(cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO merchant_tracking_settings (merchant_id, secret, show_prices, created_at, rotated_at)
            VALUES ({merchantId}, {sealedSecret}, FALSE, {now}, {now})
            ON CONFLICT (merchant_id) DO NOTHING
            """, cancellationToken);
        return await Tracked(merchantId).AsNoTracking().SingleAsync(cancellationToken);
    }
}

/// <summary>A signed link's parts; the API turns them into the URL.</summary>
public sealed record TrackingLinkGrant(long AccountNumber, string Reference, string Signature, DateTimeOffset ExpiresAt);

/// <summary>The merchant's tracking settings as the API shows them (never the secret).</summary>
/// <param name="ShowPrices">Whether the customer page and JSON show item prices and the total.</param>
/// <param name="PreviousSecretValidUntil">Links signed with the secret before the last rotation work until then; null when none.</param>
public sealed record TrackingSettingsView(bool ShowPrices, DateTimeOffset SecretRotatedAt, DateTimeOffset? PreviousSecretValidUntil)
{
    public static TrackingSettingsView From(MerchantTrackingSettings settings, DateTimeOffset now) => new(
        settings.ShowPrices,
        settings.RotatedAt,
        settings.PreviousValidUntil is { } until && until > now ? until : null);
}
