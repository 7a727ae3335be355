using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OrderStatus.Api.Access;

/// <summary>
/// The canonical API's HTTP Basic <c>clientId:secret</c> scheme, and its answer to everything that is
/// not a bearer token (no header, a malformed one, another scheme). Bearer tokens go to the JwtBearer
/// scheme (<see cref="BearerAuthentication"/>); both end in the shared caller principal, and both
/// challenge with Basic and Bearer in problem+json.
/// </summary>
internal sealed class ApiClientAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CallerCredentials credentials)
    : CallerAuthenticationHandler(options, logger, encoder, credentials)
{
    public const string SchemeName = "ApiClient";
    public const string BearerChallenge = "Bearer realm=\"OrderStatus\"";
    public const string MissingDetail = "Send HTTP Basic clientId:secret or a bearer token from POST /api/v1/auth/token.";

    protected override string MissingCredentialsDetail => MissingDetail;

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
            // Only reached when this scheme is named explicitly; the canonical selector sends tokens to JwtBearer.
            return (await Credentials.CheckAccessTokenAsync(value.Parameter ?? string.Empty, "Bearer", Context.RequestAborted)).ToResult(Scheme.Name);
        }

        return AuthenticateResult.Fail($"The authorization scheme '{Truncate(value.Scheme)}' is not supported; use Basic or Bearer.");
    }

    protected override void AddChallengeHeaders(string? failure) => SetChallenge(Context, BearerChallenge);

    /// <summary>Bearer always; Basic only where it cannot open a browser's login dialog (see BasicChallenge).</summary>
    public static void SetChallenge(HttpContext context, string bearer) =>
        context.Response.Headers.WWWAuthenticate = BasicChallenge.IsAllowed(context.Request) ? new([BasicChallenge.Value, bearer]) : new(bearer);

    private static string Truncate(string text) => text.Length <= 20 ? text : text[..20];
}
