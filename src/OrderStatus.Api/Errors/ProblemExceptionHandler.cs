using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using OrderStatus.Application.Webhooks;

namespace OrderStatus.Api.Errors;

/// <summary>The one place that turns exceptions into problem details.</summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, ProblemCodes.ForStatus(bad.StatusCode), TitleFor(bad.StatusCode), Describe(bad)),
            WebhookValidationException invalid => (400, "validation_failed", "The request is not valid.", invalid.Message),
            JsonException json => (400, "malformed_json", "The request body is not valid JSON.", json.Message),
            NpgsqlException or TimeoutException when IsTransient(exception) =>
                (503, "database_unavailable", "The database is temporarily unavailable.", "Try again shortly."),
            _ => (500, "internal_error", "An unexpected error occurred.", "The error has been logged with the request id."),
        };

        if (status >= 500)
        {
            LogUnhandled(logger, exception, httpContext.TraceIdentifier);
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Extensions = { ["code"] = code },
        };
        if (exception is WebhookValidationException { Errors: var errors })
        {
            problem.Extensions["errors"] = errors;
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = problem,
        });
    }

    private static string TitleFor(int status) => status switch
    {
        413 => "The request body is too large.",
        415 => "The request body's media type is not supported.",
        _ => "The request is not valid.",
    };

    private static string Describe(BadHttpRequestException bad)
    {
        // Say which part of the JSON was wrong (path, line) without echoing the body back.
        if (bad.InnerException is JsonException { Path: { } path } json)
        {
            return $"{bad.Message} The JSON is invalid at '{path}'" + (json.LineNumber is { } line ? $" (line {line + 1})." : ".");
        }

        return bad.Message;
    }

    private static bool IsTransient(Exception exception) =>
        exception is NpgsqlException { IsTransient: true } or TimeoutException;

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled exception for request {RequestId}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestId);
}
