using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace OrderStatus.Api.Access;

/// <summary>
/// The one authentication scheme of the API: dispatches on the Authorization header to HTTP Basic
/// <c>clientId:secret</c> or a bearer token from <c>POST /api/v1/auth/token</c>. Both end in the
/// same claims (merchant, client, scopes). Challenges and denials are problem+json.
/// </summary>
internal sealed class ApiClientAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ClientDirectory clients,
    AccessTokens tokens,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiClient";
    private const string BearerChallenge = "Bearer realm=\"OrderStatus\"";
    private const string BearerFailureKey = "bearer_failed";

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
            return await AuthenticateBasicAsync(value.Parameter);
        }

        if (string.Equals(value.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            Context.Items[BearerFailureKey] = true;
            return await AuthenticateBearerAsync(value.Parameter);
        }

        return AuthenticateResult.Fail($"The authorization scheme '{Truncate(value.Scheme)}' is not supported; use Basic or Bearer.");
    }

    private async Task<AuthenticateResult> AuthenticateBasicAsync(string? parameter)
    {
        if (!TryDecodeBasic(parameter, out var clientId, out var secret))
        {
            return AuthenticateResult.Fail("The Basic credentials are malformed; expected base64 of clientId:secret.");
        }

        var client = await clients.VerifySecretAsync(clientId, secret, Context.RequestAborted);
        if (client is null)
        {
            return AuthenticateResult.Fail("The client credentials are invalid.");
        }

        await clients.RecordUseAsync(client.ClientId, Context.RequestAborted);
        return Success(client.ClientId, client.MerchantId, client.Scopes, "Basic");
    }

    private async Task<AuthenticateResult> AuthenticateBearerAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return AuthenticateResult.Fail("The bearer token is missing.");
        }

        var (claims, error) = await tokens.ValidateAsync(token, Context.RequestAborted);
        if (claims is null)
        {
            return AuthenticateResult.Fail(error!);
        }

        // Revocation and rotation take effect within the client cache's lifetime, not the token's.
        var client = await clients.FindAsync(claims.ClientId, Context.RequestAborted);
        if (client is not { IsActive: true } || client.MerchantId != claims.MerchantId)
        {
            return AuthenticateResult.Fail("The client of this access token has been revoked.");
        }

        if (client.SecretVersion != claims.SecretVersion)
        {
            return AuthenticateResult.Fail("The client's secret has been rotated since this access token was issued.");
        }

        await clients.RecordUseAsync(client.ClientId, Context.RequestAborted);
        // Scopes removed from the client since issue are removed from its tokens too.
        var scopes = claims.Scopes.Where(s => client.Scopes.Contains(s, StringComparer.Ordinal));
        return Success(client.ClientId, client.MerchantId, scopes, "Bearer");
    }

    private static AuthenticateResult Success(string clientId, Guid merchantId, IEnumerable<string> scopes, string method)
    {
        var claims = new List<Claim>
        {
            new(AccessClaims.MerchantId, merchantId.ToString()),
            new(AccessClaims.ClientId, clientId),
            new(AccessClaims.AuthenticationMethod, method),
        };
        claims.AddRange(scopes.Select(s => new Claim(AccessClaims.Scope, s)));
        var identity = new ClaimsIdentity(claims, SchemeName, AccessClaims.ClientId, null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var failure = result.Failure?.Message;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        var bearer = failure is not null && Context.Items.ContainsKey(BearerFailureKey)
            ? $"{BearerChallenge}, error=\"invalid_token\", error_description=\"{failure.Replace("\"", "'", StringComparison.Ordinal)}\""
            : BearerChallenge;
        // Bearer always; Basic only where it cannot open a browser's login dialog (see BasicChallenge).
        Response.Headers.WWWAuthenticate = BasicChallenge.IsAllowed(Request) ? new([BasicChallenge.Value, bearer]) : new(bearer);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Authentication is required.",
                Detail = failure ?? "Send HTTP Basic clientId:secret or a bearer token from POST /api/v1/auth/token.",
                Extensions = { ["code"] = failure is null ? "unauthorized" : "invalid_credentials" },
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var required = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy).OfType<string>().Distinct(StringComparer.Ordinal).ToList() ?? [];
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "The client lacks the scope this operation requires.",
                Detail = required.Count > 0
                    ? $"Required scope: {string.Join(", ", required)}."
                    : "The client is not allowed to perform this operation.",
                Extensions = { ["code"] = "insufficient_scope" },
            },
        });
    }

    internal static bool TryDecodeBasic(string? parameter, out string clientId, out string secret)
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

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        clientId = text[..colon];
        secret = text[(colon + 1)..];
        return secret.Length > 0;
    }

    private static string Truncate(string text) => text.Length <= 20 ? text : text[..20];
}
