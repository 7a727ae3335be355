using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Database;
using OrderStatus.Application.Persistence;
using OrderStatus.Application.Webhooks;

namespace OrderStatus.Api.Tests.Webhooks;

/// <summary>Dispatchers started explicitly (the host's own is off): several replicas at once, and a restart after a crash.</summary>
public sealed class WebhookDispatcherTests(WebhookDispatcherTests.Factory factory) : IClassFixture<WebhookDispatcherTests.Factory>, IAsyncLifetime
{
    public sealed class Factory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(FastWebhooks.Settings(dispatcherEnabled: false))
        {
            ["Webhooks:BatchSize"] = "5",
            ["Webhooks:RetryFor"] = "00:00:01",
            ["Webhooks:DisableAfterConsecutiveFailures"] = "1000",
        };
    }

    private TestReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await TestReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Two_dispatchers_at_once_deliver_every_event_exactly_once_and_each_order_in_order()
    {
        var tenant = await factory.CreateTenantAsync();
        await FastWebhooks.SubscribeAsync(factory.CreateClientFor(tenant), _receiver.Url("replicas"));
        _receiver.Respond = async _ =>
        {
            await Task.Delay(5);
            return 200;
        };
        var orders = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToList();
        var written = new Dictionary<Guid, List<Guid>>();
        foreach (var orderId in orders)
        {
            written[orderId] = [];
        }

        for (var i = 0; i < 10; i++)
        {
            foreach (var orderId in orders)
            {
                written[orderId].Add((await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, orderId)).Id);
            }
        }

        var first = ActivatorUtilities.CreateInstance<WebhookDispatcher>(factory.Services);
        var second = ActivatorUtilities.CreateInstance<WebhookDispatcher>(factory.Services);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var total = written.Values.Sum(v => v.Count);
        var work = await Task.WhenAll(RunUntilAsync(first, () => Task.FromResult(_receiver.Received.Count >= total), stop.Token),
            RunUntilAsync(second, () => Task.FromResult(_receiver.Received.Count >= total), stop.Token));
        // Anything a dispatcher would still send now would be a duplicate.
        Assert.Equal(0, await first.RunOnceAsync(CancellationToken.None) + await second.RunOnceAsync(CancellationToken.None));

        var received = _receiver.Received;
        Assert.Equal(total, received.Count);
        Assert.Equal(total, received.Select(r => r.EventId).Distinct().Count());
        Assert.All(work, w => Assert.True(w > 0, "Both dispatchers should have taken part."));
        var orderOf = written.SelectMany(p => p.Value.Select(e => (Event: e, Order: p.Key))).ToDictionary(x => x.Event, x => x.Order);
        foreach (var orderId in orders)
        {
            Assert.Equal(written[orderId], received.Where(r => orderOf[r.EventId] == orderId).Select(r => r.EventId));
        }
    }

    [Fact]
    public async Task Events_committed_while_no_dispatcher_runs_are_delivered_by_the_next_instance()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        await FastWebhooks.SubscribeAsync(client, _receiver.Url("restart"));
        var events = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            events.Add((await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid())).Id);
        }

        await Task.Delay(500);
        Assert.Empty(_receiver.Received);
        var stats = await client.GetFromJsonAsync<JsonElement>("/api/v1/webhooks/stats");
        Assert.Equal(0, stats.GetProperty("pending").GetInt64()); // not even fanned out yet: still in the outbox
        Assert.Equal(3, stats.GetProperty("queued").GetInt64());
        Assert.True(stats.GetProperty("oldestPendingAgeSeconds").GetDouble() >= 0.4);

        await using var restarted = factory.WithWebHostBuilder(b => b.UseSetting("Webhooks:DispatcherEnabled", "true"));
        restarted.CreateClient(); // starts the new host and its dispatcher

        var received = await _receiver.WaitForAsync(r => r.Count >= 3);
        Assert.Equal(events.Order(), received.Select(r => r.EventId).Order());
    }

    [Fact]
    public async Task A_delivery_failing_for_longer_than_RetryFor_is_given_up()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var (webhookId, _) = await FastWebhooks.SubscribeAsync(client, _receiver.Url("gone"));
        _receiver.Respond = _ => Task.FromResult(500);
        await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());
        var dispatcher = ActivatorUtilities.CreateInstance<WebhookDispatcher>(factory.Services);

        JsonElement delivery = default;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await RunUntilAsync(dispatcher, async () =>
        {
            delivery = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{webhookId}/deliveries"))
                .GetProperty("items").EnumerateArray().FirstOrDefault();
            return delivery.ValueKind == JsonValueKind.Object && delivery.GetProperty("state").GetString() == "Failed";
        }, stop.Token);

        var attempts = delivery.GetProperty("attempts").EnumerateArray().ToList();
        Assert.True(attempts.Count >= 2, $"Expected retries before giving up, got {attempts.Count} attempt(s).");
        Assert.Equal(JsonValueKind.Null, attempts[^1].GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("nextAttemptAt").ValueKind);
        var sent = _receiver.Received.Count;
        await Task.Delay(300);
        Assert.Equal(0, await dispatcher.RunOnceAsync(CancellationToken.None));
        Assert.Equal(sent, _receiver.Received.Count);
    }

    [Fact]
    public async Task An_unacceptable_status_callback_url_fails_at_once_without_a_request()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var orderId = Guid.NewGuid();
        await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, orderId, statusCallbackUrl: "ftp://files.example.com/status");
        var dispatcher = ActivatorUtilities.CreateInstance<WebhookDispatcher>(factory.Services);

        await dispatcher.FanOutAsync(CancellationToken.None);
        await dispatcher.SendDueAsync(CancellationToken.None);

        var delivery = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/callback-deliveries?orderId={orderId}")).GetProperty("items")[0];
        Assert.Equal("Failed", delivery.GetProperty("state").GetString());
        Assert.Contains("http or https", delivery.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public async Task A_subscription_deleted_while_its_batch_is_recorded_leaves_the_other_subscriptions_outcomes_recorded()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var (keptId, _) = await FastWebhooks.SubscribeAsync(client, _receiver.Url("kept"));
        var (deletedId, _) = await FastWebhooks.SubscribeAsync(client, _receiver.Url("deleted"));
        await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());
        await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());
        await ActivatorUtilities.CreateInstance<WebhookDispatcher>(factory.Services).FanOutAsync(CancellationToken.None);

        // The subscription is deleted at the worst moment: after the batch was sent, as its outcomes are saved.
        var deletion = new DeleteOnFirstSave(factory.Services, deletedId);
        var dispatcher = ActivatorUtilities.CreateInstance<WebhookDispatcher>(factory.Services, deletion.Contexts);
        Assert.Equal(4, await dispatcher.SendDueAsync(CancellationToken.None));
        await deletion.Completed;

        var kept = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{keptId}/deliveries")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, kept.Count);
        Assert.All(kept, d =>
        {
            Assert.Equal("Succeeded", d.GetProperty("state").GetString());
            Assert.Single(d.GetProperty("attempts").EnumerateArray());
        });
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/webhooks/{deletedId}")).StatusCode);
        // Nothing is left to send again, to either target.
        Assert.Equal(0, await dispatcher.RunOnceAsync(CancellationToken.None));
        Assert.Equal(2, _receiver.Received.Count(r => r.Path == "/kept"));
    }

    [Fact]
    public async Task A_subscription_deleted_while_events_are_fanned_out_leaves_the_other_subscriptions_deliveries()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var (keptId, _) = await FastWebhooks.SubscribeAsync(client, _receiver.Url("kept-fan-out"));
        var (deletedId, _) = await FastWebhooks.SubscribeAsync(client, _receiver.Url("deleted-fan-out"));
        await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());

        var deletion = new DeleteOnFirstSave(factory.Services, deletedId);
        var dispatcher = ActivatorUtilities.CreateInstance<WebhookDispatcher>(factory.Services, deletion.Contexts);
        Assert.Equal(1, await dispatcher.FanOutAsync(CancellationToken.None));
        await deletion.Completed;
        Assert.Equal(1, await dispatcher.SendDueAsync(CancellationToken.None));

        var kept = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{keptId}/deliveries")).GetProperty("items");
        Assert.Equal("Succeeded", kept.EnumerateArray().Single().GetProperty("state").GetString());
        Assert.Equal(["/kept-fan-out"], _receiver.Received.Select(r => r.Path));
    }

    private static async Task<int> RunUntilAsync(WebhookDispatcher dispatcher, Func<Task<bool>> done, CancellationToken cancellationToken)
    {
        var work = 0;
        while (!await done())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var round = await dispatcher.RunOnceAsync(cancellationToken);
            work += round;
            if (round == 0)
            {
                await Task.Delay(10, cancellationToken);
            }
        }

        return work;
    }

    /// <summary>Contexts whose first SaveChanges deletes a subscription from another connection just before it runs.</summary>
    private sealed class DeleteOnFirstSave(IServiceProvider services, Guid subscriptionId) : SaveChangesInterceptor
    {
        private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _fired;

        public Task Completed => _completed.Task;

        public IDbContextFactory<OrdersDbContext> Contexts => new Factory(this, services.GetRequiredService<DatabaseConnection>().DataSource);

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _fired, 1) == 0)
            {
                var delete = DeleteAsync();
                // A deletion that is not blocked finishes well within this; one that waits for the save's locks finishes after it.
                await Task.WhenAny(delete, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
            }

            return result;
        }

        private async Task DeleteAsync()
        {
            try
            {
                var dataSource = services.GetRequiredService<DatabaseConnection>().DataSource;
                await using var command = dataSource.CreateCommand("DELETE FROM webhook_subscriptions WHERE id = $1");
                command.Parameters.Add(new NpgsqlParameter { Value = subscriptionId });
                await command.ExecuteNonQueryAsync();
                _completed.TrySetResult();
            }
            catch (NpgsqlException ex)
            {
                _completed.TrySetException(ex);
            }
        }

        private sealed class Factory(DeleteOnFirstSave interceptor, NpgsqlDataSource dataSource) : IDbContextFactory<OrdersDbContext>
        {
            public OrdersDbContext CreateDbContext()
            {
                var options = new DbContextOptionsBuilder<OrdersDbContext>();
                OrdersDbContext.Configure(options, dataSource).AddInterceptors(interceptor);
                return new OrdersDbContext(options.Options);
            }
        }
    }
}
