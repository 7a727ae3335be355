using Microsoft.AspNetCore.Diagnostics;
using OrderStatus.Api.Surfaces;

namespace OrderStatus.Api.Errors;

/// <summary>
/// The one place that turns exceptions into error responses: into a neutral <see cref="ApiError"/>,
/// written in the shape of the surface that owns the request (problem+json for the canonical API).
/// </summary>
internal sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var error = ApiError.FromException(exception);
        if (error.Kind is ErrorKind.Internal or ErrorKind.Unavailable)
        {
            LogUnhandled(logger, exception, httpContext.TraceIdentifier);
        }

        await ErrorResponses.WriteAsync(httpContext, error);
        return true;
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled exception for request {RequestId}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestId);
}
