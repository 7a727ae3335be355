using System.Security.Claims;
using OrderStatus.Application.Access;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Access;

/// <summary>Claim types the service puts on an authenticated caller.</summary>
internal static class AccessClaims
{
    public const string MerchantId = "merchant_id";
    public const string ClientId = "client_id";
    public const string Scope = "scope";

    /// <summary><c>Basic</c> or <c>Bearer</c>.</summary>
    public const string AuthenticationMethod = "amr";
}

internal static class AccessSetup
{
    public static IServiceCollection AddOrderStatusAccess(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => o.TokenLifetimeSeconds is > 0 and <= 86_400, "Auth:TokenLifetimeSeconds must be between 1 and 86400.")
            .Validate(o => o.ClientCacheSeconds >= 0, "Auth:ClientCacheSeconds must not be negative.");
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        services.AddSingleton<SigningKeyProvider>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<ClientDirectory>();

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentTenant, HttpCurrentTenant>();
        services.AddAuthentication(ApiClientAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiClientAuthenticationHandler>(
                ApiClientAuthenticationHandler.SchemeName, null)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, Dialects.ParcelLab.ParcelLabAuthenticationHandler>(
                Dialects.ParcelLab.ParcelLabAuthenticationHandler.SchemeName, null);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(null)
            .AddPolicy(Scopes.OrdersRead, p => p.RequireAuthenticatedUser().RequireClaim(AccessClaims.Scope, Scopes.OrdersRead))
            .AddPolicy(Scopes.OrdersWrite, p => p.RequireAuthenticatedUser().RequireClaim(AccessClaims.Scope, Scopes.OrdersWrite))
            .AddPolicy(Scopes.WebhooksManage, p => p.RequireAuthenticatedUser().RequireClaim(AccessClaims.Scope, Scopes.WebhooksManage))
            .AddPolicy(Scopes.TrackingManage, p => p.RequireAuthenticatedUser().RequireClaim(AccessClaims.Scope, Scopes.TrackingManage));

        services.AddOrderStatusRequestLimits();
        return services;
    }

    /// <summary>Authentication, per-client rate limiting and authorization, in that order.</summary>
    public static WebApplication UseOrderStatusAccess(this WebApplication app)
    {
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Start-up work of the access feature, after migrations: fail fast without a signing key, and
    /// seed the demo merchant and client in Development.
    /// </summary>
    public static async Task PrepareAccessAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<SigningKeyProvider>().GetAsync();
        if (app.Environment.IsDevelopment())
        {
            await DemoSeed.RunAsync(app);
        }
    }
}

/// <summary>The merchant of the authenticated caller, read from its claims.</summary>
internal sealed class HttpCurrentTenant(IHttpContextAccessor accessor) : ICurrentTenant
{
    public Guid? MerchantId =>
        Guid.TryParse(accessor.HttpContext?.User.FindFirstValue(AccessClaims.MerchantId), out var id) ? id : null;
}
