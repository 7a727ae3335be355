using System.Net;
using System.Net.Http.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Orders;

public sealed class ItemsAndTrackingsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Items_are_added_replaced_and_removed_with_totals_recomputed_and_frozen_once_sent()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var id = (await OrderApi.CreateAsync(client, OrderApi.NewOrder(items: 1))).Id();

        var added = await client.PostAsJsonAsync($"/api/v1/orders/{id}/items", new { sku = "NEW", name = "New", quantity = 3, unitPrice = 2.25m });
        var order = await OrderApi.OkJsonAsync(added, HttpStatusCode.Created);
        Assert.Equal(10.5m + 6.75m, order.GetProperty("total").GetDecimal());
        var itemId = order.GetProperty("items")[1].Id();
        Assert.EndsWith($"/items/{itemId}", added.Headers.Location!.ToString(), StringComparison.Ordinal);

        var replaced = await OrderApi.OkJsonAsync(await client.PutAsJsonAsync($"/api/v1/orders/{id}/items/{itemId}", new { name = "New", quantity = 1, unitPrice = 1m }));
        Assert.Equal(11.5m, replaced.GetProperty("total").GetDecimal());

        await ProblemAssert.IsProblemAsync(await client.PutAsJsonAsync($"/api/v1/orders/{id}/items/{Guid.NewGuid()}", new { name = "x", quantity = 1, unitPrice = 1m }), HttpStatusCode.NotFound, "item_not_found");
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/items", new { name = "x", quantity = 0, unitPrice = 1m }), HttpStatusCode.BadRequest, "validation_failed");
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/items", new { name = "x", quantity = 1, unitPrice = 1.001m }), HttpStatusCode.BadRequest, "validation_failed");

        var removed = await OrderApi.OkJsonAsync(await client.DeleteAsync($"/api/v1/orders/{id}/items/{itemId}"));
        Assert.Equal(10.5m, removed.GetProperty("total").GetDecimal());
        Assert.Equal(1, removed.GetProperty("items").GetArrayLength());

        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/sent"));
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/items", new { name = "late", quantity = 1, unitPrice = 1m }), HttpStatusCode.Conflict, "items_frozen");
        var first = removed.GetProperty("items")[0].Id();
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync($"/api/v1/orders/{id}/items/{first}"), HttpStatusCode.Conflict, "items_frozen");
    }

    [Fact]
    public async Task A_delivered_checkpoint_on_the_last_open_tracking_delivers_a_sent_order()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var id = (await OrderApi.CreateAsync(client)).Id();

        var first = await OrderApi.OkJsonAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/trackings", new { trackingNumber = "T-1", carrier = "DHL" }), HttpStatusCode.Created);
        var second = await OrderApi.OkJsonAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/trackings", new { trackingNumber = "T-2", carrier = "DPD" }), HttpStatusCode.Created);
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/trackings", new { trackingNumber = "T-1" }), HttpStatusCode.Conflict, "duplicate_tracking");
        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/sent"));

        var scan = await OrderApi.OkJsonAsync(await client.PostAsJsonAsync(
            $"/api/v1/orders/{id}/trackings/{first.Id()}/checkpoints",
            new { occurredAt = "2026-11-20T10:00:00+01:00", status = "LastMile", statusText = "Out for delivery", location = "Berlin" }), HttpStatusCode.Created);
        Assert.Equal("LastMile", scan.GetProperty("lifecycle").GetString());
        await OrderApi.OkJsonAsync(await client.PostAsJsonAsync(
            $"/api/v1/orders/{id}/trackings/{first.Id()}/checkpoints",
            new { occurredAt = "2026-11-20T15:00:00Z", status = "Delivered" }), HttpStatusCode.Created);
        Assert.Equal("sent", (await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/status"))).Status());

        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync(
            $"/api/v1/orders/{id}/trackings/{second.Id()}/checkpoints", new { occurredAt = "2026-11-20T15:00:00Z", status = "Teleported" }), HttpStatusCode.BadRequest, "validation_failed");
        await OrderApi.OkJsonAsync(await client.PostAsJsonAsync(
            $"/api/v1/orders/{id}/trackings/{second.Id()}/checkpoints", new { occurredAt = "2026-11-20T16:00:00Z", status = "Delivered" }), HttpStatusCode.Created);

        var status = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/status"));
        Assert.Equal("delivered", status.Status());
        Assert.Equal(2, status.GetProperty("trackings").GetArrayLength());
        Assert.All(status.GetProperty("trackings").EnumerateArray(), t => Assert.Equal("Delivered", t.GetProperty("lifecycle").GetString()));

        var trackings = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/trackings"));
        Assert.Equal(2, trackings[0].GetProperty("checkpoints").GetArrayLength());

        await ProblemAssert.IsProblemAsync(await client.DeleteAsync($"/api/v1/orders/{id}/trackings/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "tracking_not_found");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/orders/{id}/trackings/{second.Id()}")).StatusCode);
        Assert.Single((await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/trackings"))).EnumerateArray());
    }

    [Fact]
    public async Task Patch_changes_details_and_leaves_absent_fields()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var id = (await OrderApi.CreateAsync(client)).Id();

        var patched = await OrderApi.OkJsonAsync(await client.PatchAsJsonAsync($"/api/v1/orders/{id}", new
        {
            customer = new { name = "Grace", email = "grace@example.com" },
            shippingAddress = new { line1 = "1 Main St", city = "Springfield", countryCode = "us" },
        }));
        Assert.Equal("Grace", patched.GetProperty("customer").GetProperty("name").GetString());
        Assert.Equal("US", patched.GetProperty("shippingAddress").GetProperty("countryCode").GetString());
        Assert.Equal("web", patched.GetProperty("channel").GetString());
        Assert.Equal(2, patched.Version());

        var list = await OrderApi.OkJsonAsync(await client.GetAsync("/api/v1/orders?customerEmail=GRACE@example.com"));
        Assert.Equal(id, list.GetProperty("items")[0].Id());
        await ProblemAssert.IsProblemAsync(await client.PatchAsJsonAsync($"/api/v1/orders/{id}", new { billingAddress = new { countryCode = "ZZ" } }), HttpStatusCode.BadRequest, "validation_failed");
    }
}
