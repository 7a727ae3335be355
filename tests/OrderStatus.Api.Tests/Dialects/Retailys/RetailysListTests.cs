using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Dialects.Retailys;

/// <summary><c>GET /System/Orders</c>: offset paging, newest order date first, and every filter.</summary>
public sealed class RetailysListTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Pages_go_newest_order_date_first_with_a_paginator()
    {
        var (retailys, _, _) = await RetailysApi.TenantAsync(factory);
        var numbers = new List<long>();
        for (var i = 0; i < 23; i++)
        {
            numbers.Add(await RetailysApi.CreateAsync(retailys, Order(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(i))));
        }

        var first = await RetailysApi.JsonAsync(await retailys.GetAsync("/System/Orders"), HttpStatusCode.OK);
        Assert.Equal((1, 10, 3L, 23L), RetailysLifecycleTests.Paginator(first));
        Assert.Equal(numbers.AsEnumerable().Reverse().Take(10), Ids(first));

        var third = await RetailysApi.JsonAsync(await retailys.GetAsync("/v1/System/Orders?page=3&per_page=10"), HttpStatusCode.OK);
        Assert.Equal((3, 10, 3L, 23L), RetailysLifecycleTests.Paginator(third));
        Assert.Equal([numbers[2], numbers[1], numbers[0]], Ids(third));

        var beyond = await RetailysApi.JsonAsync(await retailys.GetAsync("/System/Orders?page=9"), HttpStatusCode.OK);
        Assert.Equal((9, 10, 3L, 23L), RetailysLifecycleTests.Paginator(beyond));
        Assert.Empty(Ids(beyond));

        var all = await RetailysApi.JsonAsync(await retailys.GetAsync("/System/Orders?per_page=250&expanded=1"), HttpStatusCode.OK);
        Assert.Equal(numbers.AsEnumerable().Reverse(), Ids(all));
        Assert.Equal("3", all.GetProperty("orders")[0].GetProperty("channel").GetProperty("name").GetString());

        // An order imported with an older date_order sorts by that date, not by when it arrived.
        var imported = await RetailysApi.CreateAsync(retailys, Order(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        var last = await RetailysApi.JsonAsync(await retailys.GetAsync("/System/Orders?page=3"), HttpStatusCode.OK);
        Assert.Equal(imported, Ids(last)[^1]);
    }

    [Theory]
    [InlineData("per_page=9")]
    [InlineData("per_page=251")]
    [InlineData("per_page=ten")]
    [InlineData("page=0")]
    [InlineData("page=-1")]
    [InlineData("done=maybe")]
    [InlineData("canceled=2")]
    [InlineData("expanded=yes")]
    [InlineData("from=yesterday")]
    [InlineData("to=2026-02-30T00:00:00Z")]
    [InlineData("channel_id=web")]
    [InlineData("customer_id=1.5")]
    [InlineData("company_id=x")]
    [InlineData("status_id=abc")]
    public async Task Bad_parameters_are_400(string query)
    {
        var (retailys, _, _) = await RetailysApi.TenantAsync(factory);
        await RetailysApi.ErrorAsync(await retailys.GetAsync("/System/Orders?" + query), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Every_filter_selects_its_orders()
    {
        var (retailys, canonical, _) = await RetailysApi.TenantAsync(factory);
        var early = await RetailysApi.CreateAsync(retailys, Order(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), channel: 1));
        var middle = await RetailysApi.CreateAsync(retailys, Order(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), channel: 2));
        var late = await RetailysApi.CreateAsync(retailys, Order(new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.Zero), channel: 2));
        var done = await RetailysApi.CreateAsync(retailys, Order(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero), channel: 1));
        foreach (var move in new[] { "sent", "done" })
        {
            Assert.Equal(HttpStatusCode.OK, (await RetailysApi.PatchAsync(retailys, $"/System/Orders/{done}/{move}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await RetailysApi.PatchAsync(retailys, $"/System/Orders/{middle}/cancel")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await retailys.PostAsJsonAsync($"/System/Orders/{late}/tracking", new { tracking_number = "LIST-TRK-1" })).StatusCode);
        var label = await (await canonical.PostAsJsonAsync("/api/v1/statuses/custom", new { name = "VIP" })).Content.ReadFromJsonAsync<JsonElement>();
        var labelNumber = label.GetProperty("number").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await RetailysApi.PatchAsync(retailys, $"/System/Orders/{early}/status", new { status_id = labelNumber })).StatusCode);
        var withCustomer = await canonical.PostAsJsonAsync("/api/v1/orders", new { reference = "C-1", currency = "EUR", customerNumber = "777", items = Array.Empty<object>() });
        var customerOrder = (await withCustomer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt64();

        async Task<IReadOnlyList<long>> List(string query) =>
            Ids(await RetailysApi.JsonAsync(await retailys.GetAsync("/System/Orders?per_page=250&" + query), HttpStatusCode.OK));

        Assert.Equal([done, early], await List("channel_id=1"));
        Assert.Equal([late, middle], await List("channel_id=2"));
        Assert.Empty(await List("channel_id=99"));
        Assert.Equal([customerOrder], await List("customer_id=777"));
        Assert.Empty(await List("customer_id=778"));
        Assert.Equal([done], await List("done=1"));
        Assert.Equal([done], await List("done=true"));
        Assert.DoesNotContain(done, await List("done=0"));
        Assert.DoesNotContain(done, await List("done="));
        Assert.Equal([middle], await List("canceled=1"));
        Assert.Equal([customerOrder, done, late, early], await List("canceled=false&from=2026-03-01T00:00:00Z"));
        Assert.Equal([early], await List($"status_id={labelNumber}"));
        Assert.Equal([late], await List("tracking=LIST-TRK-1"));
        Assert.Empty(await List("tracking=NOPE"));
        Assert.Equal([late, middle], await List("from=2026-03-02T10:00:00Z&to=2026-03-03T10:00:00Z"));
        Assert.Equal([late, middle], await List("from=2026-03-02T11:00:00%2B01:00&to=2026-03-03T11:00:00+01:00"));
        Assert.Equal([late, middle, early], await List("from=2026-03-01&to=2026-03-03T23:59:59"));
        Assert.Empty(await List("company_id=1"));
        Assert.Equal([done], await List("channel_id=1&done=1&from=2026-03-02T00:00:00Z"));

        var unknownStatus = await RetailysApi.ErrorAsync(await retailys.GetAsync("/System/Orders?status_id=9999"), HttpStatusCode.NotFound);
        Assert.Contains("9999", unknownStatus, StringComparison.Ordinal);
        var empty = await RetailysApi.JsonAsync(await retailys.GetAsync("/System/Orders?tracking=NOPE"), HttpStatusCode.OK);
        Assert.Equal((1, 10, 0L, 0L), RetailysLifecycleTests.Paginator(empty));
    }

    private static object Order(DateTimeOffset dateOrder, long channel = 3) => new
    {
        channel,
        name = "List test",
        date_order = dateOrder.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        order_currency_code = "EUR",
    };

    private static List<long> Ids(JsonElement page) => [.. page.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("id").GetInt64())];
}
