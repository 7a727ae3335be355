using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Access;

public sealed class TokenEndpointTests(AccessApiFactory factory) : IClassFixture<AccessApiFactory>
{
    private const string TokenPath = "/api/v1/auth/token";

    [Fact]
    public async Task A_form_request_with_basic_credentials_returns_a_bearer_token_that_works()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = Basic(tenant.ClientId, tenant.Secret);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(300, body.GetProperty("expires_in").GetInt32());
        Assert.Equal("orders:read orders:write webhooks:manage tracking:manage", body.GetProperty("scope").GetString());
        var token = body.GetProperty("access_token").GetString()!;
        Assert.Equal(3, token.Split('.').Length);

        var me = await WithBearer(token).GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal(tenant.ClientId, me.GetProperty("clientId").GetString());
        Assert.Equal(tenant.MerchantId, me.GetProperty("merchant").GetProperty("id").GetGuid());
        Assert.Equal(4, me.GetProperty("scopes").GetArrayLength());
    }

    [Fact]
    public async Task A_json_request_with_credentials_in_the_body_returns_a_token()
    {
        var tenant = await factory.CreateTenantAsync();

        var response = await factory.CreateClient().PostAsJsonAsync(TokenPath, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = tenant.ClientId,
            ["client_secret"] = tenant.Secret,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(body.GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task A_narrower_scope_can_be_requested_and_the_token_carries_only_it()
    {
        var tenant = await factory.CreateTenantAsync();

        var token = await factory.GetTokenAsync(tenant, "orders:read");
        var me = await WithBearer(token).GetFromJsonAsync<JsonElement>("/api/v1/me");

        Assert.Equal(["orders:read"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task A_wrong_secret_answers_401_invalid_client()
    {
        var tenant = await factory.CreateTenantAsync();

        var viaBody = await PostFormAsync(("grant_type", "client_credentials"), ("client_id", tenant.ClientId), ("client_secret", "sk_wrong"));
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = Basic(tenant.ClientId, "sk_wrong");
        var viaHeader = await factory.CreateClient().SendAsync(request);

        await AssertOAuthErrorAsync(viaBody, HttpStatusCode.Unauthorized, "invalid_client");
        await AssertOAuthErrorAsync(viaHeader, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Contains("Basic", viaHeader.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_script_with_a_wrong_basic_secret_gets_no_basic_challenge()
    {
        var tenant = await factory.CreateTenantAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = Basic(tenant.ClientId, "sk_wrong");
        request.Headers.Add("Sec-Fetch-Mode", "cors");

        var response = await factory.CreateClient().SendAsync(request);

        await AssertOAuthErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task An_unknown_client_and_missing_credentials_answer_401_invalid_client()
    {
        var unknown = await PostFormAsync(("grant_type", "client_credentials"), ("client_id", "cl_nobody"), ("client_secret", "sk_x"));
        var none = await PostFormAsync(("grant_type", "client_credentials"));

        await AssertOAuthErrorAsync(unknown, HttpStatusCode.Unauthorized, "invalid_client");
        await AssertOAuthErrorAsync(none, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Grant_type_errors_follow_rfc_6749()
    {
        var tenant = await factory.CreateTenantAsync();

        var missing = await PostFormAsync(("client_id", tenant.ClientId), ("client_secret", tenant.Secret));
        var password = await PostFormAsync(("grant_type", "password"), ("client_id", tenant.ClientId), ("client_secret", tenant.Secret));

        await AssertOAuthErrorAsync(missing, HttpStatusCode.BadRequest, "invalid_request");
        await AssertOAuthErrorAsync(password, HttpStatusCode.BadRequest, "unsupported_grant_type");
    }

    [Fact]
    public async Task A_scope_the_client_does_not_hold_answers_invalid_scope()
    {
        var tenant = await factory.CreateTenantAsync(scopes: ["orders:read"]);

        var notGranted = await PostFormAsync(("grant_type", "client_credentials"), ("client_id", tenant.ClientId),
            ("client_secret", tenant.Secret), ("scope", "orders:read orders:write"));
        var unknown = await PostFormAsync(("grant_type", "client_credentials"), ("client_id", tenant.ClientId),
            ("client_secret", tenant.Secret), ("scope", "admin"));

        await AssertOAuthErrorAsync(notGranted, HttpStatusCode.BadRequest, "invalid_scope");
        await AssertOAuthErrorAsync(unknown, HttpStatusCode.BadRequest, "invalid_scope");
    }

    [Fact]
    public async Task Credentials_in_both_the_header_and_the_body_answer_invalid_request()
    {
        var tenant = await factory.CreateTenantAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = tenant.ClientId,
                ["client_secret"] = tenant.Secret,
            }),
        };
        request.Headers.Authorization = Basic(tenant.ClientId, tenant.Secret);

        var response = await factory.CreateClient().SendAsync(request);

        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("{\"grant_type\": ")]
    [InlineData("[1, 2]")]
    [InlineData("{\"grant_type\": 42}")]
    public async Task A_malformed_json_body_answers_400_invalid_request(string json)
    {
        var response = await factory.CreateClient().PostAsync(TokenPath, new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task An_unsupported_media_type_answers_415_problem_json()
    {
        var response = await factory.CreateClient().PostAsync(TokenPath, new StringContent("grant_type=client_credentials", Encoding.UTF8, "text/plain"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    private async Task<HttpResponseMessage> PostFormAsync(params (string Key, string Value)[] fields) =>
        await factory.CreateClient().PostAsync(TokenPath, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Key, f.Value))));

    private HttpClient WithBearer(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    internal static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    internal static async Task AssertOAuthErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error_description").GetString()));
    }
}
