using Microsoft.EntityFrameworkCore;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Application.Access;

/// <summary>
/// Operator use cases for merchants and API clients: the command line, the Development demo seed
/// and the tests all go through here.
/// </summary>
public sealed class AccessAdministration(OrdersDbContext db, TimeProvider clock)
{
    public async Task<Merchant> AddMerchantAsync(string name, CancellationToken cancellationToken = default)
    {
        var merchant = new Merchant { Name = RequireName(name), CreatedAt = clock.GetUtcNow() };
        db.Merchants.Add(merchant);
        await db.SaveChangesAsync(cancellationToken);
        return merchant;
    }

    public Task<List<Merchant>> ListMerchantsAsync(CancellationToken cancellationToken = default) =>
        db.Merchants.AsNoTracking().OrderBy(m => m.CreatedAt).ToListAsync(cancellationToken);

    /// <summary>Creates a client; the returned secret is the only copy that will ever exist.</summary>
    public async Task<IssuedCredentials> AddClientAsync(
        Guid merchantId, string name, IReadOnlyCollection<string>? scopes, string? clientId = null, string? secret = null,
        CancellationToken cancellationToken = default)
    {
        await RequireMerchantAsync(merchantId, cancellationToken);

        var granted = NormaliseScopes(scopes);
        secret ??= ClientSecrets.NewSecret();
        var (salt, hash) = ClientSecrets.Hash(secret);
        var now = clock.GetUtcNow();
        var client = new ApiClient
        {
            ClientId = clientId ?? ClientSecrets.NewClientId(),
            MerchantId = merchantId,
            Name = RequireName(name),
            SecretSalt = salt,
            SecretHash = hash,
            Scopes = granted,
            CreatedAt = now,
            SecretChangedAt = now,
        };
        db.ApiClients.Add(client);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedCredentials(client.ClientId, secret, merchantId, granted);
    }

    /// <summary>The merchant's clients, oldest first (revoked ones included, marked as such).</summary>
    public async Task<List<ApiClient>> ListClientsAsync(Guid merchantId, CancellationToken cancellationToken = default)
    {
        await RequireMerchantAsync(merchantId, cancellationToken);
        return await db.ApiClients.AsNoTracking()
            .Where(c => c.MerchantId == merchantId)
            .OrderBy(c => c.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Replaces the client's secret; the old secret and every token issued with it stop working
    /// (tokens within the verification cache's few seconds). The returned secret is the only copy.
    /// </summary>
    public async Task<IssuedCredentials> RotateClientAsync(string clientId, string? secret = null, CancellationToken cancellationToken = default)
    {
        var client = await FindClientAsync(clientId, cancellationToken);
        if (client.RevokedAt is not null)
        {
            throw new AccessAdministrationException($"Client {clientId} is revoked; create a new client instead.");
        }

        secret ??= ClientSecrets.NewSecret();
        (client.SecretSalt, client.SecretHash) = ClientSecrets.Hash(secret);
        client.SecretChangedAt = NextSecretChange(client.SecretChangedAt);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedCredentials(client.ClientId, secret, client.MerchantId, client.Scopes);
    }

    /// <summary>Revokes the client for good: its secret and tokens stop working. Revoking twice is a no-op.</summary>
    public async Task<ApiClient> RevokeClientAsync(string clientId, CancellationToken cancellationToken = default)
    {
        var client = await FindClientAsync(clientId, cancellationToken);
        client.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return client;
    }

    /// <summary>
    /// The Development demo: creates the merchant and client when missing and resets the client's
    /// secret (and un-revokes it) when the configured one differs. Returns what it did.
    /// </summary>
    public async Task<DemoSeedResult> EnsureDemoClientAsync(
        string merchantName, string clientId, string secret, CancellationToken cancellationToken = default)
    {
        var client = await db.ApiClients.SingleOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        if (client is null)
        {
            var merchant = await AddMerchantAsync(merchantName, cancellationToken);
            await AddClientAsync(merchant.Id, "Demo client", null, clientId, secret, cancellationToken);
            return new DemoSeedResult(merchant.Id, DemoSeedAction.Created);
        }

        if (client.RevokedAt is null && ClientSecrets.Verify(secret, client.SecretSalt, client.SecretHash))
        {
            return new DemoSeedResult(client.MerchantId, DemoSeedAction.Unchanged);
        }

        (client.SecretSalt, client.SecretHash) = ClientSecrets.Hash(secret);
        client.SecretChangedAt = NextSecretChange(client.SecretChangedAt);
        client.RevokedAt = null;
        await db.SaveChangesAsync(cancellationToken);
        return new DemoSeedResult(client.MerchantId, DemoSeedAction.SecretReset);
    }

    private async Task<ApiClient> FindClientAsync(string clientId, CancellationToken cancellationToken) =>
        await db.ApiClients.SingleOrDefaultAsync(c => c.ClientId == clientId, cancellationToken)
        ?? throw new AccessAdministrationException($"Client {clientId} does not exist.");

    private async Task RequireMerchantAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        if (!await db.Merchants.AnyAsync(m => m.Id == merchantId, cancellationToken))
        {
            throw new AccessAdministrationException($"Merchant {merchantId} does not exist.");
        }
    }

    /// <summary>
    /// Tokens remember the secret's change time to the microsecond (PostgreSQL's precision); two
    /// rotations within one microsecond must still differ.
    /// </summary>
    private DateTimeOffset NextSecretChange(DateTimeOffset previous)
    {
        var now = clock.GetUtcNow();
        var truncated = new DateTimeOffset(now.Ticks - (now.Ticks % 10), TimeSpan.Zero);
        return truncated > previous ? truncated : previous.AddTicks(10);
    }

    private static string[] NormaliseScopes(IReadOnlyCollection<string>? scopes)
    {
        if (scopes is null || scopes.Count == 0)
        {
            return [.. Scopes.All];
        }

        var unknown = scopes.Where(s => !Scopes.IsKnown(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new AccessAdministrationException(
                $"Unknown scope(s): {string.Join(", ", unknown)}. Known scopes: {string.Join(", ", Scopes.All)}.");
        }

        return [.. scopes.Distinct(StringComparer.Ordinal)];
    }

    private static string RequireName(string name)
    {
        var trimmed = name.Trim();
        return trimmed.Length is > 0 and <= 200
            ? trimmed
            : throw new AccessAdministrationException("A name of 1 to 200 characters is required.");
    }
}

/// <summary>A client's credentials as issued: the secret is shown once and never stored.</summary>
public sealed record IssuedCredentials(string ClientId, string ClientSecret, Guid MerchantId, IReadOnlyList<string> Scopes);

public enum DemoSeedAction
{
    Unchanged,
    Created,
    SecretReset,
}

public sealed record DemoSeedResult(Guid MerchantId, DemoSeedAction Action);

/// <summary>An operator request that cannot be carried out (unknown merchant or client, bad scope).</summary>
public sealed class AccessAdministrationException(string message) : Exception(message);
