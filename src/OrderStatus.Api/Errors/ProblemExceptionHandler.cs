using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Webhooks;
using OrderStatus.Domain;

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
            OrderRuleViolation rule => (StatusFor(rule), rule.Code, TitleFor(rule), rule.Message),
            UseCaseProblem useCase => (useCase.Status, useCase.Code, TitleFor(useCase.Status), useCase.Message),
            DbUpdateConcurrencyException => (409, "concurrent_update", "The order was changed concurrently.", "Read it again and retry."),
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
        AddExtensions(problem, exception);

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = problem,
        });
    }

    /// <summary>Order rules: 409 for a refused state, 404 for unknown items and trackings, 422 for bad arguments (Domain README).</summary>
    private static int StatusFor(OrderRuleViolation rule) => rule.Code switch
    {
        OrderRuleCodes.ItemNotFound or OrderRuleCodes.TrackingNotFound => 404,
        OrderRuleCodes.UnknownFulfilmentCode or OrderRuleCodes.InvalidArgument => 422,
        _ => 409,
    };

    private static string TitleFor(OrderRuleViolation rule) => rule.Code switch
    {
        OrderRuleCodes.InvalidTransition => "The order cannot move to that status.",
        OrderRuleCodes.OrderOnHold => "The order is on hold.",
        OrderRuleCodes.OrderClosed => "The order is closed.",
        OrderRuleCodes.ItemsFrozen => "The order's items can no longer change.",
        OrderRuleCodes.NotPaid => "The order has not been paid.",
        OrderRuleCodes.DuplicateTracking => "The order already has that tracking number.",
        OrderRuleCodes.UnknownFulfilmentCode => "Unknown fulfilment code.",
        OrderRuleCodes.ItemNotFound => "Item not found.",
        OrderRuleCodes.TrackingNotFound => "Tracking not found.",
        _ => "The request breaks an order rule.",
    };

    private static void AddExtensions(ProblemDetails problem, Exception exception)
    {
        switch (exception)
        {
            case OrderRuleViolation rule:
                if (rule.CurrentStatus is { } current)
                {
                    problem.Extensions["currentStatus"] = current;
                    problem.Extensions["allowedNext"] = rule.AllowedNext;
                }

                if (rule.ValidFulfilmentCodes.Count > 0)
                {
                    problem.Extensions["validCodes"] = rule.ValidFulfilmentCodes;
                }

                break;
            case UseCaseProblem useCase:
                foreach (var (key, value) in useCase.Extensions)
                {
                    problem.Extensions[key] = value;
                }

                if (useCase.Errors is { } errors)
                {
                    problem.Extensions["errors"] = errors;
                }

                break;
            case WebhookValidationException invalid:
                problem.Extensions["errors"] = invalid.Errors;
                break;
        }
    }

    private static string TitleFor(int status) => status switch
    {
        404 => "Not found.",
        409 => "The request conflicts with the current state.",
        412 => "The precondition failed.",
        413 => "The request body is too large.",
        415 => "The request body's media type is not supported.",
        _ => "The request is not valid.",
    };

    private static string Describe(BadHttpRequestException bad)
    {
        // Say which part of the JSON was wrong (path, line) without echoing the body back.
        if (bad.InnerException is JsonException { Path: { } path } json)
        {
            // Strict canonical bodies (StrictCanonicalBodies): name the member that is not part of the request.
            if (json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            {
                var member = path[(path.LastIndexOf('.') + 1)..];
                return $"'{member}' is not a member of this request body (at '{path}'); see the operation's schema.";
            }

            return $"{bad.Message} The JSON is invalid at '{path}'" + (json.LineNumber is { } line ? $" (line {line + 1})." : ".");
        }

        return bad.Message;
    }

    private static bool IsTransient(Exception exception) =>
        exception is NpgsqlException { IsTransient: true } or TimeoutException;

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled exception for request {RequestId}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestId);
}
