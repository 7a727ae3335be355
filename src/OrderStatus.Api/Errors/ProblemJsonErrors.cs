using Microsoft.AspNetCore.Mvc;
using OrderStatus.Api.Surfaces;

namespace OrderStatus.Api.Errors;

/// <summary>
/// The canonical API's error shape: RFC 9457 problem+json with the stable <c>code</c>, the
/// <c>requestId</c> (added by <see cref="ProblemDetailsSetup"/>), structured details and <c>errors</c>.
/// This is where the canonical surface maps error kinds to HTTP statuses.
/// </summary>
internal sealed class ProblemJsonErrors(IProblemDetailsService problems) : IErrorShape
{
    public static int StatusFor(ApiError error) => error.FrameworkStatus ?? error.Kind switch
    {
        ErrorKind.BadRequest or ErrorKind.MalformedBody or ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound or ErrorKind.RouteNotFound => StatusCodes.Status404NotFound,
        ErrorKind.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ErrorKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public async Task WriteAsync(HttpContext context, ApiError apiError)
    {
        var error = apiError;
        var status = StatusFor(error);
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = error.Title, Detail = error.Detail };
        // A plain framework status (no title) gets its code from ProblemDetailsSetup, after requestId, as it always has.
        if (error.Title is not null || error.Code != ProblemCodes.ForStatus(status))
        {
            problem.Extensions["code"] = error.Code;
        }

        if (error.CurrentStatus is { } current)
        {
            problem.Extensions["currentStatus"] = current;
            problem.Extensions["allowedNext"] = error.AllowedNext ?? [];
        }

        if (error.ValidCodes is { Count: > 0 } codes)
        {
            problem.Extensions["validCodes"] = codes;
        }

        foreach (var (key, value) in error.Details)
        {
            problem.Extensions[key] = value;
        }

        if (error.FieldErrors is { } errors)
        {
            problem.Extensions["errors"] = errors;
        }

        var problemContext = new ProblemDetailsContext { HttpContext = context, Exception = error.Exception, ProblemDetails = problem };
        if (!await problems.TryWriteAsync(problemContext))
        {
            // The client's Accept excludes JSON: an error still answers problem+json (RFC 9457), not an empty body.
            context.Request.Headers.Accept = "application/problem+json";
            await problems.TryWriteAsync(problemContext);
        }
    }
}
