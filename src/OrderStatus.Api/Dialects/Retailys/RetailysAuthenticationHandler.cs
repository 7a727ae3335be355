using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OrderStatus.Api.Access;

namespace OrderStatus.Api.Dialects.Retailys;

/// <summary>
/// The Retailys API key: header <c>token</c> (DIALECTS.md 2.2), holding <c>clientId:secret</c> or an access
/// token from <c>POST /api/v1/auth/token</c>; a <c>Bearer </c> prefix inside the header is tolerated (the
/// vendor SDK can be configured to add one). Both go through the shared credential check, so the
/// caller, its scopes, revocation and rotation are exactly those of the canonical API.
/// </summary>
internal sealed class RetailysAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CallerCredentials credentials)
    : CallerAuthenticationHandler(options, logger, encoder, credentials)
{
    public const string SchemeName = "Retailys";
    public const string HeaderName = "token";

    protected override string MissingCredentialsDetail =>
        "Missing token: send the header 'token: <clientId>:<secret>' or 'token: <access token>'.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var values = Request.Headers[HeaderName];
        if (values.Count == 0 || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return AuthenticateResult.NoResult();
        }

        if (values.Count > 1)
        {
            return AuthenticateResult.Fail("Send one token header.");
        }

        var token = values[0]!.Trim();
        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = token["Bearer ".Length..].Trim();
        }

        // Client ids never contain a colon and access tokens (JWTs) never do: the colon tells them apart.
        var check = CallerCredentials.TrySplit(token, out var clientId, out var secret)
            ? await Credentials.CheckSecretAsync(clientId, secret, HeaderName, Context.RequestAborted)
            : await Credentials.CheckAccessTokenAsync(token, HeaderName, Context.RequestAborted);
        return check.ToResult(SchemeName);
    }
}
