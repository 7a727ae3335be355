using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Orders;

/// <summary>Defects found while testing as a user would (issue 10); each of these failed before its fix.</summary>
public sealed class UseCaseDefectsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly string[] AddressCheck = ["ADDRESS_CHECK"];

    [Fact]
    public async Task A_delivered_checkpoint_on_a_held_sent_order_delivers_it_when_the_hold_is_released()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var id = (await OrderApi.CreateAsync(client)).Id();
        var sent = await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/sent", new { tracking = new { trackingNumber = "H-1" } }));
        var tracking = sent.GetProperty("trackings")[0].Id();
        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/hold", new { reasons = AddressCheck }));

        await OrderApi.OkJsonAsync(await client.PostAsJsonAsync(
            $"/api/v1/orders/{id}/trackings/{tracking}/checkpoints", new { occurredAt = "2026-11-20T15:00:00Z", status = "Delivered" }), HttpStatusCode.Created);
        // SPEC 3: no forward move while held.
        Assert.Equal("sent", (await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/status"))).Status());

        var released = await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/release"));

        Assert.Equal("delivered", released.Status());
        Assert.False(released.GetProperty("onHold").GetBoolean());
        var history = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/history"));
        var last = history.GetProperty("items").EnumerateArray().TakeLast(2).ToList();
        Assert.Equal(["HOLD_RELEASED", "STATUS_CHANGED"], last.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("hold_released", last[1].GetProperty("data").GetProperty("trigger").GetString());
        // One change: both events carry the same order version.
        Assert.Equal(last[0].GetProperty("orderVersion").GetInt64(), last[1].GetProperty("orderVersion").GetInt64());
    }

    [Fact]
    public async Task A_released_order_whose_parcel_is_still_travelling_stays_sent()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var id = (await OrderApi.CreateAsync(client)).Id();
        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/sent", new { tracking = new { trackingNumber = "H-2" } }));
        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/hold"));

        Assert.Equal("sent", (await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/release"))).Status());
    }

    [Fact]
    public async Task A_payment_over_the_total_answers_422_and_changes_nothing()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var id = (await OrderApi.CreateAsync(client, new { reference = "TEN-EUR", currency = "EUR", items = new[] { new { name = "A", quantity = 1, unitPrice = 10m } } })).Id();

        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/paid", new { amount = 99999 }), HttpStatusCode.UnprocessableEntity, "invalid_argument");
        await ProblemAssert.IsProblemAsync(
            await client.PatchAsJsonAsync($"/api/v1/orders/{id}/status", new { status = "paid", amount = 10.01m }), HttpStatusCode.UnprocessableEntity, "invalid_argument");

        var order = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}"));
        Assert.Equal("created", order.Status());
        Assert.Equal(1, order.Version());
        var paid = await OrderApi.OkJsonAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/paid", new { amount = 10m }));
        Assert.Equal(10m, paid.GetProperty("paidAmount").GetDecimal());
    }

    [Fact]
    public async Task An_order_list_cursor_changed_in_any_one_character_answers_400()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        for (var i = 0; i < 3; i++)
        {
            await OrderApi.CreateAsync(client);
        }

        var page = await OrderApi.OkJsonAsync(await client.GetAsync("/api/v1/orders?limit=1"));
        var cursor = page.GetProperty("nextCursor").GetString()!;
        Assert.Single((await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders?limit=1&cursor={cursor}"))).GetProperty("items").EnumerateArray());

        for (var position = 0; position < cursor.Length; position++)
        {
            var changed = cursor[..position] + (cursor[position] == 'A' ? 'B' : 'A') + cursor[(position + 1)..];
            var problem = await ProblemAssert.IsProblemAsync(
                await client.GetAsync($"/api/v1/orders?limit=1&cursor={changed}"), HttpStatusCode.BadRequest, "validation_failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _), problem.ToString());
        }

        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/orders?limit=1&cursor={cursor}A"), HttpStatusCode.BadRequest, "validation_failed");
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/orders?limit=1&cursor={cursor[..^1]}"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Theory]
    [InlineData("wait=31")]
    [InlineData("wait=-1")]
    [InlineData("types=NOT_A_TYPE")]
    [InlineData("limit=0")]
    public async Task The_feed_refuses_bad_parameters_with_after_latest_as_with_a_cursor(string parameter)
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var latest = await client.GetFromJsonAsync<JsonElement>("/api/v1/events?after=latest");
        var cursor = latest.GetProperty("nextCursor").GetString();

        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/events?after=latest&{parameter}"), HttpStatusCode.BadRequest, "validation_failed");
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/events?after={cursor}&{parameter}"), HttpStatusCode.BadRequest, "validation_failed");
    }
}
