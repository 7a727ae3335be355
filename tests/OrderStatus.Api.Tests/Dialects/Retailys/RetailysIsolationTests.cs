using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Dialects.Retailys;

/// <summary>Another merchant's token on every Retailys route: 404 (never 403), nothing changes, lists never show the order.</summary>
public sealed class RetailysIsolationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Another_merchants_token_gets_404_on_every_route_and_changes_nothing()
    {
        var (a, canonicalA, _) = await RetailysApi.TenantAsync(factory, "Merchant A");
        var (b, _, _) = await RetailysApi.TenantAsync(factory, "Merchant B");
        var status = await (await canonicalA.PostAsJsonAsync("/api/v1/statuses/custom", new { name = "A's label" })).Content.ReadFromJsonAsync<JsonElement>();
        var number = await RetailysApi.CreateAsync(a);
        var item = await RetailysApi.AddItemAsync(a, number);
        Assert.Equal(HttpStatusCode.Created, (await a.PostAsJsonAsync($"/System/Orders/{number}/tracking", new { tracking_number = "ISO-A-TRK" })).StatusCode);
        var before = await RetailysApi.CanonicalAsync(canonicalA, number);
        var history = (await RetailysApi.HistoryAsync(canonicalA, before.GetProperty("id").GetString()!)).Count;

        // B has an order with the same number, so the numbers alone would collide: every route must scope by merchant.
        var own = await RetailysApi.CreateAsync(b);
        Assert.Equal(number, own);

        // A's order number 2 exists only for A.
        var second = await RetailysApi.CreateAsync(a);
        foreach (var (method, path, body) in RetailysAccessAndErrorsTests.OrderRoutes(second.ToString(System.Globalization.CultureInfo.InvariantCulture), "1"))
        {
            var response = await RetailysApi.SendAsync(b, method, path, body);
            await RetailysApi.ErrorAsync(response, HttpStatusCode.NotFound);
        }

        await RetailysApi.ErrorAsync(await b.PutAsJsonAsync("/System/Orders", new { id = second, delivery_city = "Stolen" }), HttpStatusCode.NotFound);

        // A's custom status is unknown to B, on its own order and in list filters.
        var label = status.GetProperty("number").GetInt64();
        await RetailysApi.ErrorAsync(await RetailysApi.PatchAsync(b, $"/System/Orders/{own}/status", new { status_id = label }), HttpStatusCode.NotFound);
        await RetailysApi.ErrorAsync(await b.GetAsync($"/System/Orders?status_id={label}"), HttpStatusCode.NotFound);
        var statuses = await RetailysApi.JsonAsync(await b.GetAsync("/System/Orders/Statuses"), HttpStatusCode.OK);
        Assert.Equal(0, statuses.GetProperty("statuses").GetArrayLength());
        var list = await RetailysApi.JsonAsync(await b.GetAsync("/System/Orders?per_page=250"), HttpStatusCode.OK);
        Assert.Equal([own], list.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("id").GetInt64()));
        Assert.Equal(0, (await RetailysApi.JsonAsync(await b.GetAsync("/System/Orders?tracking=ISO-A-TRK"), HttpStatusCode.OK)).GetProperty("orders").GetArrayLength());

        // Nothing B sent touched A's orders.
        var after = await RetailysApi.CanonicalAsync(canonicalA, number);
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(history, (await RetailysApi.HistoryAsync(canonicalA, after.GetProperty("id").GetString()!)).Count);
        Assert.Equal("created", (await RetailysApi.CanonicalAsync(canonicalA, second)).GetProperty("status").GetString());
    }
}
