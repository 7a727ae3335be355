using System.Net;
using System.Net.Http.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Orders;

/// <summary>Merchant B never sees or changes merchant A's orders, items, trackings or custom statuses: 404 on every route.</summary>
public sealed class TenantIsolationApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Every_route_answers_404_for_another_merchants_ids_and_lists_never_show_them()
    {
        var a = factory.CreateClientFor(await factory.CreateTenantAsync("Merchant A"));
        var b = factory.CreateClientFor(await factory.CreateTenantAsync("Merchant B"));

        var order = await OrderApi.CreateAsync(a, OrderApi.NewOrder("ISO-A"));
        var id = order.Id();
        var itemId = order.GetProperty("items")[0].Id();
        var tracking = await OrderApi.OkJsonAsync(await a.PostAsJsonAsync($"/api/v1/orders/{id}/trackings", new { trackingNumber = "ISO-TRK" }), HttpStatusCode.Created);
        var trackingId = tracking.Id();
        var custom = await OrderApi.OkJsonAsync(await a.PostAsJsonAsync("/api/v1/statuses/custom", new { name = "A only" }), HttpStatusCode.Created);
        var customId = custom.Id();
        var before = (await OrderApi.OkJsonAsync(await a.GetAsync($"/api/v1/orders/{id}"))).Version();

        var item = new { name = "x", quantity = 1, unitPrice = 1m };
        var requests = new (HttpMethod Method, string Path, object? Body, string Code)[]
        {
            (HttpMethod.Get, $"/api/v1/orders/{id}", null, "order_not_found"),
            (HttpMethod.Get, "/api/v1/orders/by-reference/ISO-A", null, "order_not_found"),
            (HttpMethod.Get, $"/api/v1/orders/{id}/status", null, "order_not_found"),
            (HttpMethod.Patch, $"/api/v1/orders/{id}", new { channel = "stolen" }, "order_not_found"),
            (HttpMethod.Post, $"/api/v1/orders/{id}/items", item, "order_not_found"),
            (HttpMethod.Put, $"/api/v1/orders/{id}/items/{itemId}", item, "order_not_found"),
            (HttpMethod.Delete, $"/api/v1/orders/{id}/items/{itemId}", null, "order_not_found"),
            (HttpMethod.Post, $"/api/v1/orders/{id}/paid", null, "order_not_found"),
            (HttpMethod.Post, $"/api/v1/orders/{id}/in-fulfilment", null, "order_not_found"),
            (HttpMethod.Post, $"/api/v1/orders/{id}/sent", null, "order_not_found"),
            (HttpMethod.Post, $"/api/v1/orders/{id}/delivered", null, "order_not_found"),
            (HttpMethod.Post, $"/api/v1/orders/{id}/done", null, "order_not_found"),
            (HttpMethod.Post, $"/api/v1/orders/{id}/cancel", null, "order_not_found"),
            (HttpMethod.Patch, $"/api/v1/orders/{id}/status", new { status = "paid" }, "order_not_found"),
            (HttpMethod.Post, $"/api/v1/orders/{id}/hold", null, "order_not_found"),
            (HttpMethod.Post, $"/api/v1/orders/{id}/release", null, "order_not_found"),
            (HttpMethod.Put, $"/api/v1/orders/{id}/collection-status", new { collectionStatus = "COLLECTED" }, "order_not_found"),
            (HttpMethod.Post, $"/api/v1/orders/{id}/trackings", new { trackingNumber = "B-TRK" }, "order_not_found"),
            (HttpMethod.Get, $"/api/v1/orders/{id}/trackings", null, "order_not_found"),
            (HttpMethod.Delete, $"/api/v1/orders/{id}/trackings/{trackingId}", null, "order_not_found"),
            (HttpMethod.Post, $"/api/v1/orders/{id}/trackings/{trackingId}/checkpoints", new { occurredAt = DateTimeOffset.UtcNow, status = "Delivered" }, "order_not_found"),
            (HttpMethod.Get, $"/api/v1/orders/{id}/history", null, "order_not_found"),
            (HttpMethod.Post, $"/api/v1/orders/{id}/history", new { name = "b", note = "b" }, "order_not_found"),
            (HttpMethod.Put, $"/api/v1/statuses/custom/{customId}", new { name = "B" }, "custom_status_not_found"),
            (HttpMethod.Delete, $"/api/v1/statuses/custom/{customId}", null, "custom_status_not_found"),
        };

        foreach (var (method, path, body, code) in requests)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            var response = await b.SendAsync(request);
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, code);
            Assert.DoesNotContain("ISO-A", problem.ToString(), StringComparison.Ordinal);
        }

        // B's own order cannot take A's custom status either.
        var own = await OrderApi.CreateAsync(b, OrderApi.NewOrder("ISO-B"));
        await ProblemAssert.IsProblemAsync(
            await b.PatchAsJsonAsync($"/api/v1/orders/{own.Id()}/status", new { customStatusId = customId }), HttpStatusCode.NotFound, "custom_status_not_found");

        var list = await OrderApi.OkJsonAsync(await b.GetAsync("/api/v1/orders?limit=200"));
        Assert.Equal([own.Id()], list.GetProperty("items").EnumerateArray().Select(o => o.Id()));
        foreach (var filter in new[] { "reference=ISO-A", "trackingNumber=ISO-TRK", "customerEmail=ada@example.com&reference=ISO-A", "status=created&channel=web&reference=ISO-A" })
        {
            Assert.Equal(0, (await OrderApi.OkJsonAsync(await b.GetAsync("/api/v1/orders?" + filter))).GetProperty("items").GetArrayLength());
        }

        var catalogue = await OrderApi.OkJsonAsync(await b.GetAsync("/api/v1/statuses"));
        Assert.Equal(0, catalogue.GetProperty("customStatuses").GetArrayLength());

        // A's order is untouched.
        var after = await OrderApi.OkJsonAsync(await a.GetAsync($"/api/v1/orders/{id}"));
        Assert.Equal(before, after.Version());
        Assert.Equal("created", after.Status());
    }

    [Fact]
    public async Task Read_only_clients_cannot_write_and_anonymous_callers_get_401()
    {
        var reader = factory.CreateClientFor(await factory.CreateTenantAsync("Reader", ["orders:read"]));
        await ProblemAssert.IsProblemAsync(await reader.PostAsJsonAsync("/api/v1/orders", OrderApi.NewOrder()), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/orders")).StatusCode);
        await ProblemAssert.IsProblemAsync(await factory.CreateClient().GetAsync("/api/v1/orders"), HttpStatusCode.Unauthorized);
    }
}
