using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Tests.Orders;

public sealed class HistoryAndConcurrencyApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Every_change_writes_history_and_one_outbox_row_per_event_with_actor_and_request_id()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var order = await OrderApi.CreateAsync(client, new
        {
            reference = "HIST-1",
            currency = "EUR",
            statusCallbackUrl = "https://merchant.example.com/cb",
            items = new[] { new { name = "A", quantity = 1, unitPrice = 5m } },
        });
        var id = order.Id();

        using var paid = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{id}/paid") { Content = JsonContent.Create(new { paymentReference = "p-9" }) };
        paid.Headers.Add("X-Request-Id", "req-paid-1");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(paid)).StatusCode);

        var note = await OrderApi.OkJsonAsync(
            await client.PostAsJsonAsync($"/api/v1/orders/{id}/history", new { name = "Support", note = "Customer called", label = "phone" }),
            HttpStatusCode.Created);
        Assert.Equal("NOTE_ADDED", note.GetProperty("type").GetString());
        Assert.Equal("Customer called", note.GetProperty("data").GetProperty("note").GetString());

        // A refused change writes nothing.
        await ProblemAssert.IsProblemAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/delivered"), HttpStatusCode.Conflict, "invalid_transition");

        var history = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/history"));
        var items = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["ORDER_CREATED", "STATUS_CHANGED", "PAYMENT_RECORDED", "NOTE_ADDED"], items.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal([1L, 2L, 2L, 3L], items.Select(e => e.GetProperty("orderVersion").GetInt64()));
        Assert.All(items, e => Assert.Equal(tenant.ClientId, e.GetProperty("actor").GetProperty("clientId").GetString()));
        Assert.Equal("req-paid-1", items[1].GetProperty("requestId").GetString());
        Assert.Equal("created", items[1].GetProperty("fromStatus").GetString());
        Assert.Equal("paid", items[1].GetProperty("toStatus").GetString());

        var page = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/history?limit=3"));
        Assert.Equal(3, page.GetProperty("items").GetArrayLength());
        var rest = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/history?limit=3&cursor={page.GetProperty("nextCursor").GetString()}"));
        Assert.Equal("NOTE_ADDED", rest.GetProperty("items")[0].GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("nextCursor").ValueKind);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        var outbox = await db.OutboxMessages.AsNoTracking().Where(m => m.OrderId == Guid.Parse(id)).OrderBy(m => m.Id).ToListAsync();
        Assert.Equal(items.Select(e => e.GetProperty("id").GetString()), outbox.Select(m => m.EventId.ToString()));
        Assert.All(outbox, m => Assert.Equal("https://merchant.example.com/cb", m.StatusCallbackUrl));
        var body = outbox[1].Payload.RootElement;
        Assert.Equal("STATUS_CHANGED", body.GetProperty("type").GetString());
        Assert.Equal(tenant.MerchantId.ToString(), body.GetProperty("merchantId").GetString());
        Assert.Equal("paid", body.GetProperty("order").GetProperty("status").GetString());
        Assert.Equal(2, body.GetProperty("order").GetProperty("version").GetInt64());
        Assert.True(body.TryGetProperty("occurredAt", out _));
        Assert.True(body.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Thirty_parallel_writers_on_one_order_are_serialised_and_none_is_lost()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var id = (await OrderApi.CreateAsync(client, OrderApi.NewOrder(items: 0))).Id();

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => i % 2 == 0
            ? client.PostAsJsonAsync($"/api/v1/orders/{id}/items", new { name = $"P{i}", quantity = 1, unitPrice = 1m })
            : client.PostAsJsonAsync($"/api/v1/orders/{id}/history", new { name = "n", note = $"note {i}" })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        var order = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}"));
        Assert.Equal(31, order.Version());
        Assert.Equal(15, order.GetProperty("items").GetArrayLength());
        Assert.Equal(15m, order.GetProperty("total").GetDecimal());

        var history = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/history?limit=200"));
        var versions = history.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("orderVersion").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, 31).Select(v => (long)v), versions);
    }

    [Fact]
    public async Task Concurrent_creates_with_one_reference_make_one_order()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsJsonAsync("/api/v1/orders", OrderApi.NewOrder("RACE-1"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }
}
