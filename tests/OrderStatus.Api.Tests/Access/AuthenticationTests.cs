using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Access;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Tests.Access;

public sealed class AuthenticationTests(AccessApiFactory factory) : IClassFixture<AccessApiFactory>
{
    [Fact]
    public async Task Basic_credentials_work_directly_on_an_endpoint()
    {
        var tenant = await factory.CreateTenantAsync("Basic merchant");

        var me = await factory.CreateClientFor(tenant).GetFromJsonAsync<JsonElement>("/api/v1/me");

        Assert.Equal(tenant.ClientId, me.GetProperty("clientId").GetString());
        Assert.Equal("Basic merchant", me.GetProperty("merchant").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_wrong_basic_secret_answers_401_problem_json_with_both_challenges()
    {
        var tenant = await factory.CreateTenantAsync();

        var response = await factory.CreateClientFor(tenant with { Secret = "sk_wrong" }).GetAsync("/api/v1/me");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
        var challenges = response.Headers.WwwAuthenticate.Select(h => h.Scheme).ToList();
        Assert.Contains("Basic", challenges);
        Assert.Contains("Bearer", challenges);
    }

    [Theory]
    [InlineData("Sec-Fetch-Mode", "cors", null)]
    [InlineData("Sec-Fetch-Mode", "same-origin", null)]
    [InlineData("X-Requested-With", "XMLHttpRequest", null)]
    [InlineData("Sec-Fetch-Mode", "cors", "Basic")]
    [InlineData("X-Requested-With", "XMLHttpRequest", "Basic")]
    public async Task A_browser_script_gets_only_the_bearer_challenge_so_no_login_dialog_opens(string header, string value, string? tried)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add(header, value);
        if (tried is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(tried, Convert.ToBase64String("nobody:wrong"u8.ToArray()));
        }

        var response = await factory.CreateClient().SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(["Bearer"], response.Headers.WwwAuthenticate.Select(h => h.Scheme));
    }

    [Fact]
    public async Task A_navigation_or_a_non_browser_client_still_learns_that_basic_works()
    {
        using var navigation = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        navigation.Headers.Add("Sec-Fetch-Mode", "navigate");

        var anonymous = await factory.CreateClient().GetAsync("/api/v1/me");
        var navigated = await factory.CreateClient().SendAsync(navigation);

        Assert.Equal(["Basic", "Bearer"], anonymous.Headers.WwwAuthenticate.Select(h => h.Scheme));
        Assert.Equal(["Basic", "Bearer"], navigated.Headers.WwwAuthenticate.Select(h => h.Scheme));
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("Basic !!!not-base64!!!")]
    [InlineData("Basic bm8tY29sb24taGVyZQ==")] // "no-colon-here"
    [InlineData("Basic OnNlY3JldA==")] // ":secret" (no client id)
    [InlineData("Bearer")]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer a.b.c")]
    [InlineData("Digest username=\"x\"")]
    [InlineData("garbage")]
    public async Task Malformed_authorization_headers_answer_401_problem_json(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.TryAddWithoutValidation("Authorization", header);

        var response = await factory.CreateClient().SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task A_tampered_token_is_rejected()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync("Other");
        var token = await factory.GetTokenAsync(tenant);
        var parts = token.Split('.');
        // Swap in another merchant's payload, keep the signature.
        var otherPayload = (await factory.GetTokenAsync(other)).Split('.')[1];

        var response = await Bearer($"{parts[0]}.{otherPayload}.{parts[2]}").GetAsync("/api/v1/me");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Contains("signature", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer" && h.Parameter!.Contains("invalid_token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_stops_working_when_it_expires()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = await factory.CreateBearerClientForAsync(tenant);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

        HttpResponseMessage expired;
        factory.Clock.Offset = TimeSpan.FromSeconds(301);
        try
        {
            expired = await client.GetAsync("/api/v1/me");
        }
        finally
        {
            factory.Clock.Offset = TimeSpan.Zero;
        }

        var problem = await ProblemAssert.IsProblemAsync(expired, HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_client_can_use_neither_its_secret_nor_its_tokens_nor_get_new_ones()
    {
        var tenant = await factory.CreateTenantAsync();
        var bearer = await factory.CreateBearerClientForAsync(tenant);
        var basic = factory.CreateClientFor(tenant);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/v1/me")).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccessAdministration>().RevokeClientAsync(tenant.ClientId);
        }

        await ProblemAssert.IsProblemAsync(await bearer.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await basic.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        var token = await factory.CreateClient().PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = tenant.ClientId,
            ["client_secret"] = tenant.Secret,
        }));
        await TokenEndpointTests.AssertOAuthErrorAsync(token, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Rotating_a_secret_retires_the_old_secret_and_its_tokens()
    {
        var tenant = await factory.CreateTenantAsync();
        var oldBearer = await factory.CreateBearerClientForAsync(tenant);

        IssuedCredentials rotated;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            rotated = await scope.ServiceProvider.GetRequiredService<AccessAdministration>().RotateClientAsync(tenant.ClientId);
        }

        var renewed = tenant with { Secret = rotated.ClientSecret };
        await ProblemAssert.IsProblemAsync(await oldBearer.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await factory.CreateClientFor(tenant).GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClientFor(renewed).GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await factory.CreateBearerClientForAsync(renewed)).GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_missing_scope_answers_403_problem_json_for_basic_and_bearer()
    {
        var readOnly = await factory.CreateTenantAsync(scopes: [Scopes.OrdersRead]);
        var full = await factory.CreateTenantAsync();
        var narrowedBearer = await factory.CreateBearerClientForAsync(full, Scopes.OrdersRead);

        var allowed = await factory.CreateClientFor(readOnly).GetAsync(ScopeProbeStartupFilter.PathFor(Scopes.OrdersRead));
        var deniedBasic = await factory.CreateClientFor(readOnly).GetAsync(ScopeProbeStartupFilter.PathFor(Scopes.OrdersWrite));
        var deniedBearer = await narrowedBearer.GetAsync(ScopeProbeStartupFilter.PathFor(Scopes.WebhooksManage));
        var fullAllowed = await factory.CreateClientFor(full).GetAsync(ScopeProbeStartupFilter.PathFor(Scopes.WebhooksManage));
        var anonymous = await factory.CreateClient().GetAsync(ScopeProbeStartupFilter.PathFor(Scopes.OrdersRead));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fullAllowed.StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(deniedBasic, HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Contains(Scopes.OrdersWrite, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(deniedBearer, HttpStatusCode.Forbidden, "insufficient_scope");
        await ProblemAssert.IsProblemAsync(anonymous, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Use_is_recorded_in_last_used_at()
    {
        var tenant = await factory.CreateTenantAsync();

        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClientFor(tenant).GetAsync("/api/v1/me")).StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        var lastUsed = await db.ApiClients.Where(c => c.ClientId == tenant.ClientId).Select(c => c.LastUsedAt).SingleAsync();
        Assert.NotNull(lastUsed);
    }

    private HttpClient Bearer(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
