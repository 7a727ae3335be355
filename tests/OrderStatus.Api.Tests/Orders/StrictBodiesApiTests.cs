using System.Net;
using System.Net.Http.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Orders;

/// <summary>Canonical write bodies refuse unknown members, naming them, and change nothing (issue 10).</summary>
public sealed class StrictBodiesApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_tracking_number_at_the_wrong_level_of_sent_answers_400_naming_it_and_the_order_stays()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var id = (await OrderApi.CreateAsync(client)).Id();

        var problem = await ProblemAssert.IsProblemAsync(
            await client.PostAsJsonAsync($"/api/v1/orders/{id}/sent", new { trackingNumber = "1Z999" }), HttpStatusCode.BadRequest);

        Assert.Contains("trackingNumber", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var order = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}"));
        Assert.Equal("created", order.Status());
        Assert.Equal(1, order.Version());
    }

    [Theory]
    [InlineData("POST", "", """{"reference":"S-1","currency":"EUR","items":[],"refrence":"typo"}""", "refrence")]
    [InlineData("POST", "", """{"reference":"S-2","currency":"EUR","items":[{"name":"a","quantity":1,"unitPrice":1,"colour":"red"}]}""", "colour")]
    [InlineData("POST", "", """{"reference":"S-3","currency":"EUR","items":[],"customer":{"nmae":"Ada"}}""", "nmae")]
    [InlineData("PATCH", "/{id}", """{"shippingAddress":{"line1":"x","zip":"1"}}""", "zip")]
    [InlineData("PATCH", "/{id}/status", """{"status":"paid","amout":5}""", "amout")]
    [InlineData("POST", "/{id}/paid", """{"amount":1,"paymentRef":"x"}""", "paymentRef")]
    [InlineData("POST", "/{id}/sent", """{"tracking":{"trackingNumber":"T","courier":"DHL"}}""", "courier")]
    [InlineData("POST", "/{id}/hold", """{"reason":"x"}""", "reason")]
    [InlineData("POST", "/{id}/history", """{"name":"n","note":"t","tag":"x"}""", "tag")]
    [InlineData("PUT", "/{id}/collection-status", """{"collectionStatus":"COLLECTED","at":"now"}""", "at")]
    public async Task Unknown_members_of_canonical_bodies_answer_400_naming_the_member(string method, string path, string body, string member)
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var id = (await OrderApi.CreateAsync(client)).Id();
        using var request = new HttpRequestMessage(new HttpMethod(method), "/api/v1/orders" + path.Replace("{id}", id, StringComparison.Ordinal))
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };

        var problem = await ProblemAssert.IsProblemAsync(await client.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("detail").GetString()!.Contains($"'{member}'", StringComparison.Ordinal), problem.GetProperty("detail").GetString());
        Assert.Equal(1, (await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}"))).Version());
    }

    [Fact]
    public async Task Custom_status_bodies_are_strict_too()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());

        var problem = await ProblemAssert.IsProblemAsync(
            await client.PostAsJsonAsync("/api/v1/statuses/custom", new { name = "Packed", colour = "#fff" }), HttpStatusCode.BadRequest);

        Assert.Contains("'colour'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
