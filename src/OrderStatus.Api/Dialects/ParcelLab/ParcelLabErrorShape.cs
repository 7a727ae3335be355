using OrderStatus.Api.Surfaces;

namespace OrderStatus.Api.Dialects.ParcelLab;

/// <summary>
/// parcelLab's error envelope (DIALECTS.md 5.5) for every error under <c>/v4/track/orders</c>, the
/// framework's included: <c>{"type": "client_error" | "validation_error" | "server_error",
/// "errors": [{"code", "detail", "attr"}]}</c> with Django REST framework's codes.
/// </summary>
internal sealed class ParcelLabErrorShape : IErrorShape
{
    public Task WriteAsync(HttpContext context, ApiError apiError)
    {
        var (status, body) = apiError.Kind switch
        {
            ErrorKind.Validation => (400, new ParcelLabErrors("validation_error",
                apiError.FieldErrors is { Count: > 0 } fields
                    ? [.. fields.SelectMany(f => f.Value.Select(m => new ParcelLabError("invalid", m, f.Key)))]
                    : [new ParcelLabError("invalid", apiError.Detail ?? "Invalid input.", null)])),
            ErrorKind.BadRequest => (400, ParcelLabErrors.Invalid(apiError.Detail ?? "Invalid input.", null)),
            ErrorKind.MalformedBody => (400, ParcelLabErrors.Client("parse_error", "Malformed request.")),
            ErrorKind.Unauthenticated => (401, apiError.Code == "unauthorized"
                ? ParcelLabErrors.Client("not_authenticated", "Authentication credentials were not provided.")
                : ParcelLabErrors.Client("authentication_failed", "Incorrect authentication credentials.")),
            ErrorKind.Forbidden => (403, ParcelLabErrors.Client("permission_denied", "You do not have permission to perform this action.")),
            ErrorKind.NotFound or ErrorKind.RouteNotFound => (404, ParcelLabErrors.Client("not_found", "Not found.")),
            ErrorKind.MethodNotAllowed => (405, ParcelLabErrors.Client("method_not_allowed", $"Method \"{context.Request.Method}\" not allowed.")),
            ErrorKind.PayloadTooLarge => (413, ParcelLabErrors.Client("request_too_large", "The request is too large.")),
            ErrorKind.UnsupportedMediaType => (415, ParcelLabErrors.Client("unsupported_media_type", "Unsupported media type in request.")),
            ErrorKind.RateLimited => (429, ParcelLabErrors.Client("throttled",
                $"Request was throttled. Expected available in {Math.Max(1, (int)Math.Ceiling(apiError.RetryAfter?.TotalSeconds ?? 1))} seconds.")),
            ErrorKind.Conflict or ErrorKind.PreconditionFailed or ErrorKind.Unprocessable => (400, ParcelLabErrors.Invalid(apiError.Detail ?? "Invalid input.", null)),
            ErrorKind.Unavailable => (503, new ParcelLabErrors("server_error", [new ParcelLabError("service_unavailable", "Service temporarily unavailable, try again later.", null)])),
            _ => (500, new ParcelLabErrors("server_error", [new ParcelLabError("error", "A server error occurred.", null)])),
        };

        if (status == 401)
        {
            context.Response.Headers.WWWAuthenticate = $"{ParcelLabAuthenticationHandler.TokenScheme}, Bearer";
        }

        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body, ParcelLabOrderInfo.Json, context.RequestAborted);
    }
}
