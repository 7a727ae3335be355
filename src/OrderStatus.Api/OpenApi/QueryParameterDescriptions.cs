using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OrderStatus.Api.OpenApi;

/// <summary>Describes query parameters whose meaning the generated document cannot know from their type alone.</summary>
internal sealed class QueryParameterDescriptionsFilter : IOperationFilter
{
    public const string MinVersionDescription =
        "Read your own write: the order version you already know exists (e.g. the `version` or `ETag` a write answered). " +
        "The answer then shows that version or a newer one — a read served by a read-only standby that has not replayed it yet " +
        "is answered by the primary instead. An `If-None-Match` with an order's ETag counts the same way. Without it, a read " +
        "may come from a standby a little behind the primary.";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.In == ParameterLocation.Query && parameter.Name == "minVersion")
            {
                parameter.Description = MinVersionDescription;
            }
        }
    }
}
