using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Tests.Access;

/// <summary>
/// Two merchants side by side. Every issue that adds an endpoint extends this class: merchant B's
/// credentials must see none of merchant A's data, and A's ids must answer 404 to B exactly as
/// unknown ids do (never 403).
/// </summary>
public sealed class TenantIsolationTests(ApiFactory factory) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private TestTenant _a = null!;
    private TestTenant _b = null!;

    public async Task InitializeAsync()
    {
        _a = await factory.CreateTenantAsync("Merchant A");
        _b = await factory.CreateTenantAsync("Merchant B");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Each_merchant_is_its_own_caller_with_basic_and_bearer()
    {
        foreach (var (tenant, name) in new[] { (_a, "Merchant A"), (_b, "Merchant B") })
        {
            var viaBasic = await factory.CreateClientFor(tenant).GetFromJsonAsync<JsonElement>("/api/v1/me");
            var viaBearer = await (await factory.CreateBearerClientForAsync(tenant)).GetFromJsonAsync<JsonElement>("/api/v1/me");

            foreach (var me in new[] { viaBasic, viaBearer })
            {
                Assert.Equal(tenant.MerchantId, me.GetProperty("merchant").GetProperty("id").GetGuid());
                Assert.Equal(name, me.GetProperty("merchant").GetProperty("name").GetString());
                Assert.Equal(tenant.ClientId, me.GetProperty("clientId").GetString());
            }
        }
    }

    [Fact]
    public async Task One_merchants_client_id_with_another_merchants_secret_is_rejected()
    {
        var mixed = factory.CreateClientFor(_a with { Secret = _b.Secret });

        var response = await mixed.GetAsync("/api/v1/me");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Request_scoped_contexts_carry_the_callers_merchant_and_none_without_a_caller()
    {
        await using var scope = factory.Services.CreateAsyncScope();

        // Outside a request (no caller) the tenant filter matches no merchant at all.
        Assert.Equal(Guid.Empty, scope.ServiceProvider.GetRequiredService<OrdersDbContext>().MerchantId);
    }
}
