using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Api.Tests.Orders;
using static OrderStatus.Api.Tests.Dialects.DialectTestKit;

namespace OrderStatus.Api.Tests.Dialects;

/// <summary>The Pitney Bowes fulfillment dialect (seed 003) over HTTP on PostgreSQL.</summary>
public sealed class PitneyBowesTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string TransactionHeader = "X-PB-TransactionId";
    private static readonly string[] InventoryHold = ["INVENTORY_HOLD"];

    private async Task<string> TokenAsync(DialectMerchant m)
    {
        var response = await SendAsync(
            factory.CreateClient(), HttpMethod.Post, "/oauth/token", "grant_type=client_credentials", "application/x-www-form-urlencoded",
            ("Authorization", "Basic " + m.Basic));
        return (await JsonAsync(response, HttpStatusCode.OK)).GetProperty("access_token").GetString()!;
    }

    private Task<HttpResponseMessage> CallAsync(HttpMethod method, string path, string? token, string? transactionId = "txn-1", params (string, string)[] extra)
    {
        var headers = new List<(string, string)>(extra);
        if (token is not null)
        {
            headers.Add(("Authorization", "Bearer " + token));
        }

        if (transactionId is not null)
        {
            headers.Add((TransactionHeader, transactionId));
        }

        return SendAsync(factory.CreateClient(), method, path, null, null, [.. headers]);
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? parameter = null)
    {
        var body = await JsonAsync(response, status);
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(code, error.GetProperty("errorCode").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("errorDescription").GetString()));
        Assert.Equal(error.GetProperty("errorDescription").GetString(), error.GetProperty("message").GetString());
        Assert.True(error.TryGetProperty("additionalInfo", out _));
        if (parameter is not null)
        {
            Assert.Contains(parameter, error.GetProperty("parameters").EnumerateArray().Select(p => p.GetString()));
        }

        return error;
    }

    private static async Task AssertInvalidTokenAsync(HttpResponseMessage response)
    {
        var body = await JsonAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("PB-APIM-ERR-1002", body.GetProperty("errorCode").GetString());
        Assert.Equal("Invalid Access Token", body.GetProperty("errorDescription").GetString());
    }

    [Fact]
    public async Task The_token_endpoint_answers_pb_shape_with_the_services_own_token()
    {
        var m = await MerchantAsync(factory, "PB token shop");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var response = await SendAsync(
            factory.CreateClient(), HttpMethod.Post, "/oauth/token", "grant_type=client_credentials", "application/x-www-form-urlencoded",
            ("Authorization", "Basic " + m.Basic));

        var body = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(["access_token", "tokenType", "issuedAt", "expiresIn", "clientID", "org"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("BearerToken", body.GetProperty("tokenType").GetString());
        Assert.InRange(long.Parse(body.GetProperty("issuedAt").GetString()!, CultureInfo.InvariantCulture), before - 1000, before + 60_000);
        Assert.Equal("300", body.GetProperty("expiresIn").GetString());
        Assert.Equal(m.Tenant.ClientId, body.GetProperty("clientID").GetString());
        Assert.Equal("PB token shop", body.GetProperty("org").GetString());

        // The service's own access token: the canonical API takes it too.
        var canonical = factory.CreateClient();
        canonical.DefaultRequestHeaders.Authorization = new("Bearer", body.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await canonical.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Token_errors()
    {
        var m = await MerchantAsync(factory, "PB token errors");
        var wrong = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{m.Tenant.ClientId}:nope"));
        var form = "application/x-www-form-urlencoded";

        var bad = await JsonAsync(
            await SendAsync(factory.CreateClient(), HttpMethod.Post, "/oauth/token", "grant_type=client_credentials", form, ("Authorization", "Basic " + wrong)),
            HttpStatusCode.Unauthorized);
        Assert.Equal("PB-APIM-ERR-1001", bad.GetProperty("errorCode").GetString());
        await JsonAsync(await SendAsync(factory.CreateClient(), HttpMethod.Post, "/oauth/token", "grant_type=client_credentials", form), HttpStatusCode.Unauthorized);
        await ErrorsAsync(
            await SendAsync(factory.CreateClient(), HttpMethod.Post, "/oauth/token", "grant_type=password", form, ("Authorization", "Basic " + m.Basic)),
            HttpStatusCode.BadRequest, "8000400", "grant_type");
        await ErrorsAsync(
            await SendAsync(factory.CreateClient(), HttpMethod.Post, "/oauth/token", null, null, ("Authorization", "Basic " + m.Basic)),
            HttpStatusCode.BadRequest, "8000400", "grant_type");
    }

    [Theory]
    [InlineData("/v1")]
    [InlineData("/shippingservices/fulfillment/v1")]
    public async Task The_seeds_sample_request_replayed_literally_answers_the_eleven_fields(string prefix)
    {
        var m = await MerchantAsync(factory, "PB seed " + prefix);
        var order = await OrderApi.CreateAsync(m.Canonical, new
        {
            reference = "ORCLIENT8976r4w",
            externalOrderId = "111-2212-1290877",
            currency = "EUR",
            clientCreatedAt = "2022-05-07T05:36:48-05:00",
            items = new[] { new { name = "Mug", quantity = 1, unitPrice = 5m } },
        });
        var id = order.Id();
        await OrderApi.OkJsonAsync(await m.Canonical.PostAsJsonAsync($"/api/v1/orders/{id}/hold", new { reasons = InventoryHold }));
        var token = await TokenAsync(m);
        var clientId = m.AccountNumber.ToString(CultureInfo.InvariantCulture);

        // curl -X GET ".../v1/orders/{orderId}/status?clientId=1234" -H "Authorization: Bearer <oauth_token>" -H "X-PB-TransactionId: <unique_identifier>"
        var response = await CallAsync(HttpMethod.Get, $"{prefix}/orders/{id}/status?clientId={clientId}", token, "unique_identifier-1");

        var body = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("unique_identifier-1", response.Headers.GetValues(TransactionHeader).Single());
        Assert.Equal(
            ["clientId", "clientOrderId", "orderId", "customerOrderId", "status", "isOnHold", "holdReason", "createDate", "pbCreateDate", "updateDate", "pbUpdateDate"],
            body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(clientId, body.GetProperty("clientId").GetString());
        Assert.Equal("ORCLIENT8976r4w", body.GetProperty("clientOrderId").GetString());
        Assert.Equal(id, body.GetProperty("orderId").GetString());
        Assert.Equal("111-2212-1290877", body.GetProperty("customerOrderId").GetString());
        Assert.Equal("ON_HOLD", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("isOnHold").GetBoolean());
        Assert.Equal(["INVENTORY_HOLD"], body.GetProperty("holdReason").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("2022-05-07T10:36:48+00:00", body.GetProperty("createDate").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$", body.GetProperty("pbUpdateDate").GetString());

        // By number and with the merchant id as clientId, too; released → RECEIVED.
        await OrderApi.OkJsonAsync(await m.Canonical.PostAsync($"/api/v1/orders/{id}/release", null));
        var byNumber = await JsonAsync(
            await CallAsync(HttpMethod.Get, $"{prefix}/orders/{order.GetProperty("number").GetInt64()}/status?clientId={m.Tenant.MerchantId}", token), HttpStatusCode.OK);
        Assert.Equal("RECEIVED", byNumber.GetProperty("status").GetString());
        Assert.Empty(byNumber.GetProperty("holdReason").EnumerateArray());
    }

    [Fact]
    public async Task Statuses_follow_the_lifecycle()
    {
        var m = await MerchantAsync(factory, "PB lifecycle");
        var token = await TokenAsync(m);
        var (id, _) = await OrderAsync(m, paid: new { });
        async Task<string> StatusAsync() => (await JsonAsync(
            await CallAsync(HttpMethod.Get, $"/v1/orders/{id}/status?clientId={m.AccountNumber}", token), HttpStatusCode.OK)).GetProperty("status").GetString()!;

        Assert.Equal("RECEIVED", await StatusAsync());
        foreach (var (step, expected) in new[] { ("in-fulfilment", "IN_PROCESS"), ("sent", "SHIPPED"), ("delivered", "DELIVERED"), ("done", "COMPLETED") })
        {
            await OrderApi.OkJsonAsync(await m.Canonical.PostAsync($"/api/v1/orders/{id}/{step}", null));
            Assert.Equal(expected, await StatusAsync());
        }
    }

    [Fact]
    public async Task Cancel_goes_through_the_canonical_use_case_with_idempotency()
    {
        var m = await MerchantAsync(factory, "PB cancel");
        var token = await TokenAsync(m);
        var (id, number) = await OrderAsync(m, paid: new { });
        var requestId = RequestId();
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());

        var first = await CallAsync(HttpMethod.Put, $"/shippingservices/fulfillment/v1/orders/{number}/cancel?clientId={m.AccountNumber}", token, "cancel-1", key, ("X-Request-Id", requestId));
        var body = await JsonAsync(first, HttpStatusCode.OK);
        Assert.Equal("CANCELLED", body.GetProperty("status").GetString());
        Assert.Equal("cancel-1", first.Headers.GetValues(TransactionHeader).Single());
        var replay = await CallAsync(HttpMethod.Put, $"/shippingservices/fulfillment/v1/orders/{number}/cancel?clientId={m.AccountNumber}", token, "cancel-1", key);
        Assert.Equal(body.ToString(), (await JsonAsync(replay, HttpStatusCode.OK)).ToString());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());

        Assert.Equal("cancelled", (await CanonicalAsync(m, id)).Status());
        await AssertWrittenAsync(factory, m, id, requestId, "STATUS_CHANGED");

        // A shipped order cannot be cancelled: 409 in PB's envelope, nothing changed.
        var (sent, _) = await OrderAsync(m, paid: new { });
        await OrderApi.OkJsonAsync(await m.Canonical.PostAsync($"/api/v1/orders/{sent}/sent", null));
        await ErrorsAsync(await CallAsync(HttpMethod.Put, $"/v1/orders/{sent}/cancel?clientId={m.AccountNumber}", token), HttpStatusCode.Conflict, "8000409");
        Assert.Equal("sent", (await CanonicalAsync(m, sent)).Status());
    }

    [Fact]
    public async Task Transaction_id_is_required_and_valid_on_every_order_call()
    {
        var m = await MerchantAsync(factory, "PB transaction ids");
        var token = await TokenAsync(m);
        var (id, _) = await OrderAsync(m);
        var status = $"/v1/orders/{id}/status?clientId={m.AccountNumber}";
        var cancel = $"/v1/orders/{id}/cancel?clientId={m.AccountNumber}";

        foreach (var bad in new string?[] { null, "", "has space", "12345678901234567890123456", "dot.ted" })
        {
            await ErrorsAsync(await CallAsync(HttpMethod.Get, status, token, bad), HttpStatusCode.BadRequest, "8000002", TransactionHeader);
            await ErrorsAsync(await CallAsync(HttpMethod.Put, cancel, token, bad), HttpStatusCode.BadRequest, "8000002", TransactionHeader);
        }

        Assert.Equal("created", (await CanonicalAsync(m, id)).Status());
        var ok = await CallAsync(HttpMethod.Get, status, token, "1234567890123456789012345");
        await JsonAsync(ok, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Client_id_is_required_and_another_merchants_answers_404()
    {
        var a = await MerchantAsync(factory, "PB merchant A");
        var b = await MerchantAsync(factory, "PB merchant B");
        var tokenA = await TokenAsync(a);
        var (aId, _) = await OrderAsync(a);
        var (bId, bNumber) = await OrderAsync(b);

        await ErrorsAsync(await CallAsync(HttpMethod.Get, $"/v1/orders/{aId}/status", tokenA), HttpStatusCode.BadRequest, "8000001", "clientId");
        await ErrorsAsync(await CallAsync(HttpMethod.Get, $"/v1/orders/{aId}/status?clientId=", tokenA), HttpStatusCode.BadRequest, "8000001", "clientId");
        await ErrorsAsync(await CallAsync(HttpMethod.Put, $"/v1/orders/{aId}/cancel", tokenA), HttpStatusCode.BadRequest, "8000001", "clientId");
        await ErrorsAsync(await CallAsync(HttpMethod.Get, $"/v1/orders/{aId}/status?clientId={b.AccountNumber}", tokenA), HttpStatusCode.NotFound, "8000404");
        await ErrorsAsync(await CallAsync(HttpMethod.Get, $"/v1/orders/{aId}/status?clientId={b.Tenant.MerchantId}", tokenA), HttpStatusCode.NotFound, "8000404");
        await ErrorsAsync(await CallAsync(HttpMethod.Get, $"/v1/orders/{aId}/status?clientId=abc", tokenA), HttpStatusCode.NotFound, "8000404");

        // B's order through A's credentials: 404 on every route, whatever clientId; nothing changes.
        foreach (var clientId in new[] { a.AccountNumber.ToString(CultureInfo.InvariantCulture), b.AccountNumber.ToString(CultureInfo.InvariantCulture) })
        {
            await ErrorsAsync(await CallAsync(HttpMethod.Get, $"/v1/orders/{bId}/status?clientId={clientId}", tokenA), HttpStatusCode.NotFound, "8000404");
            await ErrorsAsync(await CallAsync(HttpMethod.Put, $"/shippingservices/fulfillment/v1/orders/{bId}/cancel?clientId={clientId}", tokenA), HttpStatusCode.NotFound, "8000404");
        }

        Assert.Equal("created", (await CanonicalAsync(b, bId)).Status());
        Assert.Equal(1, (await CanonicalAsync(b, bId)).Version());
        await ErrorsAsync(await CallAsync(HttpMethod.Get, $"/v1/orders/99999/status?clientId={a.AccountNumber}", tokenA), HttpStatusCode.NotFound, "8000404");
        _ = bNumber;
    }

    [Fact]
    public async Task Missing_invalid_or_expired_tokens_answer_pb_apim_err_1002()
    {
        var m = await MerchantAsync(factory, "PB tokens");
        var (id, _) = await OrderAsync(m);
        var path = $"/v1/orders/{id}/status?clientId={m.AccountNumber}";

        await AssertInvalidTokenAsync(await CallAsync(HttpMethod.Get, path, null));
        await AssertInvalidTokenAsync(await CallAsync(HttpMethod.Get, path, "garbage"));
        await AssertInvalidTokenAsync(await CallAsync(HttpMethod.Put, $"/v1/orders/{id}/cancel?clientId={m.AccountNumber}", "garbage"));
        var response = await CallAsync(HttpMethod.Get, path, null, "txn-echo");
        Assert.Equal("txn-echo", response.Headers.GetValues(TransactionHeader).Single());
        await AssertInvalidTokenAsync(response);
        Assert.Equal("created", (await CanonicalAsync(m, id)).Status());
    }

    [Fact]
    public async Task Unknown_routes_and_methods_under_the_prefixes_answer_pb_errors()
    {
        var m = await MerchantAsync(factory, "PB framework");
        var token = await TokenAsync(m);
        var (id, _) = await OrderAsync(m);

        await ErrorsAsync(await CallAsync(HttpMethod.Get, $"/v1/orders/{id}/nothing?clientId={m.AccountNumber}", token), HttpStatusCode.NotFound, "8000404");
        await ErrorsAsync(await CallAsync(HttpMethod.Delete, $"/v1/orders/{id}/status?clientId={m.AccountNumber}", token), HttpStatusCode.MethodNotAllowed, "8000405");
    }

    [Fact]
    public async Task The_openapi_document_lists_the_routes_with_the_oauth_scheme()
    {
        var document = await JsonAsync(await factory.CreateClient().GetAsync("/swagger/pitney-bowes/swagger.json"), HttpStatusCode.OK, null);
        var paths = document.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/oauth/token", out _));
        Assert.True(paths.TryGetProperty("/v1/orders/{orderId}/status", out _));
        Assert.True(paths.TryGetProperty("/shippingservices/fulfillment/v1/orders/{orderId}/cancel", out _));
        Assert.NotEmpty(document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject());
    }
}
