using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OrderStatus.Api.Access;

namespace OrderStatus.Api.Dialects.ParcelLab;

/// <summary>
/// parcelLab's credentials (DIALECTS.md 5.2): <c>Authorization: Parcellab-API-Token &lt;base64(clientId:secret)&gt;</c>
/// (the raw <c>clientId:secret</c> too), or a canonical <c>Bearer</c> access token. No header is no
/// result: the route then serves customers with a factor (<c>s</c>, e-mail, postal code).
/// </summary>
internal sealed class ParcelLabAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ClientDirectory clients)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ParcelLab";
    private const string TokenScheme = "Parcellab-API-Token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // The canonical scheme already knows bearer tokens (signature, expiry, revocation, rotation).
            var bearer = await Context.AuthenticateAsync(ApiClientAuthenticationHandler.SchemeName);
            return bearer.Succeeded ? AuthenticateResult.Success(new AuthenticationTicket(bearer.Principal!, SchemeName))
                : AuthenticateResult.Fail(bearer.Failure?.Message ?? "The bearer token is invalid.");
        }

        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !string.Equals(value.Scheme, TokenScheme, StringComparison.OrdinalIgnoreCase)
            || !TryReadToken(value.Parameter, out var clientId, out var secret))
        {
            return AuthenticateResult.Fail("Incorrect authentication credentials.");
        }

        var client = await clients.VerifySecretAsync(clientId, secret, Context.RequestAborted);
        if (client is null)
        {
            return AuthenticateResult.Fail("Incorrect authentication credentials.");
        }

        await clients.RecordUseAsync(client.ClientId, Context.RequestAborted);
        var claims = new List<Claim>
        {
            new(AccessClaims.MerchantId, client.MerchantId.ToString()),
            new(AccessClaims.ClientId, client.ClientId),
            new(AccessClaims.AuthenticationMethod, TokenScheme),
        };
        claims.AddRange(client.Scopes.Select(s => new Claim(AccessClaims.Scope, s)));
        var identity = new ClaimsIdentity(claims, SchemeName, AccessClaims.ClientId, null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>base64(<c>clientId:secret</c>) as parcelLab documents it, or the raw <c>clientId:secret</c> its create route shows.</summary>
    internal static bool TryReadToken(string? parameter, out string clientId, out string secret)
    {
        if (ApiClientAuthenticationHandler.TryDecodeBasic(parameter, out clientId, out secret))
        {
            return true;
        }

        clientId = secret = string.Empty;
        if (string.IsNullOrEmpty(parameter) || parameter.Length > 1024)
        {
            return false;
        }

        var colon = parameter.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == parameter.Length - 1)
        {
            return false;
        }

        clientId = parameter[..colon];
        secret = parameter[(colon + 1)..];
        return true;
    }
}
