using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using OrderStatus.Api.Surfaces;
using OrderStatus.Domain;

namespace OrderStatus.Api.Dialects.Retailys;

/// <summary>
/// Endpoint metadata: the status a refused state change answers on this route. The vendor's spec documents
/// 422 on <c>sent</c> and <c>delivered</c> and only 400 on the others (DIALECTS.md 2.5).
/// </summary>
internal sealed record RetailysRefusalStatus(int Status);

/// <summary>
/// The Retailys error shape: <c>ErrorModel</c> <c>{"message", "detail"}</c> as <c>application/json</c> with
/// the status the vendor documents. <c>message</c> is the status' name, <c>detail</c> says what was wrong in
/// Retailys terms (wire field names, the current status and the allowed next ones).
/// </summary>
internal sealed class RetailysErrors : IErrorShape
{
    public static int StatusFor(ApiError error, int refusalStatus) => error.Kind switch
    {
        ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound or ErrorKind.RouteNotFound => StatusCodes.Status404NotFound,
        ErrorKind.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        // A duplicate in flight is HTTP's business (clients retry on 409 + Retry-After); a refused state change is the route's.
        ErrorKind.Conflict when error.Code == "idempotency_request_in_progress" => StatusCodes.Status409Conflict,
        ErrorKind.Conflict => refusalStatus,
        ErrorKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ErrorKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorKind.Unprocessable when error.Code == "idempotency_key_reused" => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.Internal => StatusCodes.Status500InternalServerError,
        // Bad parameters, bodies, field values and arguments: the vendor documents 400 for all of them.
        _ => StatusCodes.Status400BadRequest,
    };

    public async Task WriteAsync(HttpContext context, ApiError error)
    {
        // The exception handler has cleared the endpoint by now; its feature still has it.
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        var refusal = endpoint?.Metadata.GetMetadata<RetailysRefusalStatus>()?.Status ?? StatusCodes.Status400BadRequest;
        var status = StatusFor(error, refusal);
        context.Response.StatusCode = status;
        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsJsonAsync(new RetailysError(MessageFor(status), DetailFor(error, status)), context.RequestAborted);
    }

    private static string MessageFor(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        412 => "Precondition failed",
        413 => "Payload too large",
        415 => "Unsupported media type",
        422 => "Unprocessable entity",
        429 => "Too many requests",
        503 => "Service unavailable",
        _ => status >= 500 ? "Internal server error" : "Client error",
    };

    internal static string DetailFor(ApiError error, int status)
    {
        var detail = error.Detail ?? error.Title ?? FrameworkDetail(status);
        if (error.FieldErrors is { Count: > 0 } fields)
        {
            detail = string.Join(" ", fields.Select(f => $"{RetailysMapping.WireField(f.Key)}: {string.Join(" ", f.Value)}"));
        }

        if (error.CurrentStatus is { } current && error.Code is OrderRuleCodes.InvalidTransition or OrderRuleCodes.OrderOnHold or OrderRuleCodes.OrderClosed)
        {
            var allowed = error.AllowedNext is { Count: > 0 } next ? string.Join(", ", next) : "none";
            detail += $" Current status: {current}; allowed next: {allowed}.";
        }

        return detail;
    }

    private static string FrameworkDetail(int status) => status switch
    {
        401 => "Missing or invalid token.",
        404 => "No such resource.",
        405 => "The resource does not allow this method.",
        413 => "The request body is too large.",
        415 => "Send the body as application/json.",
        429 => "Too many requests; retry after the time in Retry-After.",
        _ => "The request could not be processed.",
    };
}
