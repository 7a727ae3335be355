using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OrderStatus.Api.Surfaces;

namespace OrderStatus.Api.Access;

/// <summary>
/// Base of every surface's authentication handler: a subclass reads its own header format and asks
/// <see cref="Credentials"/>; challenges (401) and denials (403) are written by the request's
/// surface error shape, so each surface answers them in its own body.
/// </summary>
internal abstract class CallerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CallerCredentials credentials)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected CallerCredentials Credentials => credentials;

    /// <summary>The 401 detail when no credentials were sent: how to authenticate on this surface.</summary>
    protected abstract string MissingCredentialsDetail { get; }

    /// <summary>Headers of a 401 (e.g. <c>WWW-Authenticate</c>); <paramref name="failure"/> is null when nothing was sent.</summary>
    protected virtual void AddChallengeHeaders(string? failure)
    {
    }

    /// <summary>
    /// For surfaces that take only <c>Authorization: Bearer &lt;access token&gt;</c>: no header is no result, another
    /// scheme fails with <paramref name="otherSchemeFailure"/>, a token is checked by <see cref="Credentials"/>.
    /// </summary>
    protected async Task<AuthenticateResult> AuthenticateBearerOnlyAsync(string otherSchemeFailure)
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        const string bearer = "Bearer ";
        return header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)
            ? (await Credentials.CheckAccessTokenAsync(header[bearer.Length..].Trim(), "Bearer", Context.RequestAborted)).ToResult(Scheme.Name)
            : AuthenticateResult.Fail(otherSchemeFailure);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        AddChallengeHeaders(failure);
        await CallerChallenges.WriteUnauthorizedAsync(Context, failure, MissingCredentialsDetail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => CallerChallenges.WriteForbiddenAsync(Context);
}

/// <summary>The 401 and 403 every scheme answers, in the request's surface error shape.</summary>
internal static class CallerChallenges
{
    public static Task WriteUnauthorizedAsync(HttpContext context, string? failure, string missingCredentialsDetail) =>
        ErrorResponses.WriteAsync(context, new ApiError(ErrorKind.Unauthenticated, failure is null ? "unauthorized" : "invalid_credentials")
        {
            Title = "Authentication is required.",
            Detail = failure ?? missingCredentialsDetail,
        });

    public static Task WriteForbiddenAsync(HttpContext context)
    {
        var required = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy).OfType<string>().Distinct(StringComparer.Ordinal).ToList() ?? [];
        return ErrorResponses.WriteAsync(context, new ApiError(ErrorKind.Forbidden, "insufficient_scope")
        {
            Title = "The client lacks the scope this operation requires.",
            Detail = required.Count > 0
                ? $"Required scope: {string.Join(", ", required)}."
                : "The client is not allowed to perform this operation.",
            RequiredScopes = required,
        });
    }
}
