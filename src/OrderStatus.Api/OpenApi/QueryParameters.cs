using System.Text.Json;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OrderStatus.Api.OpenApi;

/// <summary>
/// Endpoint metadata: how the canonical API documents one query parameter — its description and, for a closed set,
/// the values the endpoint accepts (<paramref name="Values"/>, taken from the code's own constants).
/// <paramref name="CommaSeparated"/>: the parameter is one comma-separated list (<c>types=A,B</c>), documented as an
/// array with <c>style: form, explode: false</c>, which is exactly that on the wire.
/// </summary>
public sealed record QueryParameterDoc(string Name, string Description, IReadOnlyList<string>? Values = null, bool CommaSeparated = false);

public static class QueryParameterExtensions
{
    /// <summary>Documents the endpoint's query parameters (see <see cref="QueryParameterDoc"/>).</summary>
    public static TBuilder DescribesQuery<TBuilder>(this TBuilder builder, params QueryParameterDoc[] parameters)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata([.. parameters]);
}

/// <summary>
/// In the canonical document: query parameter names in camelCase, as the README and every example use them
/// (<c>onHold</c>, <c>createdFrom</c>). Swashbuckle names an <c>[AsParameters]</c> record's members as the C# property
/// (<c>OnHold</c>); ASP.NET Core matches query keys case-insensitively, so the wire accepts both and only the document
/// was off. Descriptions and closed sets come from the endpoint's <see cref="QueryParameterDoc"/> metadata.
/// A surface's document keeps its vendor's names (<c>per_page</c>).
/// </summary>
internal sealed class QueryParametersFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.DocumentName != SwaggerSetup.DocumentName || operation.Parameters is null)
        {
            return;
        }

        var docs = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<QueryParameterDoc>().ToList();
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query))
        {
            parameter.Name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
            var doc = docs.LastOrDefault(d => string.Equals(d.Name, parameter.Name, StringComparison.Ordinal));
            if (doc is null)
            {
                continue; // QueryParameterTests names the operation and parameter
            }

            parameter.Description = doc.Description;
            if (doc.Values is null)
            {
                continue;
            }

            var values = ClosedSets.Enum(doc.Values);
            if (doc.CommaSeparated)
            {
                parameter.Style = ParameterStyle.Form;
                parameter.Explode = false;
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = values },
                };
            }
            else if (parameter.Schema is OpenApiSchema schema)
            {
                schema.Enum = values;
            }
        }
    }
}
