using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Foundation;

public sealed class HttpBasicsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Liveness_and_readiness_answer_200_when_the_database_is_migrated()
    {
        var client = factory.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("database", body.GetProperty("checks")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Swagger_ui_and_a_complete_openapi_document_are_served()
    {
        var client = factory.CreateClient();

        var ui = await client.GetAsync("/swagger/index.html");
        var document = await client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Equal("text/html", ui.Content.Headers.ContentType?.MediaType);
        var info = document.GetProperty("info");
        Assert.Equal("OrderStatus API", info.GetProperty("title").GetString());
        Assert.Equal("v1", info.GetProperty("version").GetString());
        Assert.False(string.IsNullOrWhiteSpace(info.GetProperty("description").GetString()));
        var tags = document.GetProperty("tags").EnumerateArray().ToList();
        Assert.Contains(tags, t => t.GetProperty("name").GetString() == "Health");
        Assert.All(tags, t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("description").GetString())));
        Assert.True(document.GetProperty("paths").TryGetProperty("/health/ready", out _));
        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("basic", out _));
    }

    [Fact]
    public async Task An_unknown_route_answers_404_problem_json()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/no-such-thing");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task A_wrong_method_answers_405_problem_json()
    {
        var response = await factory.CreateClient().DeleteAsync("/health/live");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task A_request_id_is_echoed_when_given_and_generated_when_absent()
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/missing");
        request.Headers.Add("X-Request-Id", "abc-123_req");

        var given = await client.SendAsync(request);
        var generated = await client.GetAsync("/health/live");

        Assert.Equal("abc-123_req", given.Headers.GetValues("X-Request-Id").Single());
        var problem = await given.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("abc-123_req", problem.GetProperty("requestId").GetString());
        Assert.Matches("^[0-9a-f]{32}$", generated.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task An_unsafe_request_id_is_replaced_rather_than_echoed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("X-Request-Id", "<script>alert(1)</script>");

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task Malformed_json_and_an_unsupported_media_type_answer_problem_json_4xx_and_change_nothing()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());

        var malformed = await client.PostAsync("/api/v1/orders",
            new StringContent("{\"reference\": \"BAD-1\", \"currency\": ", System.Text.Encoding.UTF8, "application/json"));
        var wrongType = await client.PostAsync("/api/v1/orders",
            new StringContent("reference=BAD-2", System.Text.Encoding.UTF8, "text/plain"));

        await ProblemAssert.IsProblemAsync(malformed, HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(wrongType, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        var orders = await client.GetFromJsonAsync<JsonElement>("/api/v1/orders");
        Assert.Equal(0, orders.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Anonymous_calls_to_protected_endpoints_answer_401_problem_json()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/me");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }
}
