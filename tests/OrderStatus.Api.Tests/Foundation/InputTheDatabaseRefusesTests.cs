using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Foundation;

/// <summary>Inputs the fault suite's bad-input scenario found answering 500 or an empty body; each is a 4xx problem now.</summary>
public sealed class InputTheDatabaseRefusesTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_NUL_character_in_a_stored_string_answers_400()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());

        var response = await client.PostAsJsonAsync("/api/v1/orders", new
        {
            reference = "nul-1",
            currency = "EUR",
            customer = new { name = "Ada\u0000Lovelace" },
            items = new[] { new { sku = "S", name = "Item", quantity = 1, unitPrice = 5m } },
        });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid_value");
    }

    [Fact]
    public async Task A_NUL_character_in_a_list_filter_answers_400()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());

        var response = await client.GetAsync("/api/v1/orders?trackingNumber=%00");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid_value");
    }

    [Fact]
    public async Task A_token_request_that_is_not_UTF_8_answers_400()
    {
        var content = new ByteArrayContent([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await factory.CreateClient().PostAsync("/api/v1/auth/token", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_error_to_a_client_accepting_only_images_is_still_problem_json()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{Guid.NewGuid()}");
        request.Headers.Accept.ParseAdd("image/png");

        var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }
}
