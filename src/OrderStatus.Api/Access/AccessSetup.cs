using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
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
    /// <summary>The default authentication scheme: a policy scheme that selects the surface's scheme per endpoint.</summary>
    public const string SurfaceScheme = "Surface";

    /// <summary>
    /// Registers a surface's own authentication scheme (a dialect's header format); its handler derives
    /// from <see cref="CallerAuthenticationHandler"/>. Endpoints select it with <see cref="WithAuthenticationScheme{TBuilder}"/>.
    /// </summary>
    public static IServiceCollection AddCallerScheme<THandler>(this IServiceCollection services, string scheme)
        where THandler : CallerAuthenticationHandler
    {
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, THandler>(scheme, null);
        return services;
    }

    /// <summary>
    /// The group's (or endpoint's) callers authenticate with <paramref name="scheme"/> only; its
    /// challenges and denials answer. Combines with scope policies (<c>RequireAuthorization(Scopes.OrdersRead)</c>).
    /// </summary>
    public static TBuilder WithAuthenticationScheme<TBuilder>(this TBuilder builder, string scheme)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = scheme });

    /// <summary>
    /// The scheme the endpoint names (its last authorize data with schemes); else the canonical ones:
    /// JwtBearer for a bearer token, Basic (and every other case) otherwise.
    /// </summary>
    private static string SchemeFor(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .LastOrDefault(a => !string.IsNullOrEmpty(a.AuthenticationSchemes))?.AuthenticationSchemes?
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[0]
        ?? (BearerAuthentication.IsBearerRequest(context.Request) ? BearerAuthentication.SchemeName : ApiClientAuthenticationHandler.SchemeName);

    public static IServiceCollection AddOrderStatusAccess(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => o.TokenLifetimeSeconds is > 0 and <= 86_400, "Auth:TokenLifetimeSeconds must be between 1 and 86400.")
            .Validate(o => o.ClientCacheSeconds >= 0, "Auth:ClientCacheSeconds must not be negative.");
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        services.AddSingleton<SigningKeyProvider>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<ClientDirectory>();

        services.AddSingleton<CallerCredentials>();

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentTenant, HttpCurrentTenant>();
        // The default scheme only forwards: to the scheme the endpoint's surface names
        // (WithAuthenticationScheme), else to the canonical Basic/Bearer scheme. Challenges and
        // denials are forwarded the same way, so each surface answers them in its own shape.
        services.AddAuthentication(SurfaceScheme)
            .AddPolicyScheme(SurfaceScheme, "Per-surface authentication", options => options.ForwardDefaultSelector = SchemeFor)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiClientAuthenticationHandler>(
                ApiClientAuthenticationHandler.SchemeName, null)
            .AddOrderStatusBearer();

        services.AddSingleton<IAuthorizationHandler, CallerRequiredHandler>();
        services.AddAuthorizationBuilder()
            // Closed by default: an endpoint that declares nothing needs an authenticated caller.
            // Public endpoints say so with AllowAnonymous (health, token endpoints, public tracking).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().AddRequirements(new CallerRequiredRequirement()).Build())
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

/// <summary>The merchant of the authenticated caller, read from its claims; nothing for an unauthenticated principal.</summary>
internal sealed class HttpCurrentTenant(IHttpContextAccessor accessor) : ICurrentTenant
{
    public Guid? MerchantId => accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user
        && Guid.TryParse(user.FindFirstValue(AccessClaims.MerchantId), out var id) ? id : null;
}

/// <summary>The fallback policy's requirement: an authenticated caller.</summary>
internal sealed class CallerRequiredRequirement : IAuthorizationRequirement;

/// <summary>
/// Succeeds for an authenticated caller, and for requests that matched no endpoint of the app (an
/// unknown route, the router's 405 and 415 answers): there is nothing to protect, and they must keep
/// answering 404/405/415 rather than 401.
/// </summary>
internal sealed class CallerRequiredHandler : AuthorizationHandler<CallerRequiredRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CallerRequiredRequirement requirement)
    {
        var endpoint = (context.Resource as HttpContext)?.GetEndpoint();
        if (context.User.Identity?.IsAuthenticated == true || endpoint is not RouteEndpoint)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
