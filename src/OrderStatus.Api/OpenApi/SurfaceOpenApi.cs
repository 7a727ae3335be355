using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OrderStatus.Api.OpenApi;

/// <summary>
/// A surface's own OpenAPI document: its name (the <c>WithGroupName</c> its endpoints use and the
/// path <c>/swagger/{name}/swagger.json</c>), title, description and the security schemes its callers
/// use (shown by Swagger UI's Authorize). See docs/decisions/0008-surfaces.md.
/// </summary>
public sealed record SurfaceOpenApiDocument(
    string Name,
    string Title,
    string Description,
    IReadOnlyDictionary<string, OpenApiSecurityScheme> SecuritySchemes,
    string Version = "v1");

public static class SurfaceOpenApiExtensions
{
    /// <summary>
    /// Registers <paramref name="document"/>: Swashbuckle generates it from the endpoints whose group
    /// name is <see cref="SurfaceOpenApiDocument.Name"/>, with only its security schemes, and Swagger
    /// UI's definition selector lists it after the canonical document.
    /// </summary>
    public static IServiceCollection AddSurfaceOpenApiDocument(this IServiceCollection services, SurfaceOpenApiDocument document)
    {
        services.AddSingleton(document);
        services.Configure<SwaggerGenOptions>(options => options.SwaggerDoc(document.Name, new OpenApiInfo
        {
            Title = document.Title,
            Version = document.Version,
            Description = document.Description,
        }));
        return services;
    }

    /// <summary>The canonical document holds the endpoints without a group name; a surface's only its own.</summary>
    internal static bool IncludeIn(string documentName, Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription endpoint) =>
        endpoint.GroupName == documentName || (endpoint.GroupName is null && documentName == SwaggerSetup.DocumentName);
}

/// <summary>In a surface's document: only its security schemes, and its secured operations require one of them.</summary>
internal sealed class SurfaceSecurityFilter(IEnumerable<SurfaceOpenApiDocument> documents) : IDocumentFilter, IOperationFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        if (Find(context.DocumentName) is not { } surface)
        {
            return;
        }

        swaggerDoc.Components ??= new OpenApiComponents();
        swaggerDoc.Components.SecuritySchemes = surface.SecuritySchemes
            .ToDictionary(s => s.Key, s => (IOpenApiSecurityScheme)s.Value, StringComparer.Ordinal);
    }

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (Find(context.DocumentName) is not { } surface)
        {
            return;
        }

        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [];
            return;
        }

        operation.Security = [.. surface.SecuritySchemes.Keys.Select(name =>
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(name, context.Document)] = [] })];
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No or invalid credentials." });
    }

    private SurfaceOpenApiDocument? Find(string documentName) =>
        documentName == SwaggerSetup.DocumentName ? null : documents.FirstOrDefault(d => d.Name == documentName);
}
