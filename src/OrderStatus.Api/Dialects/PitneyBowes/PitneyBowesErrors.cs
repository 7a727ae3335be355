using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OrderStatus.Api.Access;
using OrderStatus.Api.Surfaces;

namespace OrderStatus.Api.Dialects.PitneyBowes;

/// <summary>
/// Pitney Bowes' error shapes: the API gateway's flat <c>{errorCode, errorDescription}</c> 401 for any token problem
/// (PB-APIM-ERR-1002), and the standard <c>{"errors": [{errorCode, errorDescription, message, additionalInfo,
/// parameters}]}</c> for everything else, with synthetic 80-prefix codes (PitneyBowesCodes). The request's valid
/// <c>X-PB-TransactionId</c> is echoed on every error too.
/// </summary>
internal sealed class PitneyBowesErrors : IErrorShape
{
    public Task WriteAsync(HttpContext context, ApiError error)
    {
        PitneyBowesFormat.EchoTransactionId(context);
        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (error.Kind == ErrorKind.Unauthenticated)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return context.Response.WriteAsJsonAsync(
                new PitneyBowesGatewayError(PitneyBowesCodes.InvalidAccessToken, PitneyBowesCodes.InvalidAccessTokenDescription), context.RequestAborted);
        }

        var (status, code, description) = Map(error);
        context.Response.StatusCode = status;
        var parameters = error.FieldErrors?.Keys.ToArray() ?? [];
        var additionalInfo = error.CurrentStatus is { } current ? $"Current status: {PitneyBowesFormat.Status(current, onHold: false)}." : null;
        return context.Response.WriteAsJsonAsync(
            new PitneyBowesErrorList([new PitneyBowesError(code, description, description, additionalInfo, parameters)]), context.RequestAborted);
    }

    public static (int Status, string Code, string Description) Map(ApiError error) => error.Kind switch
    {
        ErrorKind.BadRequest or ErrorKind.MalformedBody or ErrorKind.Validation => (400, error.Code switch
        {
            PitneyBowesCodes.InvalidTransactionIdError => PitneyBowesCodes.InvalidTransactionId,
            PitneyBowesCodes.InvalidClientIdError => PitneyBowesCodes.InvalidClientId,
            _ => PitneyBowesCodes.InvalidRequest,
        }, Describe(error)),
        ErrorKind.Forbidden => (403, PitneyBowesCodes.Forbidden, "The client is not allowed to perform this operation. " + error.Detail),
        ErrorKind.NotFound => (404, PitneyBowesCodes.NotFound, "Order not found."),
        ErrorKind.RouteNotFound => (404, PitneyBowesCodes.NotFound, "Resource not found."),
        ErrorKind.MethodNotAllowed => (405, PitneyBowesCodes.MethodNotAllowed, "Method not allowed."),
        ErrorKind.Conflict or ErrorKind.PreconditionFailed => (409, PitneyBowesCodes.Conflict, error.Detail ?? "The order's state does not allow this."),
        ErrorKind.PayloadTooLarge => (413, PitneyBowesCodes.PayloadTooLarge, "The request body is too large."),
        ErrorKind.UnsupportedMediaType => (415, PitneyBowesCodes.UnsupportedMediaType, "Unsupported media type."),
        ErrorKind.Unprocessable => (422, PitneyBowesCodes.Unprocessable, error.Detail ?? "The request cannot be processed."),
        ErrorKind.RateLimited => (429, PitneyBowesCodes.TooManyRequests, error.Detail ?? "Too many requests."),
        ErrorKind.Unavailable => (503, PitneyBowesCodes.Unavailable, "Service temporarily unavailable; try again shortly."),
        _ => (500, PitneyBowesCodes.Internal, "An unexpected error occurred; it has been logged."),
    };

    private static string Describe(ApiError error) =>
        error.FieldErrors is { Count: > 0 } fields
            ? string.Join(" ", fields.SelectMany(f => f.Value))
            : error.Detail ?? "Invalid request.";
}

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> with a token from <c>POST /oauth/token</c> (or any token the service
/// issued); anything else, or nothing, is PB-APIM-ERR-1002.
/// </summary>
internal sealed class PitneyBowesAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CallerCredentials credentials)
    : CallerAuthenticationHandler(options, logger, encoder, credentials)
{
    public const string SchemeName = "PitneyBowes";

    protected override string MissingCredentialsDetail => "Send Authorization: Bearer <token from POST /oauth/token>.";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => AuthenticateBearerOnlyAsync("Invalid Access Token");

    protected override void AddChallengeHeaders(string? failure) =>
        Response.Headers.WWWAuthenticate = "Bearer realm=\"PitneyBowes\"";
}
