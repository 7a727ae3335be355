using System.Diagnostics;

namespace OrderStatus.Api.Hosting;

/// <summary>One log line per request: method, route template, path, status, elapsed ms, request id.</summary>
internal sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
            LogRequest(logger, context.Request.Method, route, context.Request.Path, status,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.TraceIdentifier);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "HTTP {Method} {Route} ({Path}) responded {StatusCode} in {ElapsedMs:0.00} ms [{RequestId}]")]
    private static partial void LogRequest(ILogger logger, string method, string route, string path, int statusCode, double elapsedMs, string requestId);
}
