using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.OpenApi;
using OrderStatus.Api.Access;
using OrderStatus.Api.OpenApi;
using OrderStatus.Api.Surfaces;
using OrderStatus.Application.Orders;

namespace OrderStatus.Api.Dialects.Retailys;

internal static class RetailysSetup
{
    /// <summary>The Retailys dialect: its <c>token</c> scheme, its routes (an endpoint module) and its OpenAPI document.</summary>
    public static IServiceCollection AddRetailysDialect(this IServiceCollection services)
    {
        services.AddCallerScheme<RetailysAuthenticationHandler>(RetailysAuthenticationHandler.SchemeName);
        services.AddEndpointModule<RetailysEndpoints>();
        services.TryAddScoped<OrderPages>();
        services.AddSurfaceOpenApiDocument(new SurfaceOpenApiDocument(
            RetailysEndpoints.DocumentName,
            "Retailys compatibility",
            """
            The Retailys `/System/Orders` API (its PHP SDK's 16 operations) over the same orders as the canonical API,
            at `/System/Orders…` and `/v1/System/Orders…`: change only the host of an existing integration.
            Ids are integers: the order's number, the item's and the tracking's number within the order, and the
            custom status' number. Authenticate with the header `token: <clientId>:<secret>` or `token: <access token>`
            (from `POST /api/v1/auth/token`). Errors are `{"message", "detail"}`. See the README's
            "Retailys compatibility" section for the field mapping.
            """,
            new Dictionary<string, OpenApiSecurityScheme>
            {
                [RetailysAuthenticationHandler.HeaderName] = new()
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = RetailysAuthenticationHandler.HeaderName,
                    Description = "`clientId:secret` of an API client, or an access token from `POST /api/v1/auth/token`.",
                },
            }));
        return services;
    }
}
