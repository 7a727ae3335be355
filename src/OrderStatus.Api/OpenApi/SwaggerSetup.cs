using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using OrderStatus.Application.Access;

namespace OrderStatus.Api.OpenApi;

internal static class SwaggerSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddOrderStatusSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "OrderStatus API",
                Version = "v1",
                Description = """
                    Order lifecycle and order status for merchant back ends, dashboards and customer pages.

                    Authenticate with HTTP Basic `clientId:secret`, or exchange those credentials for a short-lived
                    bearer token at `POST /api/v1/auth/token`. Every error is `application/problem+json` (RFC 9457)
                    with a stable `code` and the `requestId` that is also echoed in the `X-Request-Id` header.
                    """,
            });

            options.AddSecurityDefinition("basic", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "basic",
                Description = "HTTP Basic with your API client's `clientId` as user name and its secret as password.",
            });
            options.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from `POST /api/v1/auth/token` (paste only the token, without `Bearer `).",
            });
            options.AddSecurityDefinition("oauth2", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "OAuth 2.0 client credentials: Swagger UI fetches the token for you.",
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow
                    {
                        TokenUrl = new Uri("/api/v1/auth/token", UriKind.Relative),
                        Scopes = new Dictionary<string, string>
                        {
                            [Scopes.OrdersRead] = "Read orders, statuses, history and events.",
                            [Scopes.OrdersWrite] = "Create and change orders.",
                            [Scopes.WebhooksManage] = "Manage webhook subscriptions.",
                            [Scopes.TrackingManage] = "Rotate the tracking-link secret; public tracking settings.",
                        },
                    },
                },
            });
            IncludeXmlComments(options);
            options.OperationFilter<SecurityRequirementsFilter>();
            options.OperationFilter<HeaderParametersFilter>();
            options.OperationFilter<QueryParametersFilter>();
            // After the one above: minVersion's description is the standby routing's own (ADR 0016).
            options.OperationFilter<QueryParameterDescriptionsFilter>();

            options.DocumentFilter<TagDescriptionsFilter>();
            options.DocumentFilter<ProblemSchemaFilter>();
            options.DocumentFilter<MapExamplesFilter>();
            options.DocumentFilter<ClosedSetsFilter>();

            // Surfaces (dialects) have documents of their own (SurfaceOpenApi.cs).
            options.DocInclusionPredicate(SurfaceOpenApiExtensions.IncludeIn);
            options.DocumentFilter<SurfaceSecurityFilter>();
            options.OperationFilter<SurfaceSecurityFilter>();
            options.SupportNonNullableReferenceTypes();
        });
        return services;
    }

    /// <summary>
    /// The XML doc comments of the wire types become the schemas' and properties' descriptions (the build writes
    /// them, <c>GenerateDocumentationFile</c>; publish copies them next to the assemblies).
    /// </summary>
    private static void IncludeXmlComments(Swashbuckle.AspNetCore.SwaggerGen.SwaggerGenOptions options)
    {
        foreach (var assembly in new[] { typeof(SwaggerSetup).Assembly, typeof(Scopes).Assembly, typeof(OrderStatus.Domain.Orders.OrderState).Assembly })
        {
            var file = Path.Combine(AppContext.BaseDirectory, assembly.GetName().Name + ".xml");
            if (File.Exists(file))
            {
                options.IncludeXmlComments(file);
            }
        }
    }

    public static WebApplication UseOrderStatusSwagger(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "OrderStatus API v1");
            foreach (var surface in app.Services.GetServices<SurfaceOpenApiDocument>())
            {
                options.SwaggerEndpoint($"/swagger/{surface.Name}/swagger.json", surface.Title);
            }

            options.DocumentTitle = "OrderStatus API";
            options.EnablePersistAuthorization();
            options.DisplayRequestDuration();
            // Marks Swagger UI's calls as script requests, so a 401 never carries the Basic challenge
            // that would open the browser's login dialog, even on a plain-http host where browsers
            // send no Sec-Fetch-Mode (see Access/BasicChallenge).
            options.UseRequestInterceptor("(request) => { request.headers['X-Requested-With'] = 'XMLHttpRequest'; return request; }");
        });
        return app;
    }
}

/// <summary>
/// Marks only the operations that need authorization as secured (Basic, bearer or the OAuth client
/// credentials flow, any one of them), and documents their 401 and, where a scope is required, 403.
/// </summary>
internal sealed class SecurityRequirementsFilter : Swashbuckle.AspNetCore.SwaggerGen.IOperationFilter
{
    public void Apply(OpenApiOperation operation, Swashbuckle.AspNetCore.SwaggerGen.OperationFilterContext context)
    {
        if (context.DocumentName != SwaggerSetup.DocumentName)
        {
            return; // a surface's document: SurfaceSecurityFilter
        }

        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
        {
            return;
        }

        var scopes = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Where(Scopes.IsKnown).Distinct().ToList();
        var document = context.Document;
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("basic", document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("oauth2", document)] = scopes },
        ];
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No or invalid credentials (problem+json)." });
        if (scopes.Count > 0)
        {
            operation.Responses.TryAdd("403", new OpenApiResponse
            {
                Description = $"The client lacks the scope {string.Join(", ", scopes)} (problem+json).",
            });
        }
    }
}

/// <summary>Gives every tag used by the endpoints a description in the document.</summary>
internal sealed class TagDescriptionsFilter : Swashbuckle.AspNetCore.SwaggerGen.IDocumentFilter
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["Health"] = "Liveness and readiness probes for orchestrators and load balancers.",
        ["Access"] = "Tokens and the caller's identity.",
        ["Orders"] = "Orders, their items and their lifecycle.",
        ["Statuses"] = "The status catalogue: canonical statuses, fulfilment codes and custom statuses.",
        ["Webhooks"] = "Webhook subscriptions and deliveries.",
        ["Events"] = "The change feed for dashboards.",
        ["Public tracking"] = "Customer-facing order tracking without credentials: signed links, the status page, its JSON and the SVG widget.",
    };

    public void Apply(OpenApiDocument swaggerDoc, Swashbuckle.AspNetCore.SwaggerGen.DocumentFilterContext context)
    {
        var used = swaggerDoc.Paths.Values
            .SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        swaggerDoc.Tags = new HashSet<OpenApiTag>(used.Order(StringComparer.Ordinal).Select(name => new OpenApiTag
        {
            Name = name,
            Description = Descriptions.GetValueOrDefault(name),
        }));
    }
}
