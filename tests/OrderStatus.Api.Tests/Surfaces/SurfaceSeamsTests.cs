using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Access;

namespace OrderStatus.Api.Tests.Surfaces;

/// <summary>The seams of docs/decisions/0008-surfaces.md, driven through the test-only sample dialect.</summary>
public sealed class SurfaceSeamsTests(SampleSurfaceFactory factory) : IClassFixture<SampleSurfaceFactory>
{
    [Fact]
    public async Task The_sample_surface_answers_every_framework_error_in_its_own_shape()
    {
        var tenant = await factory.CreateTenantAsync();
        var anonymous = factory.CreateClient();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Token(tenant);

        await AssertSampleErrorAsync(await anonymous.GetAsync("/sample/whoami"), HttpStatusCode.Unauthorized, "unauthorized");
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/sample/whoami"))
        {
            wrong.Headers.Add("token", $"{tenant.ClientId}:not-the-secret");
            await AssertSampleErrorAsync(await anonymous.SendAsync(wrong), HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        await AssertSampleErrorAsync(await client.GetAsync("/sample/no/such/route"), HttpStatusCode.NotFound, "not_found");
        await AssertSampleErrorAsync(await anonymous.GetAsync("/SAMPLE/nothing"), HttpStatusCode.NotFound, "not_found");
        await AssertSampleErrorAsync(await client.DeleteAsync("/sample/whoami"), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        await AssertSampleErrorAsync(await client.PostAsync("/sample/orders", new StringContent("ref=1", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await AssertSampleErrorAsync(await client.PostAsync("/sample/orders", Json("{\"ref\": \"" + new string('x', 5000) + "\"}")),
            HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        await AssertSampleErrorAsync(await client.PostAsync("/sample/orders", Json("{\"ref\": ")), HttpStatusCode.BadRequest, "bad_request");
        await AssertSampleErrorAsync(await client.GetAsync($"/sample/orders/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "order_not_found");

        var canonical = await factory.CreateClientFor(tenant).GetFromJsonAsync<JsonElement>("/api/v1/orders");
        Assert.Equal(0, canonical.GetProperty("items").GetArrayLength()); // nothing was half-written
    }

    [Fact]
    public async Task A_missing_scope_is_refused_in_the_sample_shape()
    {
        var reader = await factory.CreateTenantAsync("Reader", ["orders:read"]);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Token(reader);

        var denied = await client.PostAsync("/sample/orders", Json("{\"ref\": \"R-1\"}"));

        var body = await AssertSampleErrorAsync(denied, HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Contains("orders:write", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_canonical_api_keeps_problem_json_beside_the_sample_surface()
    {
        var anonymous = factory.CreateClient();

        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsProblemAsync(await anonymous.DeleteAsync("/api/v1/me"), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/samples-are-elsewhere"), HttpStatusCode.NotFound, "not_found");
        // A token header means nothing to the canonical scheme.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Token(await factory.CreateTenantAsync());
        await ProblemAssert.IsProblemAsync(await anonymous.SendAsync(request), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task The_dialect_scheme_accepts_secrets_and_canonical_access_tokens_and_builds_the_same_caller()
    {
        var tenant = await factory.CreateTenantAsync();
        var withSecret = factory.CreateClient();
        withSecret.DefaultRequestHeaders.Token(tenant);
        var withToken = factory.CreateClient();
        withToken.DefaultRequestHeaders.Add("token", await factory.GetTokenAsync(tenant, "orders:read"));

        var bySecret = await withSecret.GetFromJsonAsync<JsonElement>("/sample/whoami");
        var byToken = await withToken.GetFromJsonAsync<JsonElement>("/sample/whoami");

        Assert.Equal(tenant.MerchantId, bySecret.GetProperty("merchantId").GetGuid());
        Assert.Equal(tenant.ClientId, bySecret.GetProperty("clientId").GetString());
        Assert.Equal("token", bySecret.GetProperty("method").GetString());
        Assert.Equal(4, bySecret.GetProperty("scopes").GetArrayLength());
        Assert.Equal(tenant.MerchantId, byToken.GetProperty("merchantId").GetGuid());
        Assert.Equal(["orders:read"], byToken.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        // The narrowed token cannot write through the dialect either.
        await AssertSampleErrorAsync(await withToken.PostAsync("/sample/orders", Json("{\"ref\": \"T-1\"}")), HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task A_route_without_any_policy_is_closed_and_allow_anonymous_opens_one()
    {
        var tenant = await factory.CreateTenantAsync();

        var anonymous = await factory.CreateClient().GetAsync("/unmapped-policy/ping");
        var authenticated = await factory.CreateClientFor(tenant).GetAsync("/unmapped-policy/ping");
        var open = await factory.CreateClient().GetAsync("/sample/public");

        await ProblemAssert.IsProblemAsync(anonymous, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, authenticated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    [Fact]
    public async Task Idempotency_key_on_a_dialect_write_replays_the_dialect_response_and_creates_one_order()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Token(tenant);
        var key = Guid.NewGuid().ToString();

        HttpRequestMessage Create(string reference)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/sample/orders") { Content = Json($"{{\"ref\": \"{reference}\"}}") };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        var first = await client.SendAsync(Create("IDEM-1"));
        var second = await client.SendAsync(Create("IDEM-1"));
        var reused = await client.SendAsync(Create("IDEM-2"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        // The seam's own refusals are in the dialect's shape too.
        await AssertSampleErrorAsync(reused, HttpStatusCode.BadRequest, "idempotency_key_reused");
        var orders = await factory.CreateClientFor(tenant).GetFromJsonAsync<JsonElement>("/api/v1/orders");
        Assert.Equal(1, orders.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_sample_surface_has_its_own_openapi_document_listed_by_swagger_ui()
    {
        var client = factory.CreateClient();

        var sample = await client.GetFromJsonAsync<JsonElement>("/swagger/sample/swagger.json");
        var canonical = await client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var ui = await client.GetStringAsync("/swagger/index.js");

        Assert.Equal("Sample compatibility", sample.GetProperty("info").GetProperty("title").GetString());
        var paths = sample.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/sample/orders", paths);
        Assert.All(paths, p => Assert.StartsWith("/sample/", p, StringComparison.Ordinal));
        Assert.Equal(["token"], sample.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(s => s.Name));
        var get = sample.GetProperty("paths").GetProperty("/sample/orders/{id}").GetProperty("get");
        Assert.True(get.GetProperty("security")[0].TryGetProperty("token", out _));
        Assert.False(sample.GetProperty("paths").GetProperty("/sample/public").GetProperty("get").TryGetProperty("security", out var none)
            && none.GetArrayLength() > 0);

        Assert.Equal("OrderStatus API", canonical.GetProperty("info").GetProperty("title").GetString());
        Assert.DoesNotContain(canonical.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith("/sample", StringComparison.Ordinal));
        Assert.True(canonical.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("basic", out _));
        Assert.Contains("/swagger/sample/swagger.json", ui, StringComparison.Ordinal);
        Assert.Contains("Sample compatibility", ui, StringComparison.Ordinal);
    }

    internal static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    internal static async Task<JsonElement> AssertSampleErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, response.Headers.GetValues("X-Sample-Error").Single());
        var body = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal(["message", "detail"], body.EnumerateObject().Select(p => p.Name));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
        return body;
    }
}

public sealed class RateLimitedSampleSurfaceFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:PermitsPerSecond"] = "1",
        ["RateLimiting:Burst"] = "2",
    };

    protected override void ConfigureTestServices(IServiceCollection services) =>
        SampleSurfaceRegistration.Register(services);
}

public sealed class SurfaceRateLimitTests(RateLimitedSampleSurfaceFactory factory) : IClassFixture<RateLimitedSampleSurfaceFactory>
{
    [Fact]
    public async Task A_rate_limited_dialect_caller_gets_429_in_the_dialect_shape_with_retry_after()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Token(tenant);

        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await client.GetAsync("/sample/whoami");
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.NotNull(limited);
        await SurfaceSeamsTests.AssertSampleErrorAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(limited.Headers.RetryAfter);
    }
}

public sealed class ShortClientCacheSampleSurfaceFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:ClientCacheSeconds"] = "1",
    };

    protected override void ConfigureTestServices(IServiceCollection services) =>
        SampleSurfaceRegistration.Register(services);
}

public sealed class RevocationAcrossSurfacesTests(ShortClientCacheSampleSurfaceFactory factory) : IClassFixture<ShortClientCacheSampleSurfaceFactory>
{
    [Fact]
    public async Task A_revoked_clients_tokens_stop_working_on_every_surface_within_the_client_cache_time()
    {
        var tenant = await factory.CreateTenantAsync();
        var token = await factory.GetTokenAsync(tenant);
        var canonical = factory.CreateClient();
        canonical.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var dialect = factory.CreateClient();
        dialect.DefaultRequestHeaders.Add("token", token);
        Assert.Equal(HttpStatusCode.OK, (await canonical.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dialect.GetAsync("/sample/whoami")).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccessAdministration>().RevokeClientAsync(tenant.ClientId);
        }

        var revokedAt = DateTime.UtcNow;
        HttpStatusCode canonicalStatus, dialectStatus;
        do
        {
            await Task.Delay(100);
            canonicalStatus = (await canonical.GetAsync("/api/v1/me")).StatusCode;
            dialectStatus = (await dialect.GetAsync("/sample/whoami")).StatusCode;
        }
        while ((canonicalStatus, dialectStatus) != (HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)
            && DateTime.UtcNow - revokedAt < TimeSpan.FromSeconds(5));

        // Auth:ClientCacheSeconds = 1: refused within about a second (generous slack for a loaded machine).
        Assert.Equal(HttpStatusCode.Unauthorized, canonicalStatus);
        Assert.Equal(HttpStatusCode.Unauthorized, dialectStatus);
        Assert.True(DateTime.UtcNow - revokedAt < TimeSpan.FromSeconds(3), $"took {DateTime.UtcNow - revokedAt}");
        await SurfaceSeamsTests.AssertSampleErrorAsync(await dialect.GetAsync("/sample/whoami"), HttpStatusCode.Unauthorized, "invalid_credentials");
    }
}
