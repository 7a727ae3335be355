using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;

namespace OrderStatus.Api.Access;

/// <summary>A verified caller: one client of one merchant, with the scopes it may use on this request.</summary>
public sealed record Caller(string ClientId, Guid MerchantId, IReadOnlyList<string> Scopes, string Method);

/// <summary>The outcome of a credential check: the caller, or why the credentials were refused.</summary>
public sealed record CredentialCheck(Caller? Caller, string? Failure)
{
    public bool Succeeded => Caller is not null;

    public static CredentialCheck Refused(string failure) => new(null, failure);

    /// <summary>The authentication result of <paramref name="scheme"/>: the shared principal, or a failure.</summary>
    public AuthenticateResult ToResult(string scheme) => Caller is { } caller
        ? AuthenticateResult.Success(new AuthenticationTicket(CallerPrincipal.Create(caller, scheme), scheme))
        : AuthenticateResult.Fail(Failure ?? "The credentials are invalid.");
}

/// <summary>An access token issued to a caller.</summary>
public sealed record IssuedAccessToken(string Token, TimeSpan Lifetime, IReadOnlyList<string> Scopes);

/// <summary>
/// The one credential check of every surface: a client id and secret, or an access token, become a
/// <see cref="Caller"/>. Canonical Basic/Bearer and every dialect's own header format end here, so
/// revocation, rotation and scope changes apply everywhere within <c>Auth:ClientCacheSeconds</c>.
/// </summary>
internal sealed class CallerCredentials(ClientDirectory clients, AccessTokens tokens)
{
    /// <summary><paramref name="method"/> names how the credentials came (<c>Basic</c>, <c>token</c> …) for the principal's <c>amr</c> claim.</summary>
    public async Task<CredentialCheck> CheckSecretAsync(string clientId, string secret, string method, CancellationToken cancellationToken)
    {
        var client = await clients.VerifySecretAsync(clientId, secret, cancellationToken);
        if (client is null)
        {
            return CredentialCheck.Refused("The client credentials are invalid.");
        }

        await clients.RecordUseAsync(client.ClientId, cancellationToken);
        return new(new Caller(client.ClientId, client.MerchantId, client.Scopes, method), null);
    }

    /// <summary>An access token from any token endpoint of the service (they all issue the same tokens).</summary>
    public async Task<CredentialCheck> CheckAccessTokenAsync(string token, string method, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return CredentialCheck.Refused("The bearer token is missing.");
        }

        var (claims, error) = await tokens.ValidateAsync(token, cancellationToken);
        return claims is null ? CredentialCheck.Refused(error!) : await CheckTokenClaimsAsync(claims, method, cancellationToken);
    }

    /// <summary>The second half of a token check, after the signature (JwtBearer's or ours): is the client still the one the token was issued to?</summary>
    public async Task<CredentialCheck> CheckTokenClaimsAsync(TokenClaims claims, string method, CancellationToken cancellationToken)
    {
        // Revocation and rotation take effect within the client cache's lifetime, not the token's.
        var client = await clients.FindAsync(claims.ClientId, cancellationToken);
        if (client is not { IsActive: true } || client.MerchantId != claims.MerchantId)
        {
            return CredentialCheck.Refused("The client of this access token has been revoked.");
        }

        if (client.SecretVersion != claims.SecretVersion)
        {
            return CredentialCheck.Refused("The client's secret has been rotated since this access token was issued.");
        }

        await clients.RecordUseAsync(client.ClientId, cancellationToken);
        // Scopes removed from the client since issue are removed from its tokens too.
        var scopes = claims.Scopes.Where(s => client.Scopes.Contains(s, StringComparer.Ordinal)).ToList();
        return new(new Caller(client.ClientId, client.MerchantId, scopes, method), null);
    }

    /// <summary>Issues an access token for a verified caller, narrowed to <paramref name="scopes"/> (default: all of the caller's).</summary>
    public async Task<IssuedAccessToken> IssueAccessTokenAsync(Caller caller, IReadOnlyList<string>? scopes, CancellationToken cancellationToken)
    {
        var client = await clients.FindAsync(caller.ClientId, cancellationToken)
            ?? throw new InvalidOperationException("A verified caller's client no longer exists.");
        var granted = scopes ?? caller.Scopes;
        var token = await tokens.IssueAsync(caller.ClientId, caller.MerchantId, granted, client.SecretVersion, cancellationToken);
        return new IssuedAccessToken(token, tokens.Lifetime, granted);
    }

    /// <summary>Decodes an HTTP Basic parameter (base64 of <c>clientId:secret</c>, RFC 7617).</summary>
    public static bool TryDecodeBasic(string? parameter, out string clientId, out string secret)
    {
        clientId = secret = string.Empty;
        if (string.IsNullOrEmpty(parameter) || parameter.Length > 1024)
        {
            return false;
        }

        var buffer = new byte[parameter.Length];
        if (!Convert.TryFromBase64String(parameter, buffer, out var written))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return TrySplit(text, out clientId, out secret);
    }

    /// <summary>Splits a literal <c>clientId:secret</c> at its first colon.</summary>
    public static bool TrySplit(string? text, out string clientId, out string secret)
    {
        clientId = secret = string.Empty;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0 || text.Length > 1024)
        {
            return false;
        }

        clientId = text[..colon];
        secret = text[(colon + 1)..];
        return secret.Length > 0;
    }
}

/// <summary>The one principal every scheme produces: merchant, client, scopes, and how the caller authenticated.</summary>
public static class CallerPrincipal
{
    public static ClaimsPrincipal Create(Caller caller, string scheme)
    {
        var claims = new List<Claim>
        {
            new(AccessClaims.MerchantId, caller.MerchantId.ToString()),
            new(AccessClaims.ClientId, caller.ClientId),
            new(AccessClaims.AuthenticationMethod, caller.Method),
        };
        claims.AddRange(caller.Scopes.Select(s => new Claim(AccessClaims.Scope, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, AccessClaims.ClientId, null));
    }

    /// <summary>The caller of an authenticated principal, or null.</summary>
    public static Caller? Read(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && Guid.TryParse(user.FindFirstValue(AccessClaims.MerchantId), out var merchant)
        && user.FindFirstValue(AccessClaims.ClientId) is { } client
            ? new Caller(client, merchant, [.. user.FindAll(AccessClaims.Scope).Select(c => c.Value)],
                user.FindFirstValue(AccessClaims.AuthenticationMethod) ?? string.Empty)
            : null;
}
