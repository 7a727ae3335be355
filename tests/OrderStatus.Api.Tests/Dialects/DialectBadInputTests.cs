using System.Net;
using System.Text.Json;
using OrderStatus.Api.Tests.Access;
using static OrderStatus.Api.Tests.Dialects.DialectTestKit;

namespace OrderStatus.Api.Tests.Dialects;

/// <summary>
/// Odd ids, bodies and headers on every dialect route: always a 4xx in that dialect's shape, never a 500, nothing
/// changed. Rate limiting is off: a few hundred requests in a row would otherwise meet the client's limit.
/// </summary>
public sealed class DialectBadInputTests(UnlimitedApiFactory factory) : IClassFixture<UnlimitedApiFactory>
{
    private static readonly string[] OddIds =
    [
        "0", "-1", "99999999999999999999", "1.5", "%20", "null", "00000000-0000-0000-0000-000000000000",
        "{00000000-0000-0000-0000-000000000000}", new string('9', 300), "%E2%82%AC", "..%2F..%2Fapi",
    ];

    private static readonly string?[] OddBodies =
    [
        null, "", " ", "null", "0", "\"text\"", "[]", "{\"status\":{}}", "{\"collectionStatus\":[]}", "{\"status\":1e400}",
        "\u0000", "{\"status\":8,\"status\":128}", "{\"collectionStatus\":\"COLLECTED\",\"collectionStatus\":\"RETURNED\"}", "<xml/>",
    ];

    private static async Task AssertShapeAsync(HttpResponseMessage response, string dialect, string request)
    {
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500 and not 429, $"{request}: {status} {text}");
        var body = JsonSerializer.Deserialize<JsonElement>(text);
        var keys = body.EnumerateObject().Select(p => p.Name).ToList();
        switch (dialect)
        {
            case "cg":
                Assert.Equal(["error"], keys);
                break;
            case "pb":
                Assert.True(keys.SequenceEqual(["errors"]) || keys.SequenceEqual(["errorCode", "errorDescription"]), $"{request}: {text}");
                break;
            default:
                Assert.Equal(["message", "code", "errors"], keys);
                break;
        }
    }

    [Fact]
    public async Task A_form_body_over_the_form_readers_limits_answers_400_in_each_surfaces_shape()
    {
        var m = await MerchantAsync(factory, "Long form shop");
        // FormOptions: a key longer than 2,048 characters makes the form reader throw (the fault suite found a 500).
        var form = "grant_type" + new string('x', 3000) + "=client_credentials";

        var pitneyBowes = await SendAsync(factory.CreateClient(), HttpMethod.Post, "/oauth/token", form, "application/x-www-form-urlencoded", ("Authorization", "Basic " + m.Basic));
        var canonical = await SendAsync(factory.CreateClient(), HttpMethod.Post, "/api/v1/auth/token", form, "application/x-www-form-urlencoded", ("Authorization", "Basic " + m.Basic));

        await AssertShapeAsync(pitneyBowes, "pb", "long form key");
        Assert.Equal(HttpStatusCode.BadRequest, pitneyBowes.StatusCode);
        // The canonical token endpoint documents OAuth's error shape (RFC 6749 section 5.2) for its 400s.
        await AssertOAuthInvalidRequestAsync(canonical);
    }

    [Fact]
    public async Task A_token_body_that_is_not_UTF8_answers_OAuths_invalid_request()
    {
        var m = await MerchantAsync(factory, "Latin-1 body shop");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token")
        {
            Content = new ByteArrayContent([.. "{\"grant_type\":\"client_"u8, 0xE9, 0xFF, .. "credentials\"}"u8]),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + m.Basic);

        await AssertOAuthInvalidRequestAsync(await factory.CreateClient().SendAsync(request));
    }

    private static async Task AssertOAuthInvalidRequestAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("invalid_request", JsonSerializer.Deserialize<JsonElement>(text).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Odd_input_on_every_route_is_a_4xx_in_the_dialects_shape_and_changes_nothing()
    {
        var m = await MerchantAsync(factory, "Bad input shop");
        var (id, number) = await OrderAsync(m, paid: new { });
        var token = await factory.GetTokenAsync(m.Tenant);
        var literal = ("authorization", $"basic {m.Tenant.ClientId}:{m.Tenant.Secret}");
        var bearer = ("Authorization", "Bearer " + token);
        var txn = ("X-PB-TransactionId", "odd-1");
        var outlet = m.Tenant.MerchantId;
        var payment = Api.Dialects.NGenius.NGeniusFormat.PaymentId(Guid.Parse(id), null);

        foreach (var odd in OddIds)
        {
            await AssertShapeAsync(await SendAsync(factory.CreateClient(), HttpMethod.Put, $"/order/{odd}/status", """{"status":8}""", "application/json", literal), "cg", odd);
            await AssertShapeAsync(await SendAsync(factory.CreateClient(), HttpMethod.Get, $"/v1/orders/{odd}/status?clientId={m.AccountNumber}", null, null, bearer, txn), "pb", odd);
            await AssertShapeAsync(await SendAsync(factory.CreateClient(), HttpMethod.Put, $"/v1/orders/{odd}/cancel?clientId={odd}", null, null, bearer, txn), "pb", odd);
            await AssertShapeAsync(await SendAsync(factory.CreateClient(), HttpMethod.Get, $"/transactions/outlets/{odd}/orders/{id}", null, null, bearer), "ng", odd);
            await AssertShapeAsync(await SendAsync(factory.CreateClient(), HttpMethod.Get, $"/transactions/outlets/{outlet}/orders/{odd}", null, null, bearer), "ng", odd);
            await AssertShapeAsync(await SendAsync(factory.CreateClient(), HttpMethod.Get, $"/reporting/outlets/{outlet}/orders/{odd}", null, null, bearer), "ng", odd);
            await AssertShapeAsync(
                await SendAsync(factory.CreateClient(), HttpMethod.Post, $"/transactions/outlets/{outlet}/orders/{id}/payments/{odd}/collection-status", """{"collectionStatus":"COLLECTED"}""", "application/json", bearer),
                "ng", odd);
        }

        foreach (var body in OddBodies)
        {
            await AssertShapeAsync(await SendAsync(factory.CreateClient(), HttpMethod.Put, $"/order/{number}/status", body, "application/json", literal), "cg", body ?? "(none)");
            await AssertShapeAsync(
                await SendAsync(factory.CreateClient(), HttpMethod.Post, $"/transactions/outlets/{outlet}/orders/{id}/payments/{payment}/collection-status", body, "application/vnd.ni-payment.v2+json", bearer),
                "ng", body ?? "(none)");
            await AssertShapeAsync(
                await SendAsync(factory.CreateClient(), HttpMethod.Post, "/oauth/token", body, "application/x-www-form-urlencoded", ("Authorization", "Basic " + m.Basic)), "pb", body ?? "(none)");
        }

        foreach (var header in new[] { "Basic", "Basic ", "Basic :", "Basic Og==", "Bearer", "Bearer  ", "Negotiate abc", new string('a', 5000) })
        {
            await AssertShapeAsync(await SendAsync(factory.CreateClient(), HttpMethod.Put, $"/order/{number}/status", """{"status":8}""", "application/json", ("authorization", header)), "cg", header);
            await AssertShapeAsync(await SendAsync(factory.CreateClient(), HttpMethod.Get, $"/v1/orders/{id}/status?clientId={m.AccountNumber}", null, null, ("Authorization", header), txn), "pb", header);
            await AssertShapeAsync(await SendAsync(factory.CreateClient(), HttpMethod.Post, "/oauth/token", "grant_type=client_credentials", "application/x-www-form-urlencoded", ("Authorization", header)), "pb", header);
            await AssertShapeAsync(await SendAsync(factory.CreateClient(), HttpMethod.Post, "/identity/auth/access-token", null, null, ("Authorization", header)), "ng", header);
            await AssertShapeAsync(await SendAsync(factory.CreateClient(), HttpMethod.Get, $"/reporting/outlets/{outlet}/orders/{id}", null, null, ("Authorization", header)), "ng", header);
        }

        var order = await CanonicalAsync(m, id);
        Assert.Equal("paid", order.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, order.GetProperty("collectionStatus").ValueKind);
        Assert.Equal(3, (await HistoryAsync(m, id)).Count);
    }
}
