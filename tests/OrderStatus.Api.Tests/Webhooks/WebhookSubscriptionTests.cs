using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Webhooks;

public sealed class WebhookSubscriptionTests(WebhookSubscriptionTests.Factory factory) : IClassFixture<WebhookSubscriptionTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Webhooks:DispatcherEnabled"] = "false",
        };
    }

    [Fact]
    public async Task A_subscription_is_created_read_changed_and_deleted_and_its_secret_is_shown_once()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());

        var created = await client.PostAsJsonAsync("/api/v1/webhooks",
            new { url = "https://example.com/hooks", eventTypes = EventTypes.StatusAndNotes, description = "ERP" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/webhooks/{id}", created.Headers.Location?.ToString());
        Assert.StartsWith("whsec_", body.GetProperty("secret").GetString(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("active").GetBoolean());

        var read = await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{id}");
        Assert.False(read.TryGetProperty("secret", out _));
        Assert.Equal("ERP", read.GetProperty("description").GetString());
        Assert.Equal(["STATUS_CHANGED", "NOTE_ADDED"], read.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));

        var patched = await client.PatchAsJsonAsync($"/api/v1/webhooks/{id}", new { eventTypes = EventTypes.All, active = false });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var after = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(after.GetProperty("active").GetBoolean());
        Assert.Equal("https://example.com/hooks", after.GetProperty("url").GetString());
        Assert.Equal("*", after.GetProperty("eventTypes")[0].GetString());

        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/webhooks");
        Assert.Single(list.GetProperty("items").EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/webhooks/{id}"), HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("ftp://example.com/x", "url")]
    [InlineData("https://user:pass@example.com/x", "url")]
    [InlineData("/relative", "url")]
    [InlineData("", "url")]
    public async Task An_unacceptable_url_answers_400_with_field_errors(string url, string field)
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", new { url, eventTypes = EventTypes.All });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Unknown_or_missing_event_types_answer_400()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());

        var unknown = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://example.com", eventTypes = EventTypes.Unknown });
        var missing = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://example.com" });

        var problem = await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("ORDER_EXPLODED", problem.GetProperty("errors").GetProperty("eventTypes")[0].GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Managing_webhooks_needs_the_webhooks_manage_scope()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync(scopes: ["orders:read"]));

        var response = await client.GetAsync("/api/v1/webhooks");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task Another_merchants_webhook_answers_404_everywhere_and_is_not_listed()
    {
        var a = factory.CreateClientFor(await factory.CreateTenantAsync("A"));
        var b = factory.CreateClientFor(await factory.CreateTenantAsync("B"));
        var created = await (await a.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://example.com/a", eventTypes = EventTypes.All }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();

        await ProblemAssert.IsProblemAsync(await b.GetAsync($"/api/v1/webhooks/{id}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await b.PatchAsJsonAsync($"/api/v1/webhooks/{id}", new { active = false }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await b.PostAsync($"/api/v1/webhooks/{id}/rotate-secret", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await b.GetAsync($"/api/v1/webhooks/{id}/deliveries"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(
            await b.PostAsync($"/api/v1/webhooks/{id}/deliveries/{Guid.NewGuid()}/redeliver", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await b.DeleteAsync($"/api/v1/webhooks/{id}"), HttpStatusCode.NotFound);
        Assert.Empty((await b.GetFromJsonAsync<JsonElement>("/api/v1/webhooks")).GetProperty("items").EnumerateArray());
        Assert.True((await a.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{id}")).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Rotating_a_secret_replaces_it()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var created = await (await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://example.com", eventTypes = EventTypes.All }))
            .Content.ReadFromJsonAsync<JsonElement>();

        var rotated = await client.PostAsync($"/api/v1/webhooks/{created.GetProperty("id").GetGuid()}/rotate-secret", null);

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var secret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.NotEqual(created.GetProperty("secret").GetString(), secret);
    }

    [Fact]
    public async Task The_callback_secret_is_stable_until_rotated_and_differs_per_merchant()
    {
        var a = factory.CreateClientFor(await factory.CreateTenantAsync("A"));
        var b = factory.CreateClientFor(await factory.CreateTenantAsync("B"));

        var first = (await a.GetFromJsonAsync<JsonElement>("/api/v1/webhooks/callback-secret")).GetProperty("secret").GetString();
        var again = (await a.GetFromJsonAsync<JsonElement>("/api/v1/webhooks/callback-secret")).GetProperty("secret").GetString();
        var rotated = (await (await a.PostAsync("/api/v1/webhooks/callback-secret", null)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("secret").GetString();
        var afterRotation = (await a.GetFromJsonAsync<JsonElement>("/api/v1/webhooks/callback-secret")).GetProperty("secret").GetString();
        var other = (await b.GetFromJsonAsync<JsonElement>("/api/v1/webhooks/callback-secret")).GetProperty("secret").GetString();

        Assert.Equal(first, again);
        Assert.NotEqual(first, rotated);
        Assert.Equal(rotated, afterRotation);
        Assert.NotEqual(afterRotation, other);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_webhook_and_feed_routes()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var paths = document.GetProperty("paths");
        foreach (var path in new[]
                 {
                     "/api/v1/webhooks", "/api/v1/webhooks/{id}", "/api/v1/webhooks/{id}/rotate-secret", "/api/v1/webhooks/{id}/deliveries",
                     "/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver", "/api/v1/webhooks/callback-secret",
                     "/api/v1/webhooks/callback-deliveries", "/api/v1/webhooks/stats", "/api/v1/events",
                 })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document.");
        }
    }
}
