using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Orders;

public sealed class OrdersApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly string[] FraudCheck = ["FRAUD_CHECK"];

    [Fact]
    public async Task Create_get_by_id_by_reference_and_status()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var created = await OrderApi.CreateAsync(client, OrderApi.NewOrder("REF-1"));

        Assert.Equal("created", created.Status());
        Assert.Equal(1, created.Version());
        Assert.Equal(31.5m, created.GetProperty("total").GetDecimal());
        Assert.Equal(2, created.GetProperty("items").GetArrayLength());
        Assert.Equal("Item 1", created.GetProperty("items")[0].GetProperty("name").GetString());

        var get = await client.GetAsync($"/api/v1/orders/{created.Id()}");
        var order = await OrderApi.OkJsonAsync(get);
        Assert.Equal("\"1\"", get.Headers.ETag?.ToString());
        Assert.Equal("REF-1", order.GetProperty("reference").GetString());
        Assert.Equal("Item 2", order.GetProperty("items")[1].GetProperty("name").GetString());

        var byRef = await OrderApi.OkJsonAsync(await client.GetAsync("/api/v1/orders/by-reference/REF-1"));
        Assert.Equal(created.Id(), byRef.Id());

        var status = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{created.Id()}/status"));
        Assert.Equal("created", status.Status());
        Assert.Equal(1, status.Version());
        Assert.Contains("paid", status.GetProperty("allowedNext").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_duplicate_reference_answers_409_and_unknown_ids_404()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        await OrderApi.CreateAsync(client, OrderApi.NewOrder("DUP-1"));

        var duplicate = await client.PostAsJsonAsync("/api/v1/orders", OrderApi.NewOrder("DUP-1"));
        await ProblemAssert.IsProblemAsync(duplicate, HttpStatusCode.Conflict, "duplicate_reference");
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/orders/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "order_not_found");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/orders/not-a-guid"), HttpStatusCode.NotFound, "order_not_found");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/orders/by-reference/nope"), HttpStatusCode.NotFound, "order_not_found");
    }

    [Fact]
    public async Task Invalid_input_answers_400_with_camel_case_field_errors()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var response = await client.PostAsJsonAsync("/api/v1/orders", new
        {
            reference = "",
            currency = "EUR",
            customer = new { email = "not-an-email" },
            shippingAddress = new { countryCode = "XX" },
            items = new[] { new { name = "A", quantity = 0, unitPrice = 1.001m } },
        });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("reference", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("items[0].quantity", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("items[0].unitPrice", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("customer.email", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("shippingAddress.countryCode", out _), errors.ToString());
    }

    [Theory]
    [InlineData("{\"reference\":\"X\",\"currency\":\"JPY\",\"items\":[{\"name\":\"a\",\"quantity\":1,\"unitPrice\":10.5}]}")]
    [InlineData("{\"reference\":\"X\",\"currency\":\"ZZZ\",\"items\":[]}")]
    [InlineData("{\"reference\":\"X\",\"currency\":\"EUR\",\"items\":[{\"name\":\"a\",\"quantity\":\"many\",\"unitPrice\":1}]}")]
    [InlineData("{\"reference\":\"X\",\"currency\":\"EUR\",\"items\":[{\"name\":\"a\",\"quantity\":-1,\"unitPrice\":1}]}")]
    [InlineData("{\"reference\":\"X\",\"currency\":\"EUR\",\"items\":[{\"name\":\"a\",\"quantity\":1,\"unitPrice\":-1}]}")]
    [InlineData("{\"reference\":\"X\",\"currency\":\"EUR\"")]
    [InlineData("[]")]
    public async Task Bad_bodies_answer_400(string body)
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var response = await client.PostAsync("/api/v1/orders", new StringContent(body, Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Over_long_strings_and_too_many_items_answer_400()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var longRef = await client.PostAsJsonAsync("/api/v1/orders", new { reference = new string('x', 101), currency = "EUR", items = Array.Empty<object>() });
        await ProblemAssert.IsProblemAsync(longRef, HttpStatusCode.BadRequest, "validation_failed");

        var many = await client.PostAsJsonAsync("/api/v1/orders", new
        {
            reference = "MANY",
            currency = "EUR",
            items = Enumerable.Range(0, 501).Select(i => new { name = "x", quantity = 1, unitPrice = 1 }).ToArray(),
        });
        await ProblemAssert.IsProblemAsync(many, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Lists_filter_and_page_with_a_keyset_cursor_newest_first()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await OrderApi.CreateAsync(client, OrderApi.NewOrder($"L-{i}"))).Id());
        }

        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{ids[1]}/paid"));
        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{ids[2]}/hold", new { reasons = FraudCheck }));
        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{ids[3]}/sent", new { tracking = new { trackingNumber = "TRK-LIST-1", carrier = "DHL" } }));

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await OrderApi.OkJsonAsync(await client.GetAsync("/api/v1/orders?limit=2" + (cursor is null ? "" : "&cursor=" + cursor)));
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(o => o.Id()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Reverse(ids), seen);

        async Task<List<string>> Filter(string query) =>
            [.. (await OrderApi.OkJsonAsync(await client.GetAsync("/api/v1/orders?" + query))).GetProperty("items").EnumerateArray().Select(o => o.Id())];

        Assert.Equal([ids[1]], await Filter("status=paid"));
        Assert.Equal([ids[2]], await Filter("onHold=true"));
        Assert.Equal([ids[3]], await Filter("trackingNumber=TRK-LIST-1"));
        Assert.Equal([ids[0]], await Filter("reference=L-0"));
        Assert.Equal(5, (await Filter("customerEmail=ada@example.com&channel=web")).Count);
        Assert.Empty(await Filter("createdFrom=2999-01-01T00:00:00%2B02:00"));
        Assert.Equal(5, (await Filter("createdTo=2999-01-01T00:00:00Z")).Count);

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/orders?limit=201"), HttpStatusCode.BadRequest, "validation_failed");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/orders?status=shipped"), HttpStatusCode.BadRequest, "validation_failed");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/orders?cursor=%%%"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/orders?onHold=maybe"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Conditional_reads_answer_304_and_a_stale_if_match_412()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var order = await OrderApi.CreateAsync(client);
        var id = order.Id();

        foreach (var path in new[] { $"/api/v1/orders/{id}", $"/api/v1/orders/{id}/status", "/api/v1/orders?limit=10", "/api/v1/statuses" })
        {
            var first = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var etag = first.Headers.ETag;
            Assert.NotNull(etag);
            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        }

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{id}/paid");
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"7\""));
        await ProblemAssert.IsProblemAsync(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed, "precondition_failed");

        using var fresh = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{id}/paid");
        fresh.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var paid = await client.SendAsync(fresh);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal("\"2\"", paid.Headers.ETag?.ToString());

        using var old = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{id}/status");
        old.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(old)).StatusCode);
    }
}
