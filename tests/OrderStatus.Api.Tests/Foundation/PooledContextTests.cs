using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Tests.Foundation;

public sealed class PooledContextTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_context_returned_to_the_pool_forgets_its_merchant()
    {
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<OrdersDbContext>>();
        for (var i = 0; i < 20; i++)
        {
            await using (var leased = await contexts.CreateDbContextAsync())
            {
                leased.UseTenant(new TenantScope(new FixedTenant(Guid.NewGuid())));
                Assert.NotEqual(Guid.Empty, leased.MerchantId);
            }

            await using var next = await contexts.CreateDbContextAsync();
            Assert.Equal(Guid.Empty, next.MerchantId);
        }
    }
}
