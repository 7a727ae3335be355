using System.Net;
using System.Text.Json;
using OrderStatus.Api.Tests.Access;
using static OrderStatus.Api.Tests.Dialects.DialectTestKit;

namespace OrderStatus.Api.Tests.Dialects;

/// <summary>Expired tokens answer each dialect's 401; the service's own tokens expire on every surface alike.</summary>
public sealed class DialectTokenExpiryTests(AccessApiFactory factory) : IClassFixture<AccessApiFactory>
{
    [Fact]
    public async Task An_expired_token_answers_each_dialects_401()
    {
        var m = await MerchantAsync(factory, "Expiry shop");
        var (id, number) = await OrderAsync(m);
        var pbToken = (await JsonAsync(
            await SendAsync(factory.CreateClient(), HttpMethod.Post, "/oauth/token", "grant_type=client_credentials", "application/x-www-form-urlencoded",
                ("Authorization", "Basic " + m.Basic)),
            HttpStatusCode.OK)).GetProperty("access_token").GetString()!;
        var ngToken = (await JsonAsync(
            await SendAsync(factory.CreateClient(), HttpMethod.Post, "/identity/auth/access-token", null, null, ("Authorization", "Basic " + m.Basic)),
            HttpStatusCode.OK, "application/vnd.ni-identity.v1+json")).GetProperty("access_token").GetString()!;
        var pbPath = $"/v1/orders/{id}/status?clientId={m.AccountNumber}";
        var ngPath = $"/transactions/outlets/{m.Tenant.MerchantId}/orders/{id}";
        await JsonAsync(await SendAsync(factory.CreateClient(), HttpMethod.Get, pbPath, null, null, ("Authorization", "Bearer " + pbToken), ("X-PB-TransactionId", "t1")), HttpStatusCode.OK);
        await JsonAsync(await SendAsync(factory.CreateClient(), HttpMethod.Get, ngPath, null, null, ("Authorization", "Bearer " + ngToken)), HttpStatusCode.OK, "application/vnd.ni-payment.v2+json");

        factory.Clock.Advance(TimeSpan.FromSeconds(301)); // past the tokens' lifetime
        var pb = await JsonAsync(
            await SendAsync(factory.CreateClient(), HttpMethod.Get, pbPath, null, null, ("Authorization", "Bearer " + pbToken), ("X-PB-TransactionId", "t2")),
            HttpStatusCode.Unauthorized);
        Assert.Equal("PB-APIM-ERR-1002", pb.GetProperty("errorCode").GetString());

        var ng = await SendAsync(factory.CreateClient(), HttpMethod.Get, ngPath, null, null, ("Authorization", "Bearer " + ngToken));
        Assert.Equal(HttpStatusCode.Unauthorized, ng.StatusCode);
        Assert.Equal("unauthorized", JsonSerializer.Deserialize<JsonElement>(await ng.Content.ReadAsStringAsync()).GetProperty("errors")[0].GetProperty("errorCode").GetString());

        var cg = await JsonAsync(
            await SendAsync(factory.CreateClient(), HttpMethod.Put, $"/order/{number}/status", """{"status":8}""", "application/json", ("authorization", "bearer " + pbToken)),
            HttpStatusCode.Unauthorized);
        Assert.Equal(50000, cg.GetProperty("error").GetProperty("code").GetInt32());

        Assert.Equal("created", (await CanonicalAsync(m, id)).GetProperty("status").GetString());
    }
}

/// <summary>A client over its rate gets 429 with Retry-After in each dialect's own error shape.</summary>
public sealed class DialectRateLimitTests(RateLimitedApiFactory factory) : IClassFixture<RateLimitedApiFactory>
{
    private static async Task<HttpResponseMessage> UntilLimitedAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var i = 0; i < 12; i++)
        {
            var response = await send();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter is not null, "Retry-After is missing.");
                return response;
            }
        }

        throw new Xunit.Sdk.XunitException("Never rate limited.");
    }

    [Fact]
    public async Task Custom_Gateway_answers_429_code_0()
    {
        var m = await MerchantAsync(factory, "Limited CG");
        var (_, number) = await OrderAsync(m);
        var limited = await UntilLimitedAsync(() => SendAsync(
            factory.CreateClient(), HttpMethod.Put, $"/order/{number}/status", """{"status":512}""", "application/json",
            ("authorization", $"basic {m.Tenant.ClientId}:{m.Tenant.Secret}")));
        var body = await JsonAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Equal(0, body.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Pitney_Bowes_answers_429_in_its_errors_envelope_with_the_transaction_id()
    {
        var m = await MerchantAsync(factory, "Limited PB");
        var (id, _) = await OrderAsync(m);
        var token = await factory.GetTokenAsync(m.Tenant);
        var limited = await UntilLimitedAsync(() => SendAsync(
            factory.CreateClient(), HttpMethod.Get, $"/v1/orders/{id}/status?clientId={m.AccountNumber}", null, null,
            ("Authorization", "Bearer " + token), ("X-PB-TransactionId", "rate-1")));

        var body = await JsonAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Equal("8000429", body.GetProperty("errors")[0].GetProperty("errorCode").GetString());
        Assert.Equal("rate-1", limited.Headers.GetValues("X-PB-TransactionId").Single());
    }

    [Fact]
    public async Task N_Genius_answers_429_in_its_shape()
    {
        var m = await MerchantAsync(factory, "Limited NG");
        var (id, _) = await OrderAsync(m);
        var token = await factory.GetTokenAsync(m.Tenant);
        var limited = await UntilLimitedAsync(() => SendAsync(
            factory.CreateClient(), HttpMethod.Get, $"/transactions/outlets/{m.Tenant.MerchantId}/orders/{id}", null, null,
            ("Authorization", "Bearer " + token)));
        var body = JsonSerializer.Deserialize<JsonElement>(await limited.Content.ReadAsStringAsync());
        Assert.Equal(429, body.GetProperty("code").GetInt32());
        Assert.Equal("tooManyRequests", body.GetProperty("errors")[0].GetProperty("errorCode").GetString());
    }
}
