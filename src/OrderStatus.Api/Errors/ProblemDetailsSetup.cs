
namespace OrderStatus.Api.Errors;

internal static class ProblemDetailsSetup
{
    /// <summary>
    /// Every canonical error body is RFC 9457 problem+json with a stable machine <c>code</c> and the
    /// <c>requestId</c>: thrown errors through <see cref="ProblemExceptionHandler"/>, bodiless 4xx
    /// (unknown route, wrong method) through the status-code-pages middleware, both via the request's
    /// surface error shape (<see cref="ProblemJsonErrors"/> for the canonical API).
    /// </summary>
    public static IServiceCollection AddOrderStatusProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions["requestId"] = context.HttpContext.TraceIdentifier;
            if (!problem.Extensions.ContainsKey("code") && problem.Status is { } status)
            {
                problem.Extensions["code"] = ProblemCodes.ForStatus(status);
            }

            problem.Type ??= ProblemCodes.TypeFor(problem.Status ?? 500);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddSingleton<Surfaces.ErrorShapePrefixes>();

        // Minimal APIs answer a bad body with a bare 400 unless told to throw; throwing lets the
        // exception handler say what was wrong.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }
}

/// <summary>Stable machine codes and type URIs for problem details.</summary>
public static class ProblemCodes
{
    public static string ForStatus(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        409 => "conflict",
        412 => "precondition_failed",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "unprocessable_entity",
        429 => "rate_limited",
        503 => "service_unavailable",
        _ => status >= 500 ? "internal_error" : "client_error",
    };

    /// <summary>The RFC 9110 section describing the status, as RFC 9457 suggests for generic problems.</summary>
    public static string TypeFor(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        412 => "https://tools.ietf.org/html/rfc9110#section-15.5.13",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        _ => "about:blank",
    };
}
