using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OrderStatus.Application.Access;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Access;

/// <summary>What authentication needs to know about a client. Holds the salted hash, never a secret.</summary>
internal sealed record ClientState(
    string ClientId, Guid MerchantId, string[] Scopes, byte[] SecretSalt, byte[] SecretHash, DateTimeOffset? RevokedAt, long SecretVersion)
{
    public bool IsActive => RevokedAt is null;

    public static long VersionOf(DateTimeOffset secretChangedAt) =>
        (secretChangedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}

/// <summary>
/// Client lookups for authentication, cached for <c>Auth:ClientCacheSeconds</c> (a few seconds) so
/// that a request costs a dictionary read and one HMAC, yet a revocation or rotation made by any
/// process (the CLI included) takes effect within that time. Also records <c>last_used_at</c>, at
/// most once per <c>Auth:LastUsedResolutionSeconds</c> per client.
/// </summary>
internal sealed partial class ClientDirectory(
    IDbContextFactory<OrdersDbContext> contexts,
    IOptions<AuthOptions> options,
    TimeProvider clock,
    ILogger<ClientDirectory> logger) : IDisposable
{
    // Its own bounded cache: a flood of made-up client ids cannot grow it without limit.
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastUseWritten = new(StringComparer.Ordinal);

    public async Task<ClientState?> FindAsync(string clientId, CancellationToken cancellationToken)
    {
        if (clientId.Length is 0 or > 64)
        {
            return null;
        }

        var key = "client:" + clientId;
        if (cache.TryGetValue(key, out ClientState? cached))
        {
            return cached;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.ApiClients.AsNoTracking()
            .Where(c => c.ClientId == clientId)
            .Select(c => new { c.MerchantId, c.Scopes, c.SecretSalt, c.SecretHash, c.RevokedAt, c.SecretChangedAt })
            .SingleOrDefaultAsync(cancellationToken);
        var state = row is null
            ? null
            : new ClientState(clientId, row.MerchantId, row.Scopes, row.SecretSalt, row.SecretHash, row.RevokedAt,
                ClientState.VersionOf(row.SecretChangedAt));

        var ttl = TimeSpan.FromSeconds(options.Value.ClientCacheSeconds);
        if (ttl > TimeSpan.Zero)
        {
            // Unknown ids are cached too (as null), so guessing ids does not reach the database each time.
            cache.Set(key, state, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl, Size = 1 });
        }

        return state;
    }

    /// <summary>The active client whose secret is <paramref name="secret"/>, or null.</summary>
    public async Task<ClientState?> VerifySecretAsync(string clientId, string secret, CancellationToken cancellationToken)
    {
        var state = await FindAsync(clientId, cancellationToken);
        return state is { IsActive: true } && ClientSecrets.Verify(secret, state.SecretSalt, state.SecretHash) ? state : null;
    }

    public void Dispose() => cache.Dispose();

    public async Task RecordUseAsync(string clientId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var resolution = TimeSpan.FromSeconds(options.Value.LastUsedResolutionSeconds);
        if (_lastUseWritten.TryGetValue(clientId, out var last) && now - last < resolution)
        {
            return;
        }

        _lastUseWritten[clientId] = now;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.ApiClients.Where(c => c.ClientId == clientId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedAt, now), cancellationToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or OperationCanceledException)
        {
            // Bookkeeping only: a failed write must not fail the request; the next use retries.
            _lastUseWritten.TryRemove(clientId, out _);
            LogLastUsedFailed(logger, ex, clientId);
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Could not record last use of client {ClientId}")]
    private static partial void LogLastUsedFailed(ILogger logger, Exception exception, string clientId);
}
