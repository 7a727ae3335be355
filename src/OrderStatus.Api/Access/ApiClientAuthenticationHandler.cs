using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OrderStatus.Api.Access;

/// <summary>
/// The canonical API's authentication scheme: dispatches on the Authorization header to HTTP Basic
/// <c>clientId:secret</c> or a bearer token from <c>POST /api/v1/auth/token</c>. Both end in the
/// shared caller principal (merchant, client, scopes); challenges and denials are problem+json.
/// </summary>
internal sealed class ApiClientAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CallerCredentials credentials)
    : CallerAuthenticationHandler(options, logger, encoder, credentials)
{
    public const string SchemeName = "ApiClient";
    private const string BearerChallenge = "Bearer realm=\"OrderStatus\"";
    private const string BearerFailureKey = "bearer_failed";

    protected override string MissingCredentialsDetail => "Send HTTP Basic clientId:secret or a bearer token from POST /api/v1/auth/token.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count == 0 || string.IsNullOrEmpty(header.ToString()))
        {
            return AuthenticateResult.NoResult();
        }

        if (header.Count > 1 || !AuthenticationHeaderValue.TryParse(header.ToString(), out var value))
        {
            return AuthenticateResult.Fail("The Authorization header is malformed.");
        }

        if (string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (!CallerCredentials.TryDecodeBasic(value.Parameter, out var clientId, out var secret))
            {
                return AuthenticateResult.Fail("The Basic credentials are malformed; expected base64 of clientId:secret.");
            }

            return (await Credentials.CheckSecretAsync(clientId, secret, "Basic", Context.RequestAborted)).ToResult(Scheme.Name);
        }

        if (string.Equals(value.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            Context.Items[BearerFailureKey] = true;
            return (await Credentials.CheckAccessTokenAsync(value.Parameter ?? string.Empty, "Bearer", Context.RequestAborted)).ToResult(Scheme.Name);
        }

        return AuthenticateResult.Fail($"The authorization scheme '{Truncate(value.Scheme)}' is not supported; use Basic or Bearer.");
    }

    protected override void AddChallengeHeaders(string? failure)
    {
        var bearer = failure is not null && Context.Items.ContainsKey(BearerFailureKey)
            ? $"{BearerChallenge}, error=\"invalid_token\", error_description=\"{failure.Replace("\"", "'", StringComparison.Ordinal)}\""
            : BearerChallenge;
        // Bearer always; Basic only where it cannot open a browser's login dialog (see BasicChallenge).
        Response.Headers.WWWAuthenticate = BasicChallenge.IsAllowed(Request) ? new([BasicChallenge.Value, bearer]) : new(bearer);
    }

    private static string Truncate(string text) => text.Length <= 20 ? text : text[..20];
}
