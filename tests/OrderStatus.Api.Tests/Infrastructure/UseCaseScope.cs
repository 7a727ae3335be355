using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus.Api.Access;

namespace OrderStatus.Api.Tests.Infrastructure;

/// <summary>
/// A DI scope of the running app that acts as an authenticated caller of a tenant, so that tests can
/// drive the use cases (OrderCommands, OrderQueries …) directly, the way a dialect endpoint calls them.
/// </summary>
public static class UseCaseScope
{
    public static AsyncServiceScope CreateScopeFor(this ApiFactory factory, TestTenant tenant)
    {
        var scope = factory.Services.CreateAsyncScope();
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(AccessClaims.MerchantId, tenant.MerchantId.ToString()),
                new Claim(AccessClaims.ClientId, tenant.ClientId),
            ],
            "test"));
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            User = principal,
            RequestServices = scope.ServiceProvider,
        };
        return scope;
    }
}
