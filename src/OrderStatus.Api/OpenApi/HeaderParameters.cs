using Microsoft.OpenApi;
using OrderStatus.Api.Hosting;
using OrderStatus.Api.Idempotency;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OrderStatus.Api.OpenApi;

/// <summary>
/// Endpoint metadata: the endpoint reads <c>If-Match</c> (a stale tag answers 412) and/or <c>If-None-Match</c>
/// (a matching tag answers 304). Declared next to the code that reads the header, so the OpenAPI document
/// lists exactly the operations that honour it.
/// </summary>
public sealed record ConditionalRequestMetadata(bool IfMatch, bool IfNoneMatch);

public static class ConditionalRequestExtensions
{
    /// <summary>The endpoint checks <c>If-Match</c> against the order's version (<c>ETags.IfMatchVersion</c>).</summary>
    public static TBuilder HonoursIfMatch<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ConditionalRequestMetadata(IfMatch: true, IfNoneMatch: false));

    /// <summary>The endpoint answers 304 to a matching <c>If-None-Match</c>.</summary>
    public static TBuilder HonoursIfNoneMatch<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ConditionalRequestMetadata(IfMatch: false, IfNoneMatch: true));
}

/// <summary>
/// Documents the request headers the service honours as header parameters, so Swagger UI's "Try it out" can send
/// them: <c>X-Request-Id</c> on every operation (<see cref="RequestIdMiddleware"/> runs for every request),
/// <c>Idempotency-Key</c> on the writes whose endpoint declares <see cref="IdempotencyMetadata"/> (the rule
/// <see cref="IdempotencyMiddleware"/> applies), <c>If-Match</c>/<c>If-None-Match</c> where
/// <see cref="ConditionalRequestMetadata"/> says so.
/// </summary>
internal sealed class HeaderParametersFilter : IOperationFilter
{
    public const string RequestIdDescription =
        "Your id for this request (1–128 letters, digits, `-_.:`); echoed in the `X-Request-Id` response header, logs and error bodies. Made up when absent.";

    public const string IdempotencyKeyDescription =
        "Makes the write safe to retry: the first response is stored and replayed for the same key (24 h); the same key with a different request answers 422. 1–255 visible ASCII characters, e.g. a UUID.";

    public const string IfMatchDescription =
        "The `ETag` you read (the order's version, e.g. `\"7\"`): the change is applied only if the order is still at that version, else 412.";

    public const string IfNoneMatchDescription =
        "The `ETag` you already have: answers 304 Not Modified while the resource is unchanged.";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var method = context.ApiDescription.HttpMethod ?? string.Empty;
        var conditional = metadata.OfType<ConditionalRequestMetadata>().ToList();

        operation.Parameters ??= [];
        Add(operation, RequestIdMiddleware.Header, RequestIdDescription);
        if (IsWrite(method) && metadata.OfType<IdempotencyMetadata>().LastOrDefault() is { Enabled: true })
        {
            Add(operation, IdempotencyMiddleware.Header, IdempotencyKeyDescription);
        }

        if (conditional.Any(c => c.IfMatch))
        {
            Add(operation, "If-Match", IfMatchDescription);
        }

        if (conditional.Any(c => c.IfNoneMatch))
        {
            Add(operation, "If-None-Match", IfNoneMatchDescription);
        }
    }

    internal static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    // No example: Swagger UI pre-fills "Try it out" with a parameter's example, so every caller would send the same
    // Idempotency-Key (a replay, or 422) and a fixed If-Match (412 on any order past that version).
    private static void Add(OpenApiOperation operation, string name, string description)
    {
        if (operation.Parameters!.Any(p => p.In == ParameterLocation.Header && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        operation.Parameters!.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = false,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }
}
