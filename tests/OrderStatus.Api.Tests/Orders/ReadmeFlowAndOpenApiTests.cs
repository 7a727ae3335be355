using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Orders;

public sealed class ReadmeFlowAndOpenApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_readme_order_life_works_as_written()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var created = await OrderApi.CreateAsync(client, new
        {
            reference = "SO-10042",
            currency = "EUR",
            customer = new { name = "Ada Lovelace", email = "ada@example.com" },
            items = new object[] { new { sku = "MUG-01", name = "Mug", quantity = 2, unitPrice = 9.95m }, new { sku = "TEA-05", name = "Earl Grey", quantity = 1, unitPrice = 6.50m } },
        });
        var id = created.Id();
        Assert.Equal(26.40m, created.GetProperty("total").GetDecimal());

        var paid = await OrderApi.OkJsonAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/paid", new { paymentReference = "psp-8812" }));
        Assert.Equal(26.40m, paid.GetProperty("paidAmount").GetDecimal());
        Assert.Equal("in_fulfilment", (await OrderApi.OkJsonAsync(await client.PatchAsJsonAsync($"/api/v1/orders/{id}/status", new { code = 512 }))).Status());
        Assert.Equal(516, (await OrderApi.OkJsonAsync(await client.PatchAsJsonAsync($"/api/v1/orders/{id}/status", new { code = 516 }))).GetProperty("fulfilmentCode").GetInt32());
        var sent = await OrderApi.OkJsonAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/sent", new { tracking = new { trackingNumber = "1Z999AA10123456784", carrier = "UPS" } }));
        var trackingId = sent.GetProperty("trackings")[0].Id();
        await OrderApi.OkJsonAsync(
            await client.PostAsJsonAsync($"/api/v1/orders/{id}/trackings/{trackingId}/checkpoints", new { occurredAt = "2026-11-24T14:05:00Z", status = "Delivered", statusText = "Delivered to front door", location = "London" }),
            HttpStatusCode.Created);
        var status = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/status"));
        Assert.Equal("delivered", status.Status());
        Assert.Equal(6, status.Version());

        using var done = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{id}/done");
        done.Headers.IfMatch.Add(new EntityTagHeaderValue("\"6\""));
        Assert.Equal("done", (await OrderApi.OkJsonAsync(await client.SendAsync(done))).Status());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_orders_api_with_examples_and_problems()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var paths = document.GetProperty("paths");

        var create = paths.GetProperty("/api/v1/orders").GetProperty("post");
        Assert.False(string.IsNullOrWhiteSpace(create.GetProperty("summary").GetString()));
        // Not the walk-through's SO-10042: the example is made new per document (RequestExampleTests).
        Assert.StartsWith("SO-", create.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("reference").GetString());
        Assert.True(create.GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _));
        Assert.True(create.GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(create.GetProperty("responses").TryGetProperty("409", out _));

        var paid = paths.GetProperty("/api/v1/orders/{id}/paid").GetProperty("post");
        Assert.True(paid.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _));
        foreach (var code in new[] { "404", "409", "412" })
        {
            Assert.True(paid.GetProperty("responses").TryGetProperty(code, out _), code);
        }

        foreach (var path in new[] { "/api/v1/orders/{id}/status", "/api/v1/orders/{id}/history", "/api/v1/orders/{id}/trackings/{trackingId}/checkpoints", "/api/v1/statuses", "/api/v1/statuses/custom/{id}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }

        Assert.Contains(document.GetProperty("tags").EnumerateArray(), t => t.GetProperty("name").GetString() == "Orders");
    }
}
