using System.Globalization;
using OrderStatus.Api.Surfaces;
using OrderStatus.Domain;

namespace OrderStatus.Api.Dialects.CustomGateway;

/// <summary>
/// Kornit X's error shape <c>{"error": {"code", "message"}}</c> with its codes (DIALECTS.md 3.5, issue 12): 100 for
/// unreadable JSON, 0 "see message" for an unknown status number (400, listing the valid codes), an unknown order
/// (404) or an illegal move (409); 50000 for wrong credentials, 401 for a missing or unreadable header.
/// </summary>
internal sealed class CustomGatewayErrors : IErrorShape
{
    /// <summary>The idempotency middleware's code for a key sent again with another request.</summary>
    private const string IdempotencyKeyReused = "idempotency_key_reused";

    public Task WriteAsync(HttpContext context, ApiError error)
    {
        var (status, code, message) = Map(error);
        context.Response.StatusCode = status;
        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return context.Response.WriteAsJsonAsync(CustomGatewayError.Of(code, message), context.RequestAborted);
    }

    public static (int Status, int Code, string Message) Map(ApiError error) => error.Kind switch
    {
        ErrorKind.MalformedBody => (400, CustomGatewayCodes.InvalidJson, "Invalid JSON: " + (error.Detail ?? "the body could not be read.")),
        ErrorKind.Unauthenticated when error.Code == "invalid_credentials" =>
            (401, CustomGatewayCodes.WrongCredentials, CustomGatewayCodes.WrongCredentialsMessage),
        ErrorKind.Unauthenticated => (401, CustomGatewayCodes.Unauthorised, error.Detail ?? "Unauthorised transaction request."),
        ErrorKind.Forbidden => (403, CustomGatewayCodes.Unauthorised, "Unauthorised transaction request: " + (error.Detail ?? "not allowed.")),
        ErrorKind.NotFound => (404, CustomGatewayCodes.SeeMessage, "Order not found."),
        ErrorKind.RouteNotFound => (404, CustomGatewayCodes.SeeMessage, "Not found: the order status API is PUT /order/{id}/status."),
        ErrorKind.MethodNotAllowed => (405, CustomGatewayCodes.SeeMessage, "Method not allowed: use PUT /order/{id}/status."),
        ErrorKind.Conflict => (409, CustomGatewayCodes.SeeMessage, Conflict(error)),
        ErrorKind.PreconditionFailed => (409, CustomGatewayCodes.SeeMessage, error.Detail ?? "The order has changed."),
        ErrorKind.Unprocessable when error.Code == OrderRuleCodes.UnknownFulfilmentCode =>
            (400, CustomGatewayCodes.SeeMessage, UnknownCode(error)),
        // A reused Idempotency-Key stays 422: a retry with another body is not a Kornit X error, it is the client's bug.
        ErrorKind.Unprocessable when error.Code == IdempotencyKeyReused => (422, CustomGatewayCodes.SeeMessage, error.Detail ?? "Idempotency-Key reused."),
        ErrorKind.Unprocessable or ErrorKind.BadRequest or ErrorKind.Validation => (400, CustomGatewayCodes.SeeMessage, Describe(error)),
        ErrorKind.PayloadTooLarge => (413, CustomGatewayCodes.SeeMessage, "The request body is too large."),
        ErrorKind.UnsupportedMediaType => (415, CustomGatewayCodes.SeeMessage, "Send the body as application/json."),
        ErrorKind.RateLimited => (429, CustomGatewayCodes.SeeMessage, error.Detail ?? "Too many requests."),
        ErrorKind.Unavailable => (503, CustomGatewayCodes.SeeMessage, error.Detail ?? "Temporarily unavailable; try again shortly."),
        _ => (500, CustomGatewayCodes.SeeMessage, "An unexpected error occurred; it has been logged."),
    };

    private static string Conflict(ApiError error) =>
        error.CurrentStatus is { } current
            ? $"{error.Detail} Current status: {current}."
            : error.Detail ?? "The request conflicts with the order's state.";

    private static string UnknownCode(ApiError error) =>
        error.Detail?.Contains("Valid codes", StringComparison.Ordinal) == true
            ? error.Detail
            : "Unknown order status code. " + CustomGatewayFormat.ValidCodesText;

    private static string Describe(ApiError error) =>
        error.FieldErrors is { Count: > 0 } fields
            ? string.Join(" ", fields.Select(f => $"{f.Key}: {string.Join(" ", f.Value)}"))
            : error.Detail ?? "The request is not valid.";
}
