using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrderStatus.Application.Access;

namespace OrderStatus.Api.Access;

/// <summary>What a valid access token says about its bearer.</summary>
internal sealed record TokenClaims(
    string ClientId, Guid MerchantId, IReadOnlyList<string> Scopes, long SecretVersion, DateTimeOffset ExpiresAt);

/// <summary>
/// Issues and verifies access tokens with Microsoft.IdentityModel.JsonWebTokens: JWTs (RFC 7519)
/// signed with HS256 under the shared key, so any replica verifies them without shared memory. The
/// canonical Bearer scheme (JwtBearer) and the dialects' token headers use the same
/// <see cref="ValidationParameters"/>. See docs/decisions/0004.
/// </summary>
internal sealed class AccessTokens(SigningKeyProvider keys, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string Issuer = "orderstatus";
    public const string MerchantIdClaim = "merchant_id";
    public const string ScopeClaim = "scope";

    /// <summary>The client's secret change time (µs since the epoch) when the token was issued.</summary>
    public const string SecretVersionClaim = "sv";

    private const int MaxTokenLength = 4096;

    private readonly JsonWebTokenHandler _handler = new()
    {
        SetDefaultTimesOnTokenCreation = false,
        MapInboundClaims = false,
        MaximumTokenSizeInBytes = MaxTokenLength,
    };

    public TimeSpan Lifetime => TimeSpan.FromSeconds(options.Value.TokenLifetimeSeconds);

    public async Task<string> IssueAsync(
        string clientId, Guid merchantId, IReadOnlyList<string> scopes, long secretVersion, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            IssuedAt = now.UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = clientId,
                [MerchantIdClaim] = merchantId.ToString(),
                [ScopeClaim] = string.Join(' ', scopes),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                [SecretVersionClaim] = secretVersion,
            },
            SigningCredentials = new SigningCredentials(await keys.GetSecurityKeyAsync(cancellationToken), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>
    /// The one set of rules a token must meet: HS256 only (no <c>alg</c> negotiation, no <c>none</c>),
    /// signed with the shared key, our issuer, an expiry in the future by the service's clock (no skew).
    /// The key must have been loaded (<see cref="SigningKeyProvider.GetSecurityKeyAsync"/>).
    /// </summary>
    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = Issuer,
        ValidateAudience = false,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidTypes = ["JWT"],
        IssuerSigningKeyResolver = (_, _, _, _) => [keys.Loaded],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.Zero,
        // The service's TimeProvider, not the wall clock, decides expiry (tests move it).
        LifetimeValidator = (_, expires, _, _) => expires is { } at && clock.GetUtcNow().UtcDateTime < at,
        NameClaimType = JwtRegisteredClaimNames.Sub,
    };

    /// <summary>Verifies signature, algorithm, issuer and expiry; returns the claims or why the token is rejected.</summary>
    public async Task<(TokenClaims? Claims, string? Error)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length > MaxTokenLength)
        {
            return (null, "The access token is malformed.");
        }

        await keys.GetSecurityKeyAsync(cancellationToken);
        var result = await _handler.ValidateTokenAsync(token, ValidationParameters);
        if (!result.IsValid)
        {
            return (null, Describe(result.Exception));
        }

        var claims = Read(result.ClaimsIdentity);
        return claims is null ? (null, "The access token is malformed.") : (claims, null);
    }

    /// <summary>A caller-facing reason for a rejected token (IdentityModel's own messages are for logs).</summary>
    public static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException => "The access token has expired.",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "The access token's signature is invalid.",
        _ => "The access token is malformed.",
    };

    /// <summary>Our claims from a validated token's identity, or null when one is missing or unreadable.</summary>
    public static TokenClaims? Read(ClaimsIdentity identity)
    {
        var subject = identity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        return subject is { Length: > 0 }
            && Guid.TryParse(identity.FindFirst(MerchantIdClaim)?.Value, out var merchant) && merchant != Guid.Empty
            && long.TryParse(identity.FindFirst(SecretVersionClaim)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version)
            && long.TryParse(identity.FindFirst(JwtRegisteredClaimNames.Exp)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var exp)
            ? new TokenClaims(subject, merchant, (identity.FindFirst(ScopeClaim)?.Value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries),
                version, DateTimeOffset.FromUnixTimeSeconds(exp))
            : null;
    }
}

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
    private SymmetricSecurityKey? _securityKey;

    /// <summary>The key, once loaded (start-up loads it; every validation path awaits <see cref="GetSecurityKeyAsync"/> first).</summary>
    public SymmetricSecurityKey Loaded => _securityKey ?? throw new InvalidOperationException("The token signing key has not been loaded yet.");

    public async ValueTask<byte[]> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_key is { } key)
        {
            return key;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_key is null)
            {
                var loaded = await LoadAsync(cancellationToken);
                _securityKey = new SymmetricSecurityKey(loaded);
                _key = loaded;
            }

            return _key;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<SymmetricSecurityKey> GetSecurityKeyAsync(CancellationToken cancellationToken = default)
    {
        await GetAsync(cancellationToken);
        return _securityKey!;
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
