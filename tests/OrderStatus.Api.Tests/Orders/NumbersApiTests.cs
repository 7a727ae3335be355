using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Orders;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.Tests.Orders;

/// <summary>Numbers beside ids (issue 10, ADR 0009): orders, items, trackings, custom statuses and merchants.</summary>
public sealed class NumbersApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Orders_are_numbered_per_merchant_from_one_and_found_by_number()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var other = factory.CreateClientFor(await factory.CreateTenantAsync("Other"));

        var first = await OrderApi.CreateAsync(client);
        var second = await OrderApi.CreateAsync(client);
        var elsewhere = await OrderApi.CreateAsync(other);

        Assert.Equal(1, first.GetProperty("number").GetInt64());
        Assert.Equal(2, second.GetProperty("number").GetInt64());
        Assert.Equal(1, elsewhere.GetProperty("number").GetInt64());

        var byNumber = await client.GetAsync("/api/v1/orders/by-number/2");
        Assert.Equal(second.Id(), (await OrderApi.OkJsonAsync(byNumber)).Id());
        Assert.Equal("\"1\"", byNumber.Headers.ETag?.ToString());
        var status = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{second.Id()}/status"));
        Assert.Equal(2, status.GetProperty("number").GetInt64());

        // Another merchant's number 2 does not exist for it; junk is simply not found.
        await ProblemAssert.IsProblemAsync(await other.GetAsync("/api/v1/orders/by-number/2"), HttpStatusCode.NotFound, "order_not_found");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/orders/by-number/two"), HttpStatusCode.NotFound, "order_not_found");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/orders/by-number/99999999999999999999"), HttpStatusCode.NotFound, "order_not_found");

        var list = await OrderApi.OkJsonAsync(await client.GetAsync("/api/v1/orders?number=1"));
        var row = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(first.Id(), row.Id());
        Assert.Equal(1, row.GetProperty("number").GetInt64());
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/orders?number=0"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Concurrent_creates_of_one_merchant_get_distinct_increasing_numbers()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());

        var created = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => OrderApi.CreateAsync(client)));

        var numbers = created.Select(o => o.GetProperty("number").GetInt64()).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 16).Select(n => (long)n), numbers);
    }

    [Fact]
    public async Task A_failed_create_never_hands_its_number_to_another_order()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var first = await OrderApi.CreateAsync(client, OrderApi.NewOrder("TAKEN"));
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/v1/orders", OrderApi.NewOrder("TAKEN")), HttpStatusCode.Conflict, "duplicate_reference");

        var next = await OrderApi.CreateAsync(client);

        Assert.True(next.GetProperty("number").GetInt64() > first.GetProperty("number").GetInt64());
    }

    [Fact]
    public async Task Items_and_trackings_are_numbered_per_order_never_reused_and_addressable_by_number()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var order = await OrderApi.CreateAsync(client, OrderApi.NewOrder(items: 2));
        var id = order.Id();
        Assert.Equal([1, 2], order.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()));

        await OrderApi.OkJsonAsync(await client.DeleteAsync($"/api/v1/orders/{id}/items/2"));
        var added = await OrderApi.OkJsonAsync(
            await client.PostAsJsonAsync($"/api/v1/orders/{id}/items", new { name = "Third", quantity = 1, unitPrice = 1m }), HttpStatusCode.Created);
        Assert.Equal([1, 3], added.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()));

        var replaced = await OrderApi.OkJsonAsync(
            await client.PutAsJsonAsync($"/api/v1/orders/{id}/items/3", new { name = "Third, renamed", quantity = 2, unitPrice = 1m }));
        Assert.Equal("Third, renamed", replaced.GetProperty("items")[1].GetProperty("name").GetString());
        await ProblemAssert.IsProblemAsync(
            await client.PutAsJsonAsync($"/api/v1/orders/{id}/items/2", new { name = "gone", quantity = 1, unitPrice = 1m }), HttpStatusCode.NotFound, "item_not_found");

        var t1 = await OrderApi.OkJsonAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/trackings", new { trackingNumber = "N-1" }), HttpStatusCode.Created);
        Assert.Equal(1, t1.GetProperty("number").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/orders/{id}/trackings/1")).StatusCode);
        var t2 = await OrderApi.OkJsonAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/trackings", new { trackingNumber = "N-1" }), HttpStatusCode.Created);
        Assert.Equal(2, t2.GetProperty("number").GetInt32());
        var scanned = await OrderApi.OkJsonAsync(await client.PostAsJsonAsync(
            $"/api/v1/orders/{id}/trackings/2/checkpoints", new { occurredAt = "2026-11-20T10:00:00Z", status = "Transit" }), HttpStatusCode.Created);
        Assert.Equal(2, scanned.GetProperty("number").GetInt32());
        var status = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/status"));
        Assert.Equal(2, status.GetProperty("trackings")[0].GetProperty("number").GetInt32());
    }

    [Fact]
    public async Task Custom_statuses_are_numbered_per_merchant_and_merchants_have_account_numbers()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var later = factory.CreateClientFor(await factory.CreateTenantAsync("Later"));

        var packed = await OrderApi.OkJsonAsync(await client.PostAsJsonAsync("/api/v1/statuses/custom", new { name = "Packed" }), HttpStatusCode.Created);
        var shelved = await OrderApi.OkJsonAsync(await client.PostAsJsonAsync("/api/v1/statuses/custom", new { name = "Shelved" }), HttpStatusCode.Created);
        Assert.Equal(1, packed.GetProperty("number").GetInt32());
        Assert.Equal(2, shelved.GetProperty("number").GetInt32());
        var catalogue = await OrderApi.OkJsonAsync(await client.GetAsync("/api/v1/statuses"));
        Assert.Equal([1, 2], catalogue.GetProperty("customStatuses").EnumerateArray().Select(s => s.GetProperty("number").GetInt32()));
        await OrderApi.OkJsonAsync(await client.PutAsJsonAsync("/api/v1/statuses/custom/2", new { name = "On the shelf" }));

        var me = await OrderApi.OkJsonAsync(await client.GetAsync("/api/v1/me"));
        var meLater = await OrderApi.OkJsonAsync(await later.GetAsync("/api/v1/me"));
        var account = me.GetProperty("merchant").GetProperty("accountNumber").GetInt64();
        Assert.True(account > 0);
        Assert.True(meLater.GetProperty("merchant").GetProperty("accountNumber").GetInt64() > account);
    }

    [Fact]
    public async Task Use_cases_address_an_order_by_id_number_reference_external_id_or_tracking_number()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var order = await OrderApi.CreateAsync(client, new
        {
            reference = "KEY-1",
            currency = "EUR",
            externalOrderId = "EXT-KEY-1",
            items = new[] { new { name = "Mug", quantity = 1, unitPrice = 5m } },
        });
        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{order.Id()}/sent", new { tracking = new { trackingNumber = "TRK-KEY-1" } }));

        await using var scope = factory.CreateScopeFor(tenant);
        var queries = scope.ServiceProvider.GetRequiredService<OrderQueries>();
        var commands = scope.ServiceProvider.GetRequiredService<OrderCommands>();
        OrderKey[] keys =
        [
            OrderKey.ById(Guid.Parse(order.Id())),
            OrderKey.ByNumber(order.GetProperty("number").GetInt64()),
            OrderKey.ByReference("KEY-1"),
            OrderKey.ByExternalOrderId("EXT-KEY-1"),
            OrderKey.ByTrackingNumber("TRK-KEY-1"),
        ];
        foreach (var key in keys)
        {
            Assert.Equal(Guid.Parse(order.Id()), (await queries.GetAsync(key, CancellationToken.None)).Id);
            Assert.Equal("sent", (await queries.GetStatusAsync(key, CancellationToken.None)).Status);
            Assert.NotEmpty((await queries.HistoryAsync(key, new HistoryQuery(), CancellationToken.None)).Items);
        }

        var noted = await commands.AddNoteAsync(OrderKey.ByTrackingNumber("TRK-KEY-1"), new OrderNote("ops", "by tracking number"), null, CancellationToken.None);
        Assert.Equal("NOTE_ADDED", noted.Entry.Type);
        var delivered = await commands.ApplyAsync(OrderKey.ByNumber(order.GetProperty("number").GetInt64()), StatusChange.To(OrderState.Delivered), null, CancellationToken.None);
        Assert.Equal("delivered", delivered.Status);

        var missing = await Assert.ThrowsAsync<UseCaseProblem>(() => queries.GetAsync(OrderKey.ByExternalOrderId("nope"), CancellationToken.None));
        Assert.Equal("order_not_found", missing.Code);
    }

    [Fact]
    public async Task A_non_unique_external_order_id_resolves_to_the_newest_order()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var body = (string reference) => new { reference, currency = "EUR", externalOrderId = "SHARED", items = Array.Empty<object>() };
        await OrderApi.CreateAsync(client, body("OLD"));
        var newest = await OrderApi.CreateAsync(client, body("NEW"));

        await using var scope = factory.CreateScopeFor(tenant);
        var changed = await scope.ServiceProvider.GetRequiredService<OrderCommands>()
            .HoldAsync(OrderKey.ByExternalOrderId("SHARED"), new HoldReasons(null), null, CancellationToken.None);

        Assert.Equal(newest.Id(), changed.Id.ToString());
        Assert.True(changed.OnHold);
    }
}
