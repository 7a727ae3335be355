using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OrderStatus.Application.Access;

namespace OrderStatus.Api.Access;

/// <summary>What a valid access token says about its bearer.</summary>
internal sealed record TokenClaims(
    string ClientId, Guid MerchantId, IReadOnlyList<string> Scopes, long SecretVersion, DateTimeOffset ExpiresAt);

/// <summary>
/// Issues and verifies access tokens: JWTs (RFC 7519) in compact form signed with HS256. Any replica
/// holding the signing key verifies them without shared memory. See docs/decisions/0004.
/// </summary>
internal sealed class AccessTokens(SigningKeyProvider keys, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string Issuer = "orderstatus";
    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""");

    public TimeSpan Lifetime => TimeSpan.FromSeconds(options.Value.TokenLifetimeSeconds);

    public async Task<string> IssueAsync(
        string clientId, Guid merchantId, IReadOnlyList<string> scopes, long secretVersion, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var payload = new TokenPayload
        {
            Issuer = Issuer,
            Subject = clientId,
            MerchantId = merchantId,
            Scope = string.Join(' ', scopes),
            IssuedAt = now.ToUnixTimeSeconds(),
            ExpiresAt = (now + Lifetime).ToUnixTimeSeconds(),
            TokenId = Guid.NewGuid().ToString("N"),
            SecretVersion = secretVersion,
        };
        var signingInput = Base64Url.EncodeToString(Header) + "." +
            Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, TokenJsonContext.Default.TokenPayload));
        var signature = HMACSHA256.HashData(await keys.GetAsync(cancellationToken), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Verifies signature, header, issuer and expiry; returns the claims or why the token is rejected.</summary>
    public async Task<(TokenClaims? Claims, string? Error)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var parts = token.Split('.');
        if (token.Length > 4096 || parts.Length != 3)
        {
            return (null, "The access token is malformed.");
        }

        var expected = HMACSHA256.HashData(await keys.GetAsync(cancellationToken), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        if (!TryDecode(parts[2], out var signature) || !CryptographicOperations.FixedTimeEquals(signature, expected))
        {
            return (null, "The access token's signature is invalid.");
        }

        // The signature is ours, so header and payload were written by IssueAsync; still check the
        // algorithm so that a token from a future format is not misread.
        if (!TryDecode(parts[0], out var header) || !header.AsSpan().SequenceEqual(Header)
            || !TryDecode(parts[1], out var body))
        {
            return (null, "The access token is malformed.");
        }

        TokenPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(body, TokenJsonContext.Default.TokenPayload);
        }
        catch (JsonException)
        {
            return (null, "The access token is malformed.");
        }

        if (payload is null || payload.Issuer != Issuer || payload.Subject is null || payload.MerchantId == Guid.Empty)
        {
            return (null, "The access token is malformed.");
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(payload.ExpiresAt);
        if (clock.GetUtcNow() >= expiresAt)
        {
            return (null, "The access token has expired.");
        }

        var scopes = (payload.Scope ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (new TokenClaims(payload.Subject, payload.MerchantId, scopes, payload.SecretVersion, expiresAt), null);
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || !Base64Url.IsValid(text))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }
}

internal sealed class TokenPayload
{
    [JsonPropertyName("iss")] public string? Issuer { get; init; }

    [JsonPropertyName("sub")] public string? Subject { get; init; }

    [JsonPropertyName("merchant_id")] public Guid MerchantId { get; init; }

    [JsonPropertyName("scope")] public string? Scope { get; init; }

    [JsonPropertyName("iat")] public long IssuedAt { get; init; }

    [JsonPropertyName("exp")] public long ExpiresAt { get; init; }

    [JsonPropertyName("jti")] public string? TokenId { get; init; }

    /// <summary>The client's secret change time (µs since the epoch) when the token was issued.</summary>
    [JsonPropertyName("sv")] public long SecretVersion { get; init; }
}

[JsonSerializable(typeof(TokenPayload))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;

/// <summary>
/// The HMAC key: <c>Auth:TokenSigningKey</c> when configured; otherwise, in Development and Testing
/// only, a random key kept in the database's <c>service_keys</c> table so that every replica on the
/// same database shares it. Anywhere else a missing key stops start-up.
/// </summary>
internal sealed class SigningKeyProvider(IOptions<AuthOptions> options, IHostEnvironment environment, ServiceKeys serviceKeys)
    : IDisposable
{
    public const string ServiceKeyName = "token-signing-key";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

    public async ValueTask<byte[]> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_key is { } key)
        {
            return key;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _key ??= await LoadAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<byte[]> LoadAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.TokenSigningKey))
        {
            byte[] configured;
            try
            {
                configured = Convert.FromBase64String(options.Value.TokenSigningKey);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException("Auth:TokenSigningKey is not valid base64.");
            }

            return configured.Length >= 32
                ? configured
                : throw new InvalidOperationException("Auth:TokenSigningKey must be at least 32 bytes (base64 of 32 random bytes or more).");
        }

        if (environment.IsDevelopment() || environment.IsEnvironment("Testing"))
        {
            return await serviceKeys.GetOrCreateAsync(ServiceKeyName, 32, cancellationToken);
        }

        throw new InvalidOperationException(
            "Auth:TokenSigningKey is not configured. Set it (Auth__TokenSigningKey) to the base64 of at least 32 random bytes, " +
            "the same on every replica; e.g. `openssl rand -base64 32`.");
    }
}
