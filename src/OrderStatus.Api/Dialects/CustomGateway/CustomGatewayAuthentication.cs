using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OrderStatus.Api.Access;
using OrderStatus.Api.Surfaces;

namespace OrderStatus.Api.Dialects.CustomGateway;

/// <summary>
/// <c>authorization: basic REFID:APIKEY</c>: REFID is the client id, APIKEY its secret, either literally (as the
/// seed documents it) or base64-encoded (as real Kornit X clients send it); the scheme in any case. A canonical
/// bearer token works too. Everything ends in the shared credential check.
/// </summary>
internal sealed class CustomGatewayAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CallerCredentials credentials)
    : CallerAuthenticationHandler(options, logger, encoder, credentials)
{
    public const string SchemeName = "CustomGateway";
    private const string UnreadableKey = "custom_gateway_unreadable";

    protected override string MissingCredentialsDetail =>
        "Unauthorised transaction request: send 'authorization: basic REFID:APIKEY' (or its base64 form).";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header.ToString()))
        {
            return AuthenticateResult.NoResult();
        }

        var value = header.ToString().Trim();
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? value : value[..space];
        var parameter = space < 0 ? string.Empty : value[(space + 1)..].Trim();
        if (header.Count == 1 && parameter.Length > 0 && string.Equals(scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            // A colon never occurs in base64: with one, the credentials are the literal REFID:APIKEY.
            var readable = parameter.Contains(':', StringComparison.Ordinal)
                ? CallerCredentials.TrySplit(parameter, out var clientId, out var secret)
                : CallerCredentials.TryDecodeBasic(parameter, out clientId, out secret);
            if (readable)
            {
                return (await Credentials.CheckSecretAsync(clientId, secret, "Basic", Context.RequestAborted)).ToResult(Scheme.Name);
            }
        }
        else if (header.Count == 1 && parameter.Length > 0 && string.Equals(scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return (await Credentials.CheckAccessTokenAsync(parameter, "Bearer", Context.RequestAborted)).ToResult(Scheme.Name);
        }

        Context.Items[UnreadableKey] = true;
        return AuthenticateResult.Fail("Unauthorised transaction request: the authorization header is not 'basic REFID:APIKEY'.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        if (failure is null || Context.Items.ContainsKey(UnreadableKey))
        {
            // Kornit X's code 401 ("Unauthorised transaction request") is for a missing or unreadable header;
            // wrong credentials are code 50000 (the base class's invalid_credentials).
            await ErrorResponses.WriteAsync(Context, new ApiError(ErrorKind.Unauthenticated, "unauthorized")
            {
                Title = "Authentication is required.",
                Detail = failure ?? MissingCredentialsDetail,
            });
            return;
        }

        await base.HandleChallengeAsync(properties);
    }
}
