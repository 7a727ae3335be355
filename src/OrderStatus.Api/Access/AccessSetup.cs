using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using OrderStatus.Application.Access;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Access;

/// <summary>Claim types the service puts on an authenticated caller.</summary>
internal static class AccessClaims
{
    public const string MerchantId = "merchant_id";
    public const string ClientId = "client_id";
    public const string Scope = "scope";
}

internal static class AccessSetup
{
    public static IServiceCollection AddOrderStatusAccess(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentTenant, HttpCurrentTenant>();
        services.AddAuthentication(BasicAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(null)
            .AddPolicy(Scopes.OrdersRead, p => p.RequireAuthenticatedUser().RequireClaim(AccessClaims.Scope, Scopes.OrdersRead))
            .AddPolicy(Scopes.OrdersWrite, p => p.RequireAuthenticatedUser().RequireClaim(AccessClaims.Scope, Scopes.OrdersWrite))
            .AddPolicy(Scopes.WebhooksManage, p => p.RequireAuthenticatedUser().RequireClaim(AccessClaims.Scope, Scopes.WebhooksManage));
        return services;
    }
}

/// <summary>The merchant of the authenticated caller, read from its claims.</summary>
internal sealed class HttpCurrentTenant(IHttpContextAccessor accessor) : ICurrentTenant
{
    public Guid? MerchantId =>
        Guid.TryParse(accessor.HttpContext?.User.FindFirstValue(AccessClaims.MerchantId), out var id) ? id : null;
}
