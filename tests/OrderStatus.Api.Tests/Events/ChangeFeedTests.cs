using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Api.Tests.Webhooks;

namespace OrderStatus.Api.Tests.Events;

public sealed class ChangeFeedTests(ChangeFeedTests.Factory factory) : IClassFixture<ChangeFeedTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Webhooks:DispatcherEnabled"] = "false",
        };
    }

    [Fact]
    public async Task Events_come_in_order_page_by_page_and_the_cursor_continues_where_the_last_page_ended()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var written = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            written.Add((await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid())).Id);
        }

        // wait: the feed shows an event once every older transaction on the server has ended, which
        // with other test classes running in parallel can take a moment.
        var first = await client.GetFromJsonAsync<JsonElement>("/api/v1/events?limit=3&wait=10");
        var second = await client.GetFromJsonAsync<JsonElement>($"/api/v1/events?limit=3&after={Cursor(first)}");
        var third = await client.GetFromJsonAsync<JsonElement>($"/api/v1/events?limit=3&after={Cursor(second)}");

        Assert.Equal(written, Ids(first).Concat(Ids(second)));
        Assert.Empty(Ids(third));
        var e = first.GetProperty("events")[0];
        Assert.Equal("STATUS_CHANGED", e.GetProperty("type").GetString());
        Assert.Equal("cl_test", e.GetProperty("actor").GetProperty("clientId").GetString());
        Assert.Equal("test", e.GetProperty("data").GetProperty("note").GetString());
    }

    [Fact]
    public async Task After_latest_answers_an_empty_page_and_then_only_newer_events()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());

        var latest = await client.GetFromJsonAsync<JsonElement>("/api/v1/events?after=latest");
        var newer = await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={Cursor(latest)}&wait=10");

        Assert.Empty(Ids(latest));
        Assert.Equal([newer.Id], Ids(page));
    }

    [Fact]
    public async Task After_latest_is_after_every_event_committed_before_it_and_before_every_event_committed_later()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        // This transaction takes the lower id but is still running when 'latest' is asked for.
        await using var running = await TestEvents.BeginAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());
        var committedBefore = await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());

        var latest = await client.GetFromJsonAsync<JsonElement>("/api/v1/events?after=latest");
        await running.CommitAsync();
        var newer = await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());
        // One event per page, so the cursor also moves through the pending transaction's events.
        var seen = new List<Guid>();
        var cursor = Cursor(latest);
        for (var pages = 0; seen.Count < 2 && pages < 20; pages++)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={cursor}&limit=1&wait=10");
            seen.AddRange(Ids(page));
            cursor = Cursor(page);
        }

        var rest = await client.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={cursor}");

        Assert.Empty(Ids(latest));
        Assert.Equal([running.Event.Id, newer.Id], seen);
        Assert.Empty(Ids(rest));
        Assert.DoesNotContain(committedBefore.Id, seen);
    }

    [Fact]
    public async Task Types_filter_the_feed()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid(), "NOTE_ADDED");
        var wanted = await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid(), "HOLD_PLACED");

        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/events?types=HOLD_PLACED,ITEM_ADDED&wait=10");

        Assert.Equal([wanted.Id], Ids(page));
    }

    [Fact]
    public async Task A_long_poll_answers_as_soon_as_an_event_commits()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var latest = Cursor(await client.GetFromJsonAsync<JsonElement>("/api/v1/events?after=latest"));
        var clock = Stopwatch.StartNew();

        var poll = client.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={latest}&wait=20");
        await Task.Delay(700);
        Assert.False(poll.IsCompleted, "The long poll answered before anything happened.");
        var written = await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());
        var page = await poll;

        Assert.Equal([written.Id], Ids(page));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"The long poll took {clock.Elapsed}.");
    }

    [Fact]
    public async Task A_long_poll_with_nothing_new_answers_an_empty_page_when_the_wait_is_over()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var latest = Cursor(await client.GetFromJsonAsync<JsonElement>("/api/v1/events?after=latest"));
        var clock = Stopwatch.StartNew();

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={latest}&wait=1");

        Assert.Empty(Ids(page));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        Assert.False(string.IsNullOrEmpty(Cursor(page)));
    }

    [Fact]
    public async Task A_cursor_never_skips_an_event_whose_transaction_commits_after_a_later_one()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var start = Cursor(await client.GetFromJsonAsync<JsonElement>("/api/v1/events?after=latest"));

        // The first transaction takes the lower sequence but commits last.
        await using var slow = await TestEvents.BeginAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());
        var fast = await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());
        Assert.True(slow.Event.Sequence < fast.Sequence);

        var whileOpen = await client.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={start}");
        var poll = client.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={Cursor(whileOpen)}&wait=20");
        await Task.Delay(300);
        await slow.CommitAsync();
        var afterCommit = await poll;
        var seen = Ids(whileOpen).Concat(Ids(afterCommit)).ToList();
        if (seen.Count < 2)
        {
            seen.AddRange(Ids(await client.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={Cursor(afterCommit)}&wait=10")));
        }

        Assert.Equal(2, seen.Count);
        Assert.Equal(new[] { slow.Event.Id, fast.Id }.Order(), seen.Order());
        Assert.DoesNotContain(fast.Id, Ids(whileOpen)); // held back until the older transaction finished
    }

    [Fact]
    public async Task A_merchant_sees_only_its_own_events()
    {
        var a = await factory.CreateTenantAsync("A");
        var b = await factory.CreateTenantAsync("B");
        var bClient = factory.CreateClientFor(b);
        var start = Cursor(await bClient.GetFromJsonAsync<JsonElement>("/api/v1/events?after=latest"));
        await TestEvents.AppendAsync(factory.Services, a.MerchantId, Guid.NewGuid());
        var own = await TestEvents.AppendAsync(factory.Services, b.MerchantId, Guid.NewGuid());

        var page = await bClient.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={start}&wait=10");

        Assert.Equal([own.Id], Ids(page));
    }

    [Theory]
    [InlineData("after=not-a-cursor", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("wait=31", "wait")]
    [InlineData("types=NO_SUCH_TYPE", "types")]
    public async Task Bad_parameters_answer_400(string query, string field)
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());

        var response = await client.GetAsync($"/api/v1/events?{query}");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task The_feed_needs_the_orders_read_scope()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync(scopes: ["webhooks:manage"]));

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/events"), HttpStatusCode.Forbidden);
    }

    private static string Cursor(JsonElement page) => page.GetProperty("nextCursor").GetString()!;

    private static List<Guid> Ids(JsonElement page) => [.. page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetGuid())];
}
