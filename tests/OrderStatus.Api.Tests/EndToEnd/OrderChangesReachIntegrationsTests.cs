using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Api.Tests.Webhooks;

namespace OrderStatus.Api.Tests.EndToEnd;

/// <summary>
/// Real order changes through the canonical API reach a webhook subscription, the order's own
/// status callback and the change feed: the same events, in history order, signed, carrying the
/// status projection as it was right after each change.
/// </summary>
public sealed class OrderChangesReachIntegrationsTests(OrderChangesReachIntegrationsTests.Factory factory)
    : IClassFixture<OrderChangesReachIntegrationsTests.Factory>, IAsyncLifetime
{
    public sealed class Factory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => FastWebhooks.Settings(dispatcherEnabled: true);
    }

    private TestReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await TestReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task An_orders_life_is_delivered_to_webhooks_callbacks_and_the_feed_in_history_order()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var (_, secret) = await FastWebhooks.SubscribeAsync(client, _receiver.Url("hook"), ["*"]);
        var callbackSecret = (await client.GetFromJsonAsync<JsonElement>("/api/v1/webhooks/callback-secret")).GetProperty("secret").GetString()!;
        var feedStart = (await client.GetFromJsonAsync<JsonElement>("/api/v1/events?after=latest")).GetProperty("nextCursor").GetString();

        var created = await client.PostAsJsonAsync("/api/v1/orders", new
        {
            reference = "E2E-1",
            currency = "EUR",
            statusCallbackUrl = _receiver.Url("callback"),
            items = new[] { new { sku = "MUG", name = "Mug", quantity = 2, unitPrice = 9.95m } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var orderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/orders/{orderId}/paid", new { paymentReference = "psp-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync($"/api/v1/orders/{orderId}/status", new { code = 512 })).StatusCode);

        var history = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{orderId}/history")).GetProperty("items")
            .EnumerateArray().Select(e => (Id: e.GetProperty("id").GetGuid(), Type: e.GetProperty("type").GetString())).ToList();
        Assert.Equal(["ORDER_CREATED", "STATUS_CHANGED", "PAYMENT_RECORDED", "FULFILMENT_CODE_SET", "STATUS_CHANGED"], history.Select(h => h.Type));

        var received = await _receiver.WaitForAsync(r => r.Count(x => x.Path == "/hook") == history.Count
            && r.Count(x => x.Path == "/callback") == history.Count, TimeSpan.FromSeconds(30));
        var hooks = received.Where(r => r.Path == "/hook").ToList();
        var callbacks = received.Where(r => r.Path == "/callback").ToList();
        Assert.Equal(history.Select(h => h.Id), hooks.Select(h => h.EventId));
        Assert.Equal(history.Select(h => h.Id), callbacks.Select(h => h.EventId));
        Assert.All(hooks, h => Assert.True(h.IsSignedWith(secret)));
        Assert.All(callbacks, h => Assert.True(h.IsSignedWith(callbackSecret)));

        // Each body shows the order as it was right after its change.
        var statuses = hooks.Select(h => JsonSerializer.Deserialize<JsonElement>(h.Body).GetProperty("order").GetProperty("status").GetString());
        Assert.Equal(["created", "paid", "paid", "in_fulfilment", "in_fulfilment"], statuses);

        var feed = await client.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={feedStart}&limit=50&wait=10");
        var feedIds = feed.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToList();
        if (feedIds.Count < history.Count)
        {
            var more = await client.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={feed.GetProperty("nextCursor").GetString()}&limit=50&wait=10");
            feedIds.AddRange(more.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
        }

        Assert.Equal(history.Select(h => h.Id), feedIds);
    }

    [Fact]
    public async Task A_rejected_change_sends_nothing()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        await FastWebhooks.SubscribeAsync(client, _receiver.Url("rejected"), ["*"]);
        var created = await client.PostAsJsonAsync("/api/v1/orders", new
        {
            reference = "E2E-2",
            currency = "EUR",
            items = new[] { new { sku = "MUG", name = "Mug", quantity = 1, unitPrice = 5m } },
        });
        var orderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await _receiver.WaitForAsync(r => r.Count(x => x.Path == "/rejected") == 1);

        // created → delivered is not in the lifecycle table: 409, and no event anywhere.
        var illegal = await client.PostAsync($"/api/v1/orders/{orderId}/delivered", null);
        await ProblemAssert.IsProblemAsync(illegal, HttpStatusCode.Conflict, "invalid_transition");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Single(_receiver.Received, r => r.Path == "/rejected");
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{orderId}/history");
        Assert.Equal(1, history.GetProperty("items").GetArrayLength());
    }
}
