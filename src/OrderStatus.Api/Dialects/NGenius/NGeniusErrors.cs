using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using OrderStatus.Api.Access;
using OrderStatus.Api.Surfaces;
using OrderStatus.Application.Orders;

namespace OrderStatus.Api.Dialects.NGenius;

/// <summary>
/// N-Genius' error shape <c>{"message", "code", "errors": [{"message", "localizedMessage", "errorCode", "domain"}]}</c>
/// (DIALECTS.md 1.5), in the vendor media type of the route family.
/// </summary>
internal sealed class NGeniusErrors : IErrorShape
{
    /// <summary>The machine code (<c>ApiError.Code</c>) of a collection status that is missing or not one of the three.</summary>
    public const string InvalidCollectionStatus = "invalid_collection_status";

    public async Task WriteAsync(HttpContext context, ApiError error)
    {
        var (status, errorCode, message) = Map(error);
        var domain = error.Kind == ErrorKind.Unauthenticated ? "identity"
            : error.Code == InvalidCollectionStatus ? "payment"
            : DomainOf(context.Request.Path);
        context.Response.StatusCode = status;
        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsJsonAsync(
            NGeniusErrorList.Of(status, ReasonPhrases.GetReasonPhrase(status), errorCode, domain, message),
            options: null,
            contentType: NGeniusFormat.MediaTypeFor(context.Request.Path),
            context.RequestAborted);
    }

    public static (int Status, string ErrorCode, string Message) Map(ApiError error) => error.Kind switch
    {
        ErrorKind.BadRequest or ErrorKind.MalformedBody or ErrorKind.Validation when error.Code == InvalidCollectionStatus =>
            (400, "invalidCollectionStatus", error.Detail ?? "collectionStatus must be COLLECTED, DELIVERED or RETURNED."),
        ErrorKind.BadRequest or ErrorKind.MalformedBody or ErrorKind.Validation => (400, "invalidRequest", Describe(error)),
        ErrorKind.Unauthenticated => (401, "unauthorized", error.Detail ?? "Unauthorized."),
        ErrorKind.Forbidden => (403, "forbidden", error.Detail ?? "Forbidden."),
        ErrorKind.NotFound when error.Code == UseCaseCodes.OrderNotFound => (404, "orderNotFound", "Order not found"),
        ErrorKind.NotFound or ErrorKind.RouteNotFound => (404, "notFound", "Resource not found"),
        ErrorKind.MethodNotAllowed => (405, "methodNotAllowed", "Method not allowed"),
        ErrorKind.Conflict or ErrorKind.PreconditionFailed => (409, "invalidOrderState", error.Detail ?? "The order's state does not allow this."),
        ErrorKind.PayloadTooLarge => (413, "payloadTooLarge", "The request body is too large."),
        ErrorKind.UnsupportedMediaType => (415, "unsupportedMediaType", "Unsupported media type."),
        ErrorKind.Unprocessable => (422, "unprocessable", error.Detail ?? "The request cannot be processed."),
        ErrorKind.RateLimited => (429, "tooManyRequests", error.Detail ?? "Too many requests."),
        ErrorKind.Unavailable => (503, "serviceUnavailable", "Service temporarily unavailable; try again shortly."),
        _ => (500, "internalError", "An unexpected error occurred; it has been logged."),
    };

    private static string DomainOf(PathString path) =>
        path.StartsWithSegments("/identity") ? "identity" : path.StartsWithSegments("/reporting") ? "reporting" : "transactions";

    private static string Describe(ApiError error) =>
        error.FieldErrors is { Count: > 0 } fields
            ? string.Join(" ", fields.Select(f => $"{f.Key}: {string.Join(" ", f.Value)}"))
            : error.Detail ?? "Invalid request.";
}

/// <summary>
/// <c>Authorization: Bearer &lt;access_token&gt;</c> from <c>POST /identity/auth/access-token</c> (any token the service
/// issued). Failures answer 401 in the N-Genius shape.
/// </summary>
internal sealed class NGeniusAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CallerCredentials credentials)
    : CallerAuthenticationHandler(options, logger, encoder, credentials)
{
    public const string SchemeName = "NGenius";

    protected override string MissingCredentialsDetail =>
        "Send Authorization: Bearer <access_token from POST /identity/auth/access-token>.";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => AuthenticateBearerOnlyAsync("Send a bearer access token.");

    protected override void AddChallengeHeaders(string? failure) =>
        Response.Headers.WWWAuthenticate = "Bearer realm=\"ni\"";
}
