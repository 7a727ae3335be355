using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Dialects.Retailys;

/// <summary>
/// The vendor SDK's typical sequence and every state change of the dialect, each checked against the
/// canonical API: the same order, the same history (with client id and request id), one outbox row per
/// event, the same events in the change feed.
/// </summary>
public sealed class RetailysLifecycleTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_sdk_sequence_create_items_paid_sent_with_tracking_delivered_done_is_one_canonical_order()
    {
        var (retailys, canonical, tenant) = await RetailysApi.TenantAsync(factory);
        var feedStart = (await canonical.GetFromJsonAsync<JsonElement>("/api/v1/events?after=latest")).GetProperty("nextCursor").GetString();

        var number = await RetailysApi.CreateAsync(retailys);
        var created = await RetailysApi.CanonicalAsync(canonical, number);
        var orderId = created.GetProperty("id").GetString()!;
        Assert.Equal(number.ToString(System.Globalization.CultureInfo.InvariantCulture), created.GetProperty("reference").GetString());
        Assert.Equal("created", created.GetProperty("status").GetString());

        var mug = await RetailysApi.AddItemAsync(retailys, number, "Hrnek", 2, 149.90m);
        var tea = await RetailysApi.AddItemAsync(retailys, number, "Čaj", 1, 89m);
        Assert.Equal([1L, 2L], [mug, tea]);
        Assert.Equal(388.80m, (await RetailysApi.CanonicalAsync(canonical, number)).GetProperty("total").GetDecimal());

        using var paidRequest = new HttpRequestMessage(HttpMethod.Patch, $"/System/Orders/{number}/paid")
        {
            Content = JsonContent.Create(new { paid = 388.80m, payment_id = "gp-77812", status = "PAID", url = "https://pay.example/r/77812" }),
        };
        paidRequest.Headers.Add("X-Request-Id", "retailys-paid-1");
        var paid = await RetailysApi.JsonAsync(await retailys.SendAsync(paidRequest), HttpStatusCode.OK);
        Assert.Equal(number, paid.GetProperty("id").GetInt64());
        Assert.Equal(388.80m, paid.GetProperty("paid").GetDecimal());
        Assert.Equal("gp-77812", paid.GetProperty("external_payment_id").GetString());
        Assert.Equal("https://pay.example/r/77812", paid.GetProperty("external_payment_url").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", paid.GetProperty("date_paid").GetString());
        Assert.False(paid.GetProperty("sent").GetBoolean());

        var sent = await RetailysApi.JsonAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{number}/sent"), HttpStatusCode.OK);
        Assert.True(sent.GetProperty("sent").GetBoolean());
        Assert.False(sent.GetProperty("delivered").GetBoolean());
        var tracking = await RetailysApi.JsonAsync(
            await retailys.PostAsJsonAsync($"/System/Orders/{number}/tracking", new { shipper_id = 7, tracking_number = "DR1234567890CZ" }), HttpStatusCode.Created);
        Assert.Equal(1, tracking.GetProperty("id").GetInt64());

        var delivered = await RetailysApi.JsonAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{number}/delivered"), HttpStatusCode.OK);
        Assert.True(delivered.GetProperty("sent").GetBoolean());
        Assert.True(delivered.GetProperty("delivered").GetBoolean());
        Assert.False(delivered.GetProperty("done").GetBoolean());

        var done = await RetailysApi.JsonAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{number}/done"), HttpStatusCode.OK);
        Assert.Equal((true, true, true, false), Flags(done));
        var tracked = Assert.Single(done.GetProperty("trackings").EnumerateArray());
        Assert.Equal(7, tracked.GetProperty("shipper_id").GetInt64());
        Assert.Equal("DR1234567890CZ", tracked.GetProperty("tracking_number").GetString());

        // The canonical API sees the same order, and the Retailys get shows what the canonical one holds.
        var final = await RetailysApi.CanonicalAsync(canonical, number);
        Assert.Equal("done", final.GetProperty("status").GetString());
        Assert.Equal(388.80m, final.GetProperty("paidAmount").GetDecimal());
        Assert.Equal("gp-77812", final.GetProperty("paymentReference").GetString());
        Assert.Equal("7", final.GetProperty("trackings")[0].GetProperty("carrier").GetString());
        Assert.Equal(["Hrnek", "Čaj"], final.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        var get = await RetailysApi.GetOrderAsync(retailys, number);
        Assert.Equal(final.GetProperty("total").GetDecimal(), get.GetProperty("money").GetDecimal());
        Assert.Equal(orderId, get.GetProperty("canonical_id").GetString());

        // The same history as canonical calls write, each event by this client, the paid one with its request id.
        var history = await RetailysApi.HistoryAsync(canonical, orderId);
        Assert.Equal(
            "ORDER_CREATED,ITEM_ADDED,ITEM_ADDED,STATUS_CHANGED,PAYMENT_RECORDED,STATUS_CHANGED,TRACKING_ADDED,STATUS_CHANGED,STATUS_CHANGED",
            RetailysApi.Types(history));
        Assert.All(history, e => Assert.Equal(tenant.ClientId, e.GetProperty("actor").GetProperty("clientId").GetString()));
        Assert.All(history, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("requestId").GetString())));
        var payment = history.Single(e => e.GetProperty("type").GetString() == "PAYMENT_RECORDED");
        Assert.Equal("retailys-paid-1", payment.GetProperty("requestId").GetString());
        Assert.Equal("PAID", payment.GetProperty("data").GetProperty("paymentStatus").GetString());
        Assert.Equal(
            ["paid", "sent", "delivered", "done"],
            history.Where(e => e.GetProperty("type").GetString() == "STATUS_CHANGED").Select(e => e.GetProperty("toStatus").GetString()));

        // One webhook body per event in the outbox, and the same events in the change feed.
        var eventIds = history.Select(e => e.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(eventIds, await RetailysApi.OutboxEventIdsAsync(factory, orderId));
        // The feed shows an event once no older transaction is still running (ADR 0006): long-poll until all are there.
        var feedIds = new List<Guid>();
        var cursor = feedStart;
        for (var attempt = 0; attempt < 10 && feedIds.Count < eventIds.Count; attempt++)
        {
            var feed = await canonical.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={cursor}&limit=100&wait=5");
            feedIds.AddRange(feed.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
            cursor = feed.GetProperty("nextCursor").GetString();
        }

        Assert.Equal(eventIds, feedIds);
    }

    [Fact]
    public async Task Repeating_the_current_state_is_a_200_no_op_without_history()
    {
        var (retailys, canonical, _) = await RetailysApi.TenantAsync(factory);
        var number = await RetailysApi.CreateAsync(retailys);
        await RetailysApi.AddItemAsync(retailys, number);
        Assert.Equal(HttpStatusCode.OK, (await RetailysApi.PatchAsync(retailys, $"/System/Orders/{number}/paid", new { })).StatusCode);
        var before = await RetailysApi.CanonicalAsync(canonical, number);

        var again = await RetailysApi.JsonAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{number}/paid", new { }), HttpStatusCode.OK);

        Assert.Equal(number, again.GetProperty("id").GetInt64());
        var after = await RetailysApi.CanonicalAsync(canonical, number);
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(4, (await RetailysApi.HistoryAsync(canonical, after.GetProperty("id").GetString()!)).Count);
    }

    [Fact]
    public async Task Paid_without_a_body_records_the_total_and_cancel_needs_no_body_either()
    {
        var (retailys, canonical, _) = await RetailysApi.TenantAsync(factory);
        var number = await RetailysApi.CreateAsync(retailys);
        await RetailysApi.AddItemAsync(retailys, number, count: 1, price: 100m);

        var paid = await RetailysApi.JsonAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{number}/paid"), HttpStatusCode.OK);
        Assert.Equal(100m, paid.GetProperty("paid").GetDecimal());

        var cancelled = await RetailysApi.JsonAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{number}/cancel"), HttpStatusCode.OK);
        Assert.Equal((false, false, false, true), Flags(cancelled));
        Assert.Equal("cancelled", (await RetailysApi.CanonicalAsync(canonical, number)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("delivered", HttpStatusCode.UnprocessableEntity)]
    [InlineData("done", HttpStatusCode.BadRequest)]
    public async Task An_illegal_move_answers_the_documented_code_naming_the_current_status_and_the_allowed_ones(string move, HttpStatusCode status)
    {
        var (retailys, canonical, _) = await RetailysApi.TenantAsync(factory);
        var number = await RetailysApi.CreateAsync(retailys);
        var before = await RetailysApi.CanonicalAsync(canonical, number);

        var detail = await RetailysApi.ErrorAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{number}/{move}"), status);

        Assert.Contains("created", detail, StringComparison.Ordinal);
        Assert.Contains("paid, in_fulfilment, sent, cancelled", detail, StringComparison.Ordinal);
        Assert.Equal(before.GetProperty("version").GetInt64(), (await RetailysApi.CanonicalAsync(canonical, number)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Sent_on_a_cancelled_order_is_422_and_paid_cancel_on_a_done_one_are_400()
    {
        var (retailys, _, _) = await RetailysApi.TenantAsync(factory);
        var cancelled = await RetailysApi.CreateAsync(retailys);
        Assert.Equal(HttpStatusCode.OK, (await RetailysApi.PatchAsync(retailys, $"/System/Orders/{cancelled}/cancel")).StatusCode);
        var detail = await RetailysApi.ErrorAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{cancelled}/sent"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("cancelled", detail, StringComparison.Ordinal);

        var done = await RetailysApi.CreateAsync(retailys);
        foreach (var move in new[] { "sent", "delivered", "done" })
        {
            Assert.Equal(HttpStatusCode.OK, (await RetailysApi.PatchAsync(retailys, $"/System/Orders/{done}/{move}")).StatusCode);
        }

        await RetailysApi.ErrorAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{done}/paid", new { }), HttpStatusCode.BadRequest);
        await RetailysApi.ErrorAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{done}/cancel"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_payment_over_the_total_is_400_and_changes_nothing()
    {
        var (retailys, canonical, _) = await RetailysApi.TenantAsync(factory);
        var number = await RetailysApi.CreateAsync(retailys);
        await RetailysApi.AddItemAsync(retailys, number, count: 1, price: 10m);

        await RetailysApi.ErrorAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{number}/paid", new { paid = 99999 }), HttpStatusCode.BadRequest);

        Assert.Equal("created", (await RetailysApi.CanonicalAsync(canonical, number)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task If_match_is_honoured_and_a_stale_version_is_412()
    {
        var (retailys, canonical, _) = await RetailysApi.TenantAsync(factory);
        var number = await RetailysApi.CreateAsync(retailys);
        var version = (await RetailysApi.CanonicalAsync(canonical, number)).GetProperty("version").GetInt64();

        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/System/Orders/{number}/cancel");
        stale.Headers.TryAddWithoutValidation("If-Match", $"\"{version + 5}\"");
        await RetailysApi.ErrorAsync(await retailys.SendAsync(stale), HttpStatusCode.PreconditionFailed);

        using var current = new HttpRequestMessage(HttpMethod.Patch, $"/System/Orders/{number}/cancel");
        current.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        var response = await retailys.SendAsync(current);
        await RetailysApi.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal($"\"{version + 1}\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task An_idempotency_key_replays_the_first_create_instead_of_creating_a_second_order()
    {
        var (retailys, _, _) = await RetailysApi.TenantAsync(factory);
        async Task<HttpResponseMessage> Create()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/System/Orders") { Content = JsonContent.Create(RetailysApi.NewOrder()) };
            request.Headers.Add("Idempotency-Key", "retailys-create-1");
            return await retailys.SendAsync(request);
        }

        var first = await RetailysApi.JsonAsync(await Create(), HttpStatusCode.Created);
        var retry = await Create();
        var second = await RetailysApi.JsonAsync(retry, HttpStatusCode.Created);

        Assert.Equal(first.GetProperty("id").GetInt64(), second.GetProperty("id").GetInt64());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var list = await RetailysApi.JsonAsync(await retailys.GetAsync("/System/Orders"), HttpStatusCode.OK);
        Assert.Equal(1, list.GetProperty("paginator").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Statuses_list_the_merchants_custom_statuses_and_patch_status_applies_their_effect()
    {
        var (retailys, canonical, _) = await RetailysApi.TenantAsync(factory);
        foreach (var (name, effect, sort) in new[] { ("Waiting for stock", "none", 1), ("Completed", "done", 2), ("Refused", "cancelled", 3) })
        {
            var created = await canonical.PostAsJsonAsync("/api/v1/statuses/custom", new { name, effect, sort, color = "#1e90ff", icon = "box" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var statuses = await RetailysApi.JsonAsync(await retailys.GetAsync("/System/Orders/Statuses"), HttpStatusCode.OK);
        Assert.Equal(3, statuses.GetProperty("paginator").GetProperty("total").GetInt64());
        Assert.Equal(1, statuses.GetProperty("paginator").GetProperty("pages").GetInt64());
        var list = statuses.GetProperty("statuses").EnumerateArray().ToList();
        Assert.Equal(["Waiting for stock", "Completed", "Refused"], list.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal([(false, false), (true, false), (false, true)], list.Select(s => (s.GetProperty("complete_order").GetBoolean(), s.GetProperty("cancel_order").GetBoolean())));
        string[] members = ["cancel_order", "color", "complete_order", "icon", "id", "name", "sort"];
        Assert.All(list, s => Assert.Equal(members, s.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        var waiting = list[0].GetProperty("id").GetInt64();
        var completed = list[1].GetProperty("id").GetInt64();
        var refused = list[2].GetProperty("id").GetInt64();

        // No effect: only the label; then "complete" on a sent order makes it done.
        var number = await RetailysApi.CreateAsync(retailys);
        var labelled = await RetailysApi.JsonAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{number}/status", new { status_id = waiting }), HttpStatusCode.OK);
        Assert.Equal(waiting, labelled.GetProperty("status").GetProperty("id").GetInt64());
        Assert.Equal("Waiting for stock", (await RetailysApi.CanonicalAsync(canonical, number)).GetProperty("customStatus").GetProperty("name").GetString());

        // An illegal effect (done from created) is 400 with the lifecycle in the detail, nothing changes.
        var detail = await RetailysApi.ErrorAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{number}/status", new { status_id = completed }), HttpStatusCode.BadRequest);
        Assert.Contains("created", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await RetailysApi.PatchAsync(retailys, $"/System/Orders/{number}/sent")).StatusCode);
        var done = await RetailysApi.JsonAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{number}/status", new { status_id = completed }), HttpStatusCode.OK);
        Assert.True(done.GetProperty("done").GetBoolean());
        Assert.Equal("done", (await RetailysApi.CanonicalAsync(canonical, number)).GetProperty("status").GetString());

        var other = await RetailysApi.CreateAsync(retailys);
        var cancelled = await RetailysApi.JsonAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{other}/status", new { status_id = refused }), HttpStatusCode.OK);
        Assert.True(cancelled.GetProperty("canceled").GetBoolean());
        var history = await RetailysApi.HistoryAsync(canonical, (await RetailysApi.CanonicalAsync(canonical, other)).GetProperty("id").GetString()!);
        Assert.Contains("CUSTOM_STATUS_SET,STATUS_CHANGED", RetailysApi.Types(history), StringComparison.Ordinal);

        // Unknown status numbers are 404.
        await RetailysApi.ErrorAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{other}/status", new { status_id = 999 }), HttpStatusCode.NotFound);
        await RetailysApi.ErrorAsync(await RetailysApi.PatchAsync(retailys, $"/System/Orders/{other}/status", new { }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Statuses_are_paged_like_the_order_list()
    {
        var (retailys, canonical, _) = await RetailysApi.TenantAsync(factory);
        for (var i = 1; i <= 12; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await canonical.PostAsJsonAsync("/api/v1/statuses/custom", new { name = $"S{i:00}", sort = i })).StatusCode);
        }

        var second = await RetailysApi.JsonAsync(await retailys.GetAsync("/System/Orders/Statuses?page=2&per_page=10"), HttpStatusCode.OK);
        Assert.Equal(["S11", "S12"], second.GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal((2, 10, 2L, 12L), Paginator(second));
        await RetailysApi.ErrorAsync(await retailys.GetAsync("/System/Orders/Statuses?per_page=5"), HttpStatusCode.BadRequest);
        await RetailysApi.ErrorAsync(await retailys.GetAsync("/System/Orders/Statuses?page=0"), HttpStatusCode.BadRequest);
    }

    internal static (bool Sent, bool Delivered, bool Done, bool Canceled) Flags(JsonElement order) => (
        order.GetProperty("sent").GetBoolean(),
        order.GetProperty("delivered").GetBoolean(),
        order.GetProperty("done").GetBoolean(),
        order.GetProperty("canceled").GetBoolean());

    internal static (int Page, int PerPage, long Pages, long Total) Paginator(JsonElement page)
    {
        var p = page.GetProperty("paginator");
        return (p.GetProperty("page").GetInt32(), p.GetProperty("per_page").GetInt32(), p.GetProperty("pages").GetInt64(), p.GetProperty("total").GetInt64());
    }
}
