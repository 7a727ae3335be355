using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Webhooks;
using OrderStatus.Domain;

namespace OrderStatus.Api.Surfaces;

/// <summary>
/// What went wrong, before a surface gives it a status and a body. Every surface's
/// <see cref="IErrorShape"/> switches on <c>Kind</c> (and on <c>Code</c> where it needs to).
/// </summary>
public enum ErrorKind
{
    /// <summary>The request is wrong in a way that is not about one field: a bad parameter, a bad header.</summary>
    BadRequest,

    /// <summary>The body could not be read: malformed JSON, a value of the wrong type.</summary>
    MalformedBody,

    /// <summary>One or more fields are invalid; <see cref="ApiError.FieldErrors"/> says which.</summary>
    Validation,

    /// <summary>No or invalid credentials.</summary>
    Unauthenticated,

    /// <summary>Authenticated, but the client lacks a scope (<see cref="ApiError.RequiredScopes"/>).</summary>
    Forbidden,

    /// <summary>An unknown id, or another merchant's (never told apart).</summary>
    NotFound,

    /// <summary>No route matches the path.</summary>
    RouteNotFound,

    /// <summary>The route exists, the method does not.</summary>
    MethodNotAllowed,

    /// <summary>The request conflicts with the order's state or another resource (a refused transition, a duplicate …).</summary>
    Conflict,

    /// <summary>An <c>If-Match</c> version no longer holds.</summary>
    PreconditionFailed,

    PayloadTooLarge,

    UnsupportedMediaType,

    /// <summary>Well-formed but not processable: an unknown fulfilment code, an invalid argument, a reused idempotency key.</summary>
    Unprocessable,

    /// <summary><see cref="ApiError.RetryAfter"/> says when to come back.</summary>
    RateLimited,

    /// <summary>A dependency (the database) is temporarily unavailable.</summary>
    Unavailable,

    Internal,
}

/// <summary>
/// A neutral description of an error: a kind, a stable machine code (the one the canonical API shows),
/// a human title and detail, and structured details. It has no HTTP status and no body; the surface's
/// <see cref="IErrorShape"/> chooses both. See docs/decisions/0008-surfaces.md.
/// </summary>
public sealed record ApiError(ErrorKind Kind, string Code)
{
    /// <summary>A short human summary (the canonical API's <c>title</c>); null for plain framework errors.</summary>
    public string? Title { get; init; }

    /// <summary>The human explanation of this occurrence.</summary>
    public string? Detail { get; init; }

    /// <summary>Field (camelCase path) → messages, for <see cref="ErrorKind.Validation"/>.</summary>
    public IReadOnlyDictionary<string, string[]>? FieldErrors { get; init; }

    /// <summary>The order's current status (wire name) when a transition was refused.</summary>
    public string? CurrentStatus { get; init; }

    /// <summary>The statuses the order may move to now (wire names), with <see cref="CurrentStatus"/>.</summary>
    public IReadOnlyList<string>? AllowedNext { get; init; }

    /// <summary>The valid fulfilment codes, when an unknown one was sent.</summary>
    public IReadOnlyList<int>? ValidCodes { get; init; }

    /// <summary>The scopes the operation needs, for <see cref="ErrorKind.Forbidden"/>.</summary>
    public IReadOnlyList<string>? RequiredScopes { get; init; }

    /// <summary>For <see cref="ErrorKind.RateLimited"/> and in-progress idempotent requests.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Further structured facts, named as the canonical API shows them (e.g. <c>currentVersion</c>).</summary>
    public IReadOnlyDictionary<string, object?> Details { get; init; } = new Dictionary<string, object?>();

    /// <summary>
    /// Set when the error is an HTTP-level status the framework produced (an unknown route, a wrong
    /// method, a body too large …): the status that status stands for. Null for the application's errors.
    /// </summary>
    public int? FrameworkStatus { get; init; }

    /// <summary>The exception behind the error, if any (never shown to callers).</summary>
    public Exception? Exception { get; init; }

    /// <summary>The error a bodiless response with <paramref name="status"/> stands for (unknown route, wrong method …).</summary>
    public static ApiError ForStatus(int status, bool matchedEndpoint) => KindAndCode(status, matchedEndpoint) with { FrameworkStatus = status };

    private static ApiError KindAndCode(int status, bool matchedEndpoint) => status switch
    {
        400 => new(ErrorKind.BadRequest, "bad_request"),
        401 => new(ErrorKind.Unauthenticated, "unauthorized"),
        403 => new(ErrorKind.Forbidden, "forbidden"),
        404 => new(matchedEndpoint ? ErrorKind.NotFound : ErrorKind.RouteNotFound, "not_found"),
        405 => new(ErrorKind.MethodNotAllowed, "method_not_allowed"),
        406 => new(ErrorKind.BadRequest, "not_acceptable"),
        409 => new(ErrorKind.Conflict, "conflict"),
        412 => new(ErrorKind.PreconditionFailed, "precondition_failed"),
        413 => new(ErrorKind.PayloadTooLarge, "payload_too_large"),
        415 => new(ErrorKind.UnsupportedMediaType, "unsupported_media_type"),
        422 => new(ErrorKind.Unprocessable, "unprocessable_entity"),
        429 => new(ErrorKind.RateLimited, "rate_limited"),
        503 => new(ErrorKind.Unavailable, "service_unavailable"),
        >= 500 => new(ErrorKind.Internal, "internal_error"),
        _ => new(ErrorKind.BadRequest, "client_error"),
    };

    /// <summary>The error an exception stands for: the application's and the domain's refusals, the framework's bad requests, or an internal error.</summary>
    public static ApiError FromException(Exception exception) => exception switch
    {
        BadHttpRequestException bad => FromBadRequest(bad),
        WebhookValidationException invalid => new(ErrorKind.Validation, UseCaseCodes.ValidationFailed)
        {
            Title = "The request is not valid.",
            Detail = invalid.Message,
            FieldErrors = invalid.Errors,
            Exception = exception,
        },
        JsonException json => new(ErrorKind.MalformedBody, "malformed_json")
        {
            Title = "The request body is not valid JSON.",
            Detail = json.Message,
            Exception = exception,
        },
        OrderRuleViolation rule => FromRule(rule),
        UseCaseProblem problem => FromUseCase(problem),
        DbUpdateConcurrencyException => new(ErrorKind.Conflict, "concurrent_update")
        {
            Title = "The order was changed concurrently.",
            Detail = "Read it again and retry.",
            Exception = exception,
        },
        // Input PostgreSQL cannot store (a NUL character, an escape jsonb refuses, a number out of its
        // range): SQLSTATE class 22, data exception. A client error, never a 500.
        _ when Find<PostgresException>(exception) is { SqlState: ['2', '2', ..] } data => new(ErrorKind.BadRequest, "invalid_value")
        {
            Title = "The request is not valid.",
            Detail = $"A value cannot be stored: {data.MessageText}",
            Exception = exception,
        },
        // The form reader refuses a body over FormOptions' limits (a key over 2,048 characters, too many values)
        // with InvalidDataException: the client's body, never a 500.
        _ when Find<InvalidDataException>(exception) is { } form => new(ErrorKind.MalformedBody, "malformed_body")
        {
            Title = "The request body cannot be read.",
            Detail = form.Message,
            Exception = exception,
        },
        _ when Find<System.Text.DecoderFallbackException>(exception) is not null => new(ErrorKind.MalformedBody, "malformed_json")
        {
            Title = "The request body is not valid JSON.",
            Detail = "The body is not valid UTF-8.",
            Exception = exception,
        },
        _ when IsTransient(exception) => new(ErrorKind.Unavailable, "database_unavailable")
        {
            Title = "The database is temporarily unavailable.",
            Detail = "Try again shortly.",
            RetryAfter = DatabaseRetryAfter,
            Exception = exception,
        },
        _ => new(ErrorKind.Internal, "internal_error")
        {
            Title = "An unexpected error occurred.",
            Detail = "The error has been logged with the request id.",
            Exception = exception,
        },
    };

    private static ApiError FromBadRequest(BadHttpRequestException bad)
    {
        var framework = ForStatus(bad.StatusCode, matchedEndpoint: true);
        // A body that could not be bound (malformed JSON, wrong types) is its own kind; the code stays the canonical one.
        var kind = bad.StatusCode == StatusCodes.Status400BadRequest && bad.InnerException is JsonException
            ? ErrorKind.MalformedBody
            : framework.Kind;
        return framework with { Kind = kind, Title = TitleFor(bad.StatusCode), Detail = Describe(bad), Exception = bad };
    }

    private static ApiError FromRule(OrderRuleViolation rule) => new(KindOf(rule.Code), rule.Code)
    {
        Title = TitleFor(rule),
        Detail = rule.Message,
        CurrentStatus = rule.CurrentStatus,
        AllowedNext = rule.CurrentStatus is null ? null : rule.AllowedNext,
        ValidCodes = rule.ValidFulfilmentCodes.Count > 0 ? rule.ValidFulfilmentCodes : null,
        Exception = rule,
    };

    private static ApiError FromUseCase(UseCaseProblem problem)
    {
        var kind = problem.Kind switch
        {
            UseCaseProblemKind.NotFound => ErrorKind.NotFound,
            UseCaseProblemKind.Conflict => ErrorKind.Conflict,
            UseCaseProblemKind.PreconditionFailed => ErrorKind.PreconditionFailed,
            UseCaseProblemKind.Unprocessable => ErrorKind.Unprocessable,
            _ => problem.Errors is null ? ErrorKind.BadRequest : ErrorKind.Validation,
        };
        return new(kind, problem.Code)
        {
            Title = kind switch
            {
                ErrorKind.NotFound => "Not found.",
                ErrorKind.Conflict => "The request conflicts with the current state.",
                ErrorKind.PreconditionFailed => "The precondition failed.",
                _ => "The request is not valid.",
            },
            Detail = problem.Message,
            FieldErrors = problem.Errors,
            Details = problem.Details,
            Exception = problem,
        };
    }

    /// <summary>Order rules: unknown items and trackings are not found, bad arguments unprocessable, the rest conflicts (Domain README).</summary>
    private static ErrorKind KindOf(string ruleCode) => ruleCode switch
    {
        OrderRuleCodes.ItemNotFound or OrderRuleCodes.TrackingNotFound => ErrorKind.NotFound,
        OrderRuleCodes.UnknownFulfilmentCode or OrderRuleCodes.InvalidArgument => ErrorKind.Unprocessable,
        _ => ErrorKind.Conflict,
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

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var depth = 0; exception is not null && depth < 5; depth++, exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>What a 503 for an unavailable database tells the client to wait.</summary>
    public static readonly TimeSpan DatabaseRetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A database failure worth retrying: itself, or what the retrying execution strategy gave up on
    /// (<see cref="Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException"/>), or the
    /// cause of a failed save or of an exception EF Core wraps it in.
    /// </summary>
    private static bool IsTransient(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 5; depth++, exception = exception.InnerException)
        {
            if (exception is NpgsqlException { IsTransient: true } or TimeoutException)
            {
                return true;
            }

            if (exception is not (Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException or DbUpdateException or InvalidOperationException))
            {
                return false;
            }
        }

        return false;
    }
}
