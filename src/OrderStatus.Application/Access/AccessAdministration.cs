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
        if (!await db.Merchants.AnyAsync(m => m.Id == merchantId, cancellationToken))
        {
            throw new AccessAdministrationException($"Merchant {merchantId} does not exist.");
        }

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

/// <summary>An operator request that cannot be carried out (unknown merchant or client, bad scope).</summary>
public sealed class AccessAdministrationException(string message) : Exception(message);
