using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Orders;

/// <summary>
/// Reads routed to a real streaming hot standby (ADR 0016). Which server answered is shown by pausing the
/// standby's replay: it then keeps answering with the version it had, while the primary has a newer one.
/// </summary>
public sealed class ReadOnlyStandbyTests(StandbyApiFactory factory) : IClassFixture<StandbyApiFactory>
{
    [Fact]
    public async Task Reads_come_from_the_standby_and_a_version_it_lacks_comes_from_the_primary()
    {
        var (client, id) = await OrderOnBothAsync();
        await factory.PauseReplayAsync();
        try
        {
            var paid = await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/paid"));
            Assert.Equal(2, paid.Version());

            // The standby has not replayed the payment: order, status and list show version 1.
            var order = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}"));
            Assert.Equal(1, order.Version());
            Assert.Equal("created", order.Status());
            var status = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/status"));
            Assert.Equal(1, status.Version());
            var list = await OrderApi.OkJsonAsync(await client.GetAsync("/api/v1/orders"));
            Assert.Equal(1, list.GetProperty("items").EnumerateArray().Single(o => o.Id() == id).Version());

            // Read-your-writes: minVersion, or an If-None-Match with the newer version, gets the primary's answer.
            var fresh = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}?minVersion=2"));
            Assert.Equal(2, fresh.Version());
            Assert.Equal("paid", fresh.Status());
            var freshStatus = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/status?minVersion=2"));
            Assert.Equal(2, freshStatus.Version());
            var byNumber = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/by-number/{order.GetProperty("number").GetInt64()}?minVersion=2"));
            Assert.Equal(2, byNumber.Version());

            using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{id}/status");
            conditional.Headers.TryAddWithoutValidation("If-None-Match", "\"2\"");
            using var notModified = await client.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Equal("\"2\"", notModified.Headers.ETag?.Tag);

            // An If-None-Match with the version the standby has is answered by it.
            using var older = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{id}");
            older.Headers.TryAddWithoutValidation("If-None-Match", "\"1\"");
            using var olderAnswer = await client.SendAsync(older);
            Assert.Equal(HttpStatusCode.NotModified, olderAnswer.StatusCode);
        }
        finally
        {
            await factory.ResumeReplayAsync();
        }

        await factory.WaitForReplayAsync();
        Assert.Equal(2, (await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}"))).Version());
    }

    [Fact]
    public async Task An_order_the_standby_has_not_replayed_yet_is_found_on_the_primary()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        await factory.WaitForReplayAsync();
        await factory.WaitUntilStandbyUsableAsync();
        await factory.PauseReplayAsync();
        try
        {
            var created = await OrderApi.CreateAsync(client);
            var order = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{created.Id()}"));
            Assert.Equal(created.Id(), order.Id());
        }
        finally
        {
            await factory.ResumeReplayAsync();
        }
    }

    [Fact]
    public async Task A_standby_further_behind_than_the_bound_is_not_read()
    {
        var (client, id) = await OrderOnBothAsync();
        await factory.PauseReplayAsync();
        try
        {
            await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/paid"));
            await factory.WaitUntilStandbyUnusableAsync();
            Assert.Contains("behind", factory.ReadOnly.UnusableReason);

            var order = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}"));
            Assert.Equal(2, order.Version());
            var list = await OrderApi.OkJsonAsync(await client.GetAsync("/api/v1/orders"));
            Assert.Equal(2, list.GetProperty("items").EnumerateArray().Single(o => o.Id() == id).Version());
        }
        finally
        {
            await factory.ResumeReplayAsync();
        }

        // Caught up again: back on the standby.
        await factory.WaitUntilStandbyUsableAsync();
    }

    [Fact]
    public async Task A_stopped_standby_means_reads_from_the_primary_and_never_a_5xx()
    {
        var (client, id) = await OrderOnBothAsync();
        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/paid"));
        var cursor = (await client.GetFromJsonAsync<JsonElement>("/api/v1/events")).GetProperty("nextCursor").GetString();
        await factory.Standby.StopAsync();
        try
        {
            // At once (before the monitor notices) and for a while after: every read answers from the primary.
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(1.5))
            {
                Assert.Equal(2, (await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}"))).Version());
                Assert.Equal(2, (await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/status"))).Version());
                await OrderApi.OkJsonAsync(await client.GetAsync("/api/v1/orders"));
                await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/events?after={cursor}"));
            }

            Assert.False(factory.ReadOnly.IsUsable);
        }
        finally
        {
            await factory.Standby.StartAsync();
        }

        await factory.WaitForReplayAsync();
        await factory.WaitUntilStandbyUsableAsync();
        Assert.Equal(2, (await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}"))).Version());
    }

    [Fact]
    public async Task Another_merchants_order_is_not_found_on_the_standby()
    {
        var (_, id) = await OrderOnBothAsync();
        var other = await factory.CreateTenantAsync("Other merchant");
        var otherClient = factory.CreateClientFor(other);
        await factory.WaitForReplayAsync();
        await factory.WaitUntilStandbyUsableAsync();

        using var answer = await otherClient.GetAsync($"/api/v1/orders/{id}");
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        using var status = await otherClient.GetAsync($"/api/v1/orders/{id}/status");
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        var list = await OrderApi.OkJsonAsync(await otherClient.GetAsync("/api/v1/orders"));
        Assert.Empty(list.GetProperty("items").EnumerateArray());
        var feed = await otherClient.GetFromJsonAsync<JsonElement>("/api/v1/events");
        Assert.Empty(feed.GetProperty("events").EnumerateArray());

        // The standby's own contexts carry the tenant filter: the order is there for its merchant only.
        var orderId = Guid.Parse(id);
        await using var ownerQuery = factory.ReadOnly.DataSource.CreateCommand($"SELECT merchant_id FROM orders WHERE id = '{orderId}'");
        var owner = (await ownerQuery.ExecuteScalarAsync())!;
        await using (var mine = factory.ReadOnly.Lease(FixedTenant.Scope((Guid)owner)))
        {
            Assert.True(await mine.Orders.AnyAsync(o => o.Id == orderId));
        }

        await using (var theirs = factory.ReadOnly.Lease(FixedTenant.Scope(other.MerchantId)))
        {
            Assert.False(await theirs.Orders.AnyAsync(o => o.Id == orderId));
            Assert.Empty(await theirs.OrderEvents.ToListAsync());
        }

        await using (var nobody = factory.ReadOnly.Lease(FixedTenant.Scope(Guid.Empty)))
        {
            Assert.False(await nobody.Orders.AnyAsync());
        }
    }

    [Fact]
    public async Task The_feed_on_a_lagging_standby_skips_nothing_and_a_long_poll_gets_the_event_from_the_primary()
    {
        var (client, id) = await OrderOnBothAsync();
        var start = await client.GetFromJsonAsync<JsonElement>("/api/v1/events?wait=5");
        var cursor = start.GetProperty("nextCursor").GetString();
        var seen = Ids(start);
        Assert.NotEmpty(seen);
        await factory.PauseReplayAsync();
        try
        {
            await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/paid"));

            // Without waiting, the standby answers what it has: nothing yet, and a cursor that has not passed the event.
            var early = await client.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={cursor}");
            Assert.Empty(early.GetProperty("events").EnumerateArray());

            // A long-poll does not wait for a NOTIFY that has already fired: the primary has the events (payment: two).
            var clock = Stopwatch.StartNew();
            var polled = await client.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={early.GetProperty("nextCursor").GetString()}&wait=10");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
            Assert.NotEmpty(Versions(polled));
            Assert.All(Versions(polled), v => Assert.Equal(2, v));

            // A long-poll waiting when the write commits is woken and answered too.
            var waiting = client.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={polled.GetProperty("nextCursor").GetString()}&wait=10");
            await Task.Delay(300);
            await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/in-fulfilment"));
            var woken = await waiting;
            Assert.NotEmpty(Versions(woken));
            Assert.All(Versions(woken), v => Assert.Equal(3, v));
            seen.AddRange(Ids(polled).Concat(Ids(woken)));
        }
        finally
        {
            await factory.ResumeReplayAsync();
        }

        // Caught up, the standby's pages hold the same events, each once, in the order the cursors gave them.
        await factory.WaitForReplayAsync();
        await factory.WaitUntilStandbyUsableAsync();
        var all = await client.GetFromJsonAsync<JsonElement>("/api/v1/events");
        Assert.Equal(seen, Ids(all));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_minVersion_on_the_order_and_status_reads()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        foreach (var path in new[] { "/api/v1/orders/{id}", "/api/v1/orders/{id}/status", "/api/v1/orders/by-number/{number}", "/api/v1/orders/by-reference/{reference}" })
        {
            var parameter = document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
                .Single(p => p.GetProperty("name").GetString() == "minVersion");
            Assert.Equal("query", parameter.GetProperty("in").GetString());
            Assert.Contains("Read your own write", parameter.GetProperty("description").GetString());
        }
    }

    private static List<long> Versions(JsonElement page) =>
        [.. page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("orderVersion").GetInt64())];

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];

    /// <summary>A new merchant's order (version 1), replayed on the standby, which reads may use.</summary>
    private async Task<(HttpClient Client, string Id)> OrderOnBothAsync()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var created = await OrderApi.CreateAsync(client);
        await factory.WaitForReplayAsync();
        await factory.WaitUntilStandbyUsableAsync();
        return (client, created.Id());
    }
}
