using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Webhooks;

namespace OrderStatus.Api.Tests.Webhooks;

/// <summary>The dispatcher running in the host, delivering to a real HTTP receiver, with retry timings in milliseconds.</summary>
public sealed class WebhookDeliveryTests(WebhookDeliveryTests.Factory factory) : IClassFixture<WebhookDeliveryTests.Factory>, IAsyncLifetime
{
    public sealed class Factory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => FastWebhooks.Settings(dispatcherEnabled: true);
    }

    private TestReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await TestReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task An_event_is_posted_signed_with_the_documented_headers_and_body()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var (webhookId, secret) = await FastWebhooks.SubscribeAsync(client, _receiver.Url());
        var orderId = Guid.NewGuid();

        var recorded = await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, orderId);

        var received = (await _receiver.WaitForAsync(r => r.Count >= 1)).Single();
        Assert.True(received.IsSignedWith(secret));
        Assert.False(received.IsSignedWith("whsec_wrong"));
        Assert.Equal(recorded.Id, received.EventId);
        Assert.Equal("STATUS_CHANGED", received.Headers[WebhookSignature.EventTypeHeader]);
        Assert.StartsWith("application/json", received.Headers["Content-Type"], StringComparison.Ordinal);
        var timestamp = long.Parse(received.Headers[WebhookSignature.TimestampHeader], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp, 0, 60);
        var body = JsonSerializer.Deserialize<JsonElement>(received.Body);
        Assert.Equal(recorded.Id, body.GetProperty("id").GetGuid());
        Assert.Equal("STATUS_CHANGED", body.GetProperty("type").GetString());
        Assert.Equal(tenant.MerchantId, body.GetProperty("merchantId").GetGuid());
        Assert.Equal(orderId, body.GetProperty("order").GetProperty("id").GetGuid());
        Assert.True(body.TryGetProperty("occurredAt", out _));
        Assert.True(body.TryGetProperty("data", out _));

        var deliveries = await WaitForDeliveriesAsync(client, webhookId, d => d.Count == 1 && d[0].GetProperty("state").GetString() == "Succeeded");
        var attempt = deliveries[0].GetProperty("attempts").EnumerateArray().Single();
        Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
        Assert.True(attempt.GetProperty("succeeded").GetBoolean());
        var stats = await client.GetFromJsonAsync<JsonElement>("/api/v1/webhooks/stats");
        Assert.Equal(1, stats.GetProperty("delivered").GetInt64());
        Assert.Equal(0, stats.GetProperty("pending").GetInt64());
        Assert.Equal(0, stats.GetProperty("queued").GetInt64());
        var ready = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/health/ready");
        var metrics = ready.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "webhooks").GetProperty("data");
        Assert.True(metrics.TryGetProperty("pending", out _));
        Assert.True(metrics.TryGetProperty("oldestPendingAgeSeconds", out _));
    }

    [Fact]
    public async Task A_500_and_a_timeout_are_retried_and_every_attempt_is_recorded()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var (webhookId, _) = await FastWebhooks.SubscribeAsync(client, _receiver.Url("flaky"));
        var calls = 0;
        _receiver.Respond = async _ =>
        {
            switch (Interlocked.Increment(ref calls))
            {
                case 1:
                    return 500;
                case 2:
                    await Task.Delay(TimeSpan.FromSeconds(3)); // beyond the 1 s request timeout
                    return 200;
                default:
                    return 204;
            }
        };

        await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());

        var deliveries = await WaitForDeliveriesAsync(client, webhookId, d => d.Count == 1 && d[0].GetProperty("state").GetString() == "Succeeded");
        var attempts = deliveries[0].GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(3, attempts.Count);
        Assert.Equal(500, attempts[0].GetProperty("statusCode").GetInt32());
        Assert.False(attempts[0].GetProperty("succeeded").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, attempts[0].GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, attempts[1].GetProperty("statusCode").ValueKind);
        Assert.Contains("Timed out", attempts[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(204, attempts[2].GetProperty("statusCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, attempts[2].GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{webhookId}")).GetProperty("consecutiveFailures").GetInt32());
    }

    [Fact]
    public async Task A_subscription_is_disabled_after_the_configured_run_of_failures()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var (webhookId, _) = await FastWebhooks.SubscribeAsync(client, _receiver.Url("down"));
        _receiver.Respond = _ => Task.FromResult(503);

        await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());

        var webhook = (await WaitForAsync(async () =>
        {
            var w = await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{webhookId}");
            return w.GetProperty("active").GetBoolean() ? null : new List<JsonElement> { w };
        }))[0];
        Assert.Equal(FastWebhooks.DisableAfter, webhook.GetProperty("consecutiveFailures").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, webhook.GetProperty("disabledAt").ValueKind);
        Assert.Contains("503", webhook.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);

        // Disabled: no more attempts. Re-enabled: the pending delivery resumes and succeeds.
        await Task.Delay(700);
        var before = _receiver.Received.Count;
        await Task.Delay(700);
        Assert.Equal(before, _receiver.Received.Count);
        _receiver.Respond = _ => Task.FromResult(200);
        await client.PatchAsJsonAsync($"/api/v1/webhooks/{webhookId}", new { active = true });
        await WaitForDeliveriesAsync(client, webhookId, d => d.Count == 1 && d[0].GetProperty("state").GetString() == "Succeeded");
    }

    [Fact]
    public async Task A_delivery_can_be_redelivered_and_is_sent_again_with_the_same_event_id()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var (webhookId, secret) = await FastWebhooks.SubscribeAsync(client, _receiver.Url("again"));
        var recorded = await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());
        var first = await WaitForDeliveriesAsync(client, webhookId, d => d.Count == 1 && d[0].GetProperty("state").GetString() == "Succeeded");

        var response = await client.PostAsync($"/api/v1/webhooks/{webhookId}/deliveries/{first[0].GetProperty("id").GetGuid()}/redeliver", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var redelivery = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first[0].GetProperty("id").GetGuid(), redelivery.GetProperty("redeliveryOf").GetGuid());
        var received = await _receiver.WaitForAsync(r => r.Count == 2);
        Assert.All(received, r => Assert.Equal(recorded.Id, r.EventId));
        Assert.All(received, r => Assert.True(r.IsSignedWith(secret)));
        Assert.NotEqual(received[0].DeliveryId, received[1].DeliveryId);
        await WaitForDeliveriesAsync(client, webhookId, d => d.Count == 2 && d.All(x => x.GetProperty("state").GetString() == "Succeeded"));
    }

    [Fact]
    public async Task An_orders_events_arrive_in_order_even_when_the_first_needs_retries()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        await FastWebhooks.SubscribeAsync(client, _receiver.Url("ordered"));
        var orderId = Guid.NewGuid();
        var failures = 0;
        Guid? firstEvent = null;
        _receiver.Respond = r => Task.FromResult(r.EventId == firstEvent && Interlocked.Increment(ref failures) <= 2 ? 500 : 200);

        var events = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var e = await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, orderId, i == 0 ? "ORDER_CREATED" : "STATUS_CHANGED");
            firstEvent ??= e.Id;
            events.Add(e.Id);
        }

        var received = await _receiver.WaitForAsync(r => r.Count(x => x.Path == "/ordered") >= 7);
        var accepted = received.Where(r => !(r.EventId == firstEvent && received.TakeWhile(x => x != r).Count(x => x.EventId == firstEvent) < 2)).ToList();
        Assert.Equal(events, accepted.Select(r => r.EventId));
        Assert.Equal(3, received.Count(r => r.EventId == firstEvent));
    }

    [Fact]
    public async Task Only_matching_event_types_are_delivered_and_only_to_their_own_merchant()
    {
        var a = await factory.CreateTenantAsync("A");
        var b = await factory.CreateTenantAsync("B");
        var aClient = factory.CreateClientFor(a);
        var bClient = factory.CreateClientFor(b);
        var (aWebhook, _) = await FastWebhooks.SubscribeAsync(aClient, _receiver.Url("a"), EventTypes.StatusChanged);
        var (bWebhook, _) = await FastWebhooks.SubscribeAsync(bClient, _receiver.Url("b"));

        await TestEvents.AppendAsync(factory.Services, a.MerchantId, Guid.NewGuid(), "NOTE_ADDED");
        var wanted = await TestEvents.AppendAsync(factory.Services, a.MerchantId, Guid.NewGuid(), "STATUS_CHANGED");
        var forB = await TestEvents.AppendAsync(factory.Services, b.MerchantId, Guid.NewGuid(), "NOTE_ADDED");

        await _receiver.WaitForAsync(r => r.Any(x => x.Path == "/a") && r.Any(x => x.Path == "/b"));
        await Task.Delay(500);
        Assert.Equal([wanted.Id], _receiver.Received.Where(r => r.Path == "/a").Select(r => r.EventId));
        Assert.Equal([forB.Id], _receiver.Received.Where(r => r.Path == "/b").Select(r => r.EventId));
        var bDeliveries = await WaitForDeliveriesAsync(bClient, bWebhook, d => d.Count == 1);
        Assert.Equal(forB.Id, bDeliveries[0].GetProperty("eventId").GetGuid());
        var aDelivery = (await WaitForDeliveriesAsync(aClient, aWebhook, d => d.Count == 1))[0].GetProperty("id").GetGuid();
        await ProblemAssert.IsProblemAsync(
            await bClient.PostAsync($"/api/v1/webhooks/{bWebhook}/deliveries/{aDelivery}/redeliver", null), HttpStatusCode.NotFound);
        Assert.DoesNotContain((await bClient.GetFromJsonAsync<JsonElement>("/api/v1/webhooks/callback-deliveries")).GetProperty("items").EnumerateArray(),
            d => d.GetProperty("id").GetGuid() == aDelivery);
    }

    [Fact]
    public async Task An_orders_status_callback_url_receives_its_events_signed_with_the_callback_secret()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var callbackSecret = (await client.GetFromJsonAsync<JsonElement>("/api/v1/webhooks/callback-secret")).GetProperty("secret").GetString()!;

        var recorded = await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid(), statusCallbackUrl: _receiver.Url("callback"));

        var received = (await _receiver.WaitForAsync(r => r.Any(x => x.Path == "/callback"))).Single(r => r.Path == "/callback");
        Assert.Equal(recorded.Id, received.EventId);
        Assert.True(received.IsSignedWith(callbackSecret));
        var deliveries = await WaitForAsync(async () =>
        {
            var list = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/callback-deliveries?orderId={recorded.OrderId}"))
                .GetProperty("items").EnumerateArray().ToList();
            return list.Count == 1 && list[0].GetProperty("state").GetString() == "Succeeded" ? list : null;
        });
        Assert.Equal(_receiver.Url("callback"), deliveries[0].GetProperty("url").GetString());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/callback-deliveries?orderId={Guid.NewGuid()}"))
            .GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_changed_subscription_url_applies_to_deliveries_still_pending()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var (webhookId, _) = await FastWebhooks.SubscribeAsync(client, _receiver.Url("old"));
        _receiver.Respond = r => Task.FromResult(r.Path == "/old" ? 500 : 200);
        var recorded = await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());
        await _receiver.WaitForAsync(r => r.Any(x => x.Path == "/old"));

        await client.PatchAsJsonAsync($"/api/v1/webhooks/{webhookId}", new { url = _receiver.Url("new") });

        var received = await _receiver.WaitForAsync(r => r.Any(x => x.Path == "/new"));
        Assert.Equal(recorded.Id, received.Single(r => r.Path == "/new").EventId);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_but_counted_as_a_failed_attempt()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var (webhookId, _) = await FastWebhooks.SubscribeAsync(client, _receiver.Url("moved"));
        _receiver.Respond = r => Task.FromResult(r.Path == "/moved" ? 302 : 200);

        await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());

        var deliveries = await WaitForDeliveriesAsync(client, webhookId, d => d.Count == 1 && d[0].GetProperty("attemptCount").GetInt32() >= 2);
        var attempt = deliveries[0].GetProperty("attempts")[0];
        Assert.Equal(302, attempt.GetProperty("statusCode").GetInt32());
        Assert.Contains("redirects are not followed", attempt.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.All(_receiver.Received, r => Assert.Equal("/moved", r.Path));
    }

    private static async Task<List<JsonElement>> WaitForDeliveriesAsync(HttpClient client, Guid webhookId, Func<List<JsonElement>, bool> condition) =>
        await WaitForAsync(async () =>
        {
            var list = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{webhookId}/deliveries")).GetProperty("items").EnumerateArray().ToList();
            return condition(list) ? list : null;
        });

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await probe() is { } result)
            {
                return result;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "Timed out waiting for the expected state.");
            await Task.Delay(100);
        }
    }
}

/// <summary>Webhook settings that make retries take milliseconds.</summary>
internal static class FastWebhooks
{
    public const int DisableAfter = 4;

    public static Dictionary<string, string?> Settings(bool dispatcherEnabled) => new()
    {
        ["Webhooks:DispatcherEnabled"] = dispatcherEnabled ? "true" : "false",
        ["Webhooks:PollInterval"] = "00:00:00.100",
        ["Webhooks:RetryBaseDelay"] = "00:00:00.100",
        ["Webhooks:RetryMaxDelay"] = "00:00:00.400",
        ["Webhooks:RequestTimeout"] = "00:00:01",
        ["Webhooks:DisableAfterConsecutiveFailures"] = DisableAfter.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<(Guid Id, string Secret)> SubscribeAsync(HttpClient client, string url, string[]? eventTypes = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/webhooks", new { url, eventTypes = eventTypes ?? EventTypes.All });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!);
    }
}
