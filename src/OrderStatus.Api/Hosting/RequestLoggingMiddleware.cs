using System.Diagnostics;

namespace OrderStatus.Api.Hosting;

/// <summary>One log line per request: method, route template, path, status, elapsed ms, request id.</summary>
internal sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        // Routing has already matched here; read the route now, because the exception handler
        // clears the endpoint before it writes an error response.
        var route = RouteOf(context);
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            LogRequest(logger, context.Request.Method, route ?? RouteOf(context) ?? "(no route)", context.Request.Path, status,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.TraceIdentifier);
        }
    }

    private static string? RouteOf(HttpContext context) => (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "HTTP {Method} {Route} ({Path}) responded {StatusCode} in {ElapsedMs:0.00} ms [{RequestId}]")]
    private static partial void LogRequest(ILogger logger, string method, string route, string path, int statusCode, double elapsedMs, string requestId);
}
