using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Tests.Surfaces;

/// <summary>The DbContext's merchant comes only from the authenticated caller or a verified tracking grant.</summary>
public sealed class TenancyTests(SampleSurfaceFactory factory) : IClassFixture<SampleSurfaceFactory>
{
    [Fact]
    public void The_context_merchant_has_no_setter_and_every_ignore_query_filters_names_its_filter()
    {
        var property = typeof(OrdersDbContext).GetProperty(nameof(OrdersDbContext.MerchantId))!;
        Assert.Null(property.SetMethod);

        var src = Path.Combine(Application.Database.DatabaseBootstrap.RepositoryRoot(AppContext.BaseDirectory), "src");
        var unnamed = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Regex.IsMatch(File.ReadAllText(f), @"IgnoreQueryFilters\(\s*\)"))
            .ToList();
        Assert.Empty(unnamed);
    }

    [Fact]
    public async Task A_request_context_is_scoped_to_the_authenticated_caller_and_an_anonymous_one_to_nobody()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Token(tenant);

        var scoped = await client.GetFromJsonAsync<JsonElement>("/sample/tenant");
        var anonymous = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/sample/public/tenant");
        // Credentials sent to a public endpoint are authenticated too (the principal is verified).
        var credentialedPublic = await client.GetFromJsonAsync<JsonElement>("/sample/public/tenant");

        Assert.Equal(tenant.MerchantId, scoped.GetProperty("merchantId").GetGuid());
        Assert.Equal(Guid.Empty, anonymous.GetProperty("merchantId").GetGuid());
        Assert.Equal(tenant.MerchantId, credentialedPublic.GetProperty("merchantId").GetGuid());
    }

    [Fact]
    public async Task Wrong_credentials_on_a_public_endpoint_scope_nothing()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Token(tenant with { Secret = "wrong" });

        var body = await client.GetFromJsonAsync<JsonElement>("/sample/public/tenant");

        Assert.Equal(Guid.Empty, body.GetProperty("merchantId").GetGuid());
    }

    [Fact]
    public async Task A_verified_tracking_grant_scopes_an_anonymous_request_to_its_merchant()
    {
        var tenant = await factory.CreateTenantAsync();
        var writer = factory.CreateClient();
        writer.DefaultRequestHeaders.Token(tenant);
        var created = await (await writer.PostAsync("/sample/orders", SurfaceSeamsTests.Json("{\"ref\": \"TRACK-1\"}"))).Content.ReadFromJsonAsync<JsonElement>();
        var orderId = created.GetProperty("id").GetGuid();
        var anonymous = factory.CreateClient();

        var withoutGrant = await anonymous.GetAsync($"/sample/track/{tenant.MerchantId}/{orderId}");
        var withGrant = await anonymous.GetAsync($"/sample/track/{tenant.MerchantId}/{orderId}?grant=true");

        await SurfaceSeamsTests.AssertSampleErrorAsync(withoutGrant, HttpStatusCode.NotFound, "order_not_found");
        Assert.Equal(HttpStatusCode.OK, withGrant.StatusCode);
        Assert.Equal("TRACK-1", (await withGrant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString());
    }

    [Fact]
    public void A_tracking_grant_never_replaces_an_authenticated_caller_or_another_grant()
    {
        var caller = new TenantScope(new FixedTenant(Guid.NewGuid()));
        var anonymous = new TenantScope(null);
        var grant = new VerifiedTrackingGrant(Guid.NewGuid(), Guid.NewGuid(), TrackingGrantKind.SecondFactor);

        Assert.Throws<InvalidOperationException>(() => caller.UseTrackingGrant(grant));
        anonymous.UseTrackingGrant(grant);
        Assert.Equal(grant.MerchantId, anonymous.MerchantId);
        Assert.Throws<InvalidOperationException>(() =>
            anonymous.UseTrackingGrant(grant with { MerchantId = Guid.NewGuid() }));
        Assert.Throws<ArgumentException>(() => new TenantScope(null).UseTrackingGrant(grant with { MerchantId = Guid.Empty }));
    }
}
