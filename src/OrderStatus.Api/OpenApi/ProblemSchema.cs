using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

// The documents are OpenAPI 3.0, whose keyword is `example`; OpenApiSchema.Examples is the 3.1 keyword.
#pragma warning disable CS0618

namespace OrderStatus.Api.OpenApi;

/// <summary>
/// The canonical document has one error schema, <c>Problem</c>: RFC 9457 problem+json as
/// <see cref="Errors.ProblemJsonErrors"/> writes it (with <c>code</c>, <c>requestId</c> and <c>errors</c>).
/// Every 4xx/5xx response that is problem+json or has no body documented (the framework's 401/403/404) refers to
/// it, instead of ASP.NET's <c>ProblemDetails</c>/<c>HttpValidationProblemDetails</c>, which lack the service's
/// members and render their open extension members as <c>additionalProp1</c> in Swagger UI.
/// </summary>
internal sealed class ProblemSchemaFilter : IDocumentFilter
{
    public const string SchemaName = "Problem";
    public const string ContentType = "application/problem+json";
    private static readonly string[] Replaced = ["ProblemDetails", "HttpValidationProblemDetails"];

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        if (context.DocumentName != SwaggerSetup.DocumentName)
        {
            return; // a surface's document keeps its vendor's error shape
        }

        swaggerDoc.Components ??= new OpenApiComponents();
        swaggerDoc.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        swaggerDoc.Components.Schemas[SchemaName] = Schema();
        foreach (var response in swaggerDoc.Paths.Values
                     .SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
                     .SelectMany(o => o.Responses ?? new OpenApiResponses())
                     .Where(r => int.TryParse(r.Key, out var status) && status >= 400)
                     .Select(r => r.Value)
                     .OfType<OpenApiResponse>())
        {
            var content = response.Content;
            var isProblem = content is null || content.Count == 0
                || content.Values.Any(m => m.Schema is OpenApiSchemaReference reference && Replaced.Contains(reference.Reference.Id));
            if (isProblem)
            {
                response.Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
                {
                    [ContentType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(SchemaName, swaggerDoc) },
                };
            }
        }

        foreach (var name in Replaced)
        {
            swaggerDoc.Components.Schemas.Remove(name);
        }
    }

    private static OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An error (RFC 9457 problem details). Branch on `code`, not on `title` or `detail`; quote `requestId` when you report a problem.",
        Required = new HashSet<string>(StringComparer.Ordinal) { "type", "title", "status", "code", "requestId" },
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = Text("A URI reference that identifies the problem type."),
            ["title"] = Text("A short, human-readable summary of the problem type."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code of this response." },
            ["detail"] = Text("A human-readable explanation of this occurrence.", nullable: true),
            ["instance"] = Text("The request path this occurrence happened at.", nullable: true),
            ["code"] = Text("The stable, machine-readable error code, e.g. `validation_failed`, `duplicate_reference`, `invalid_transition`, `precondition_failed`, `unauthorized`."),
            ["requestId"] = Text("The request's id, also sent as the `X-Request-Id` response header and written to the logs."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object | JsonSchemaType.Null,
                Description = "Validation errors (400 `validation_failed`): the field's JSON path → its messages.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                Example = new JsonObject
                {
                    ["reference"] = new JsonArray("'reference' must not be empty."),
                    ["items[0].quantity"] = new JsonArray("'quantity' must be greater than '0'."),
                },
            },
            ["currentStatus"] = Text("409 `invalid_transition`: the order's status now.", nullable: true),
            ["allowedNext"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array | JsonSchemaType.Null,
                Items = new OpenApiSchema { Type = JsonSchemaType.String },
                Description = "409 `invalid_transition`: the statuses the order may move to from `currentStatus`.",
            },
            ["validCodes"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array | JsonSchemaType.Null,
                Items = new OpenApiSchema { Type = JsonSchemaType.String },
                Description = "422: the codes that would have been accepted.",
            },
        },
        Example = new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            ["title"] = "One or more validation errors occurred.",
            ["status"] = 400,
            ["detail"] = "See errors.",
            ["instance"] = "/api/v1/orders",
            ["code"] = "validation_failed",
            ["requestId"] = "3f0c2b9e-request-1",
            ["errors"] = new JsonObject { ["reference"] = new JsonArray("'reference' must not be empty.") },
        },
    };

    private static OpenApiSchema Text(string description, bool nullable = false) => new()
    {
        Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String,
        Description = description,
    };
}

/// <summary>
/// Gives each open map (a dictionary property) an example, so Swagger UI shows real keys instead of
/// <c>additionalProp1</c>, <c>additionalProp2</c> …; the keys are the ones the service writes. A map the service
/// always sends empty is documented as a closed empty object.
/// </summary>
internal sealed class MapExamplesFilter : IDocumentFilter
{
    private static readonly Dictionary<(string Schema, string Property), Func<JsonNode>> Examples = new()
    {
        [("HealthEntryDto", "data")] = () => new JsonObject { ["pending"] = new JsonArray("20261201120000_AddTrackings") },
        [("NGeniusOrder", "_links")] = () => new JsonObject
        {
            ["self"] = new JsonObject { ["href"] = "https://api.example.com/transactions/outlets/outlet-1/orders/ord-1" },
        },
        [("NGeniusPayment", "_links")] = () => new JsonObject
        {
            ["self"] = new JsonObject { ["href"] = "https://api.example.com/transactions/outlets/outlet-1/orders/ord-1/payments/pay-1" },
        },
        [("NGeniusPayment", "_embedded")] = () => new JsonObject
        {
            ["cnp:capture"] = new JsonArray(new JsonObject
            {
                ["state"] = "SUCCESS",
                ["amount"] = new JsonObject { ["currencyCode"] = "EUR", ["value"] = 4990 },
            }),
        },
    };

    /// <summary>Vendor maps this service always sends empty (<c>{}</c>): documented as such, not as open maps.</summary>
    private static readonly HashSet<(string Schema, string Property)> AlwaysEmpty =
    [
        ("NGeniusOrder", "merchantDefinedData"),
        ("NGeniusOrder", "merchantAttributes"),
        ("NGeniusEvent", "metaData"),
        ("ParcelLabTracking", "additionalAttributes"),
    ];

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        foreach (var (name, schema) in swaggerDoc.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            foreach (var (property, propertySchema) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                if (propertySchema is not OpenApiSchema open || open.Example is not null)
                {
                    continue;
                }

                if (Examples.TryGetValue((name, property), out var example))
                {
                    open.Example = example();
                }
                else if (AlwaysEmpty.Contains((name, property)))
                {
                    open.AdditionalProperties = null;
                    open.AdditionalPropertiesAllowed = false;
                    open.Description = "Always an empty object (`{}`) from this service; kept for the vendor's shape.";
                }
            }
        }
    }
}
