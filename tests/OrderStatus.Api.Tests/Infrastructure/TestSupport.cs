using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using OrderStatus.Application.Access;

namespace OrderStatus.Api.Tests.Infrastructure;

/// <summary>
/// Test-only endpoints <c>/test/requires/{scope}</c> that need one scope each, appended after the
/// app's own pipeline (authentication has run), to prove scope enforcement before order endpoints exist.
/// </summary>
public sealed class ScopeProbeStartupFilter : IStartupFilter
{
    public const string Path = "/test/requires";

    public static string PathFor(string scope) => $"{Path}/{scope.Replace(':', '-')}";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Map(Path, branch =>
        {
            // A routing table of the branch's own, not the application's.
            branch.Properties.Remove("__GlobalEndpointRouteBuilder");
            branch.UseRouting();
            branch.UseAuthorization();
            branch.UseEndpoints(endpoints =>
            {
                foreach (var scope in Scopes.All)
                {
                    endpoints.MapGet("/" + scope.Replace(':', '-'), () => Results.Ok(new { scope })).RequireAuthorization(scope);
                }
            });
        });
    };
}

/// <summary>A tenant for contexts a test builds itself (the service's own are scoped by the principal).</summary>
internal sealed class FixedTenant(Guid merchantId) : OrderStatus.Application.Persistence.ICurrentTenant
{
    public Guid? MerchantId => merchantId;

    public static OrderStatus.Application.Persistence.TenantScope Scope(Guid merchantId) => new(new FixedTenant(merchantId));
}
