using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Routing.Patterns;
using OrderStatus.Api.Errors;

namespace OrderStatus.Api.Surfaces;

/// <summary>
/// How one surface (the canonical API, a vendor dialect) answers errors: it maps an <see cref="ApiError"/>
/// to its own status, headers and body. Implementations are stateless; they are created per use with
/// dependency injection (constructor parameters are resolved from the request's services).
/// </summary>
public interface IErrorShape
{
    /// <summary>Writes the whole error response. The response has not started; the status is not set yet.</summary>
    Task WriteAsync(HttpContext context, ApiError apiError);
}

/// <summary>Endpoint metadata: errors of this endpoint are written by <see cref="ShapeType"/>.</summary>
public sealed record ErrorShapeMetadata(Type ShapeType);

/// <summary>Metadata of the hidden endpoint that records a surface group's path prefix (never matched).</summary>
internal sealed record ErrorShapePrefixMarker(Type ShapeType);

public static class ErrorShapeExtensions
{
    private const string PrefixMarkerPattern = "/{**surfacePath}";

    /// <summary>
    /// Every error of the group's endpoints — use-case errors, auth challenges, 413, 415, 429, malformed
    /// JSON — and of requests under the group's prefix that match no endpoint (unknown route, 405) is
    /// written by <typeparamref name="TShape"/>. Longest prefix wins; outside every group, the canonical
    /// problem+json shape applies.
    /// </summary>
    public static RouteGroupBuilder WithErrorShape<TShape>(this RouteGroupBuilder group)
        where TShape : IErrorShape
    {
        group.WithMetadata(new ErrorShapeMetadata(typeof(TShape)));
        // Requests that match nothing have no endpoint to carry metadata, so the prefix itself is recorded:
        // by an endpoint the router never matches (SuppressMatching), whose pattern is the group's prefix.
        group.Map(PrefixMarkerPattern, static context => Task.CompletedTask)
            .WithMetadata(new SuppressMatchingMetadata(), new SuppressLinkGenerationMetadata(), new ErrorShapePrefixMarker(typeof(TShape)))
            .ExcludeFromDescription();
        return group;
    }

    /// <summary>The same for a single endpoint (no prefix of its own).</summary>
    public static RouteHandlerBuilder WithErrorShape<TShape>(this RouteHandlerBuilder endpoint)
        where TShape : IErrorShape =>
        endpoint.WithMetadata(new ErrorShapeMetadata(typeof(TShape)));

    internal static string? PrefixOf(RoutePattern pattern)
    {
        var literals = pattern.PathSegments
            .TakeWhile(s => s.IsSimple && s.Parts[0] is RoutePatternLiteralPart)
            .Select(s => ((RoutePatternLiteralPart)s.Parts[0]).Content)
            .ToList();
        return literals.Count == 0 ? null : "/" + string.Join('/', literals);
    }
}

/// <summary>The path prefixes of the surface groups, read once from the app's endpoints.</summary>
internal sealed class ErrorShapePrefixes(EndpointDataSource endpoints)
{
    private readonly Lazy<(PathString Prefix, Type Shape)[]> _prefixes = new(() => endpoints.Endpoints
        .OfType<RouteEndpoint>()
        .Select(e => (Endpoint: e, Marker: e.Metadata.GetMetadata<ErrorShapePrefixMarker>()))
        .Where(e => e.Marker is not null)
        .Select(e => (Prefix: ErrorShapeExtensions.PrefixOf(e.Endpoint.RoutePattern), e.Marker!.ShapeType))
        .Where(e => e.Prefix is not null)
        .Select(e => (new PathString(e.Prefix), e.ShapeType))
        .OrderByDescending(e => e.Item1.Value!.Length)
        .ToArray());

    public Type? ShapeFor(PathString path)
    {
        foreach (var (prefix, shape) in _prefixes.Value)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return shape;
            }
        }

        return null;
    }
}

/// <summary>The one way every part of the pipeline answers an error: through the request's surface's shape.</summary>
public static class ErrorResponses
{
    /// <summary>
    /// Writes <paramref name="error"/> in the shape of the surface that owns the request. HTTP-level
    /// facts are set here for every shape: <c>Retry-After</c> from <see cref="ApiError.RetryAfter"/>.
    /// </summary>
    public static Task WriteAsync(HttpContext context, ApiError error)
    {
        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var type = ShapeTypeFor(context);
        var shape = (IErrorShape)ActivatorUtilities.GetServiceOrCreateInstance(context.RequestServices, type);
        return shape.WriteAsync(context, error);
    }

    private static readonly object ShapeKey = new();

    /// <summary>For <c>UseStatusCodePages</c>: a bodiless 4xx/5xx (unknown route, wrong method …) in the surface's shape.</summary>
    public static Task WriteStatusCodePageAsync(StatusCodeContext context) =>
        WriteAsync(context.HttpContext, ApiError.ForStatus(context.HttpContext.Response.StatusCode, context.HttpContext.GetEndpoint() is RouteEndpoint));

    /// <summary>The endpoint's shape; else the shape of the longest surface prefix of the path; else canonical problem+json.</summary>
    public static Type ShapeTypeFor(HttpContext context)
    {
        if (context.Items.TryGetValue(ShapeKey, out var captured) && captured is Type type)
        {
            return type;
        }

        return context.GetEndpoint()?.Metadata.GetMetadata<ErrorShapeMetadata>()?.ShapeType
            ?? context.RequestServices.GetRequiredService<ErrorShapePrefixes>().ShapeFor(context.Request.Path)
            ?? typeof(ProblemJsonErrors);
    }

    /// <summary>
    /// Decides the request's shape right after routing, because the exception handler clears the
    /// endpoint before it writes an error.
    /// </summary>
    public static IApplicationBuilder UseErrorShapes(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Items[ShapeKey] = ShapeTypeFor(context);
        return next(context);
    });
}
