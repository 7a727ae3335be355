using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Api.Tests.Orders;
using static OrderStatus.Api.Tests.Dialects.DialectTestKit;

namespace OrderStatus.Api.Tests.Dialects;

/// <summary>The Custom Gateway / Kornit X dialect (seed 002) over HTTP on PostgreSQL.</summary>
public sealed class CustomGatewayTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Json = "application/json";

    private static string Literal(DialectMerchant m) => $"basic {m.Tenant.ClientId}:{m.Tenant.Secret}";

    private async Task<HttpResponseMessage> PutAsync(string path, string body, string? authorization, params (string, string)[] extra)
    {
        var headers = new List<(string, string)>(extra);
        if (authorization is not null)
        {
            headers.Add(("authorization", authorization));
        }

        return await SendAsync(factory.CreateClient(), HttpMethod.Put, path, body, Json, [.. headers]);
    }

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, int code)
    {
        var body = await JsonAsync(response, status);
        Assert.Equal(["error"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(code, body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetProperty("message").GetString()));
        return body.GetProperty("error");
    }

    [Fact]
    public async Task The_seeds_dispatch_curl_replayed_literally_marks_the_order_sent()
    {
        var m = await MerchantAsync(factory, "CG seed dispatch");
        var (id, number) = await OrderAsync(m, paid: new { paymentReference = "psp-1" });
        var requestId = RequestId();

        // curl -X PUT -d '{ "status": 8 }' -H "authorization: basic REFID:APIKEY" -H "content-type: application/json" ".../order/:id/status"
        var response = await PutAsync($"/order/{number}/status", """{ "status": 8 }""", Literal(m), ("X-Request-Id", requestId));

        var body = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(number, body.GetProperty("id").GetInt64());
        Assert.Equal(8, body.GetProperty("status").GetInt32());
        Assert.Equal("Dispatched", body.GetProperty("status_name").GetString());
        Assert.True(body.GetProperty("has_been_completed").GetBoolean());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", body.GetProperty("completion_datetime").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", body.GetProperty("sale_datetime").GetString());
        Assert.Equal(
            ["id", "ref", "external_ref", "status", "status_name", "shipping_tracking", "shipping_carrier", "has_been_completed", "completion_datetime", "sale_datetime"],
            body.EnumerateObject().Select(p => p.Name));

        var order = await CanonicalAsync(m, id);
        Assert.Equal("sent", order.Status());
        Assert.Equal(8, order.GetProperty("fulfilmentCode").GetInt32());
        Assert.Equal(order.GetProperty("reference").GetString(), body.GetProperty("ref").GetString());
        await AssertWrittenAsync(factory, m, id, requestId, "FULFILMENT_CODE_SET", "STATUS_CHANGED");
    }

    [Fact]
    public async Task The_seeds_tracking_curl_attaches_the_tracking_and_the_cancel_curl_cancels()
    {
        var m = await MerchantAsync(factory, "CG seed tracking");
        var (id, number) = await OrderAsync(m);
        var requestId = RequestId();

        // The seed's second line lacks a closing quote after the header; what it means to send:
        // curl -X PUT -d '{ "status": 8, "shipping_tracking": "ABC"}' -H "authorization: basic REFID:APIKEY" -H "content-type: application/json" ".../order/:id/status"
        var sent = await JsonAsync(
            await PutAsync($"/order/{number}/status", """{ "status": 8, "shipping_tracking": "ABC"}""", Literal(m), ("X-Request-Id", requestId)),
            HttpStatusCode.OK);
        Assert.Equal("ABC", sent.GetProperty("shipping_tracking").GetString());
        var order = await CanonicalAsync(m, id);
        Assert.Equal("ABC", Assert.Single(order.GetProperty("trackings").EnumerateArray()).GetProperty("trackingNumber").GetString());
        await AssertWrittenAsync(factory, m, id, requestId, "FULFILMENT_CODE_SET", "STATUS_CHANGED", "TRACKING_ADDED");

        // curl -X PUT -d '{ "status": 128 }' … on another order: cancelled.
        var (other, otherNumber) = await OrderAsync(m);
        var cancelled = await JsonAsync(await PutAsync($"/order/{otherNumber}/status", """{ "status": 128 }""", Literal(m)), HttpStatusCode.OK);
        Assert.Equal("Cancelled", cancelled.GetProperty("status_name").GetString());
        Assert.False(cancelled.GetProperty("has_been_completed").GetBoolean());
        Assert.Equal("cancelled", (await CanonicalAsync(m, other)).Status());
    }

    [Fact]
    public async Task Base64_credentials_any_scheme_case_the_canonical_id_and_a_bearer_token_work()
    {
        var m = await MerchantAsync(factory, "CG auth forms");
        var (id, number) = await OrderAsync(m, paid: new { });

        await JsonAsync(await PutAsync($"/order/{number}/status", """{"status":512}""", "Basic " + m.Basic), HttpStatusCode.OK);
        await JsonAsync(await PutAsync($"/order/{id}/status", """{"status":513}""", "BASIC " + m.Basic), HttpStatusCode.OK);
        await JsonAsync(await PutAsync($"/order/{number}/status", """{"status":515}""", $"Basic {m.Tenant.ClientId}:{m.Tenant.Secret}"), HttpStatusCode.OK);
        var token = await factory.GetTokenAsync(m.Tenant);
        var body = await JsonAsync(await PutAsync($"/order/{number}/status", """{"status":516,"shipping_tracking":"1Z9","shipping_carrier":"UPS"}""", "bearer " + token), HttpStatusCode.OK);
        Assert.Equal("UPS", body.GetProperty("shipping_carrier").GetString());

        var history = await HistoryAsync(m, id);
        Assert.Equal([512, 513, 515, 516], history.Where(e => e.GetProperty("type").GetString() == "FULFILMENT_CODE_SET").Select(e => e.GetProperty("code").GetInt32()));
        Assert.Equal("in_fulfilment", (await CanonicalAsync(m, id)).Status());
    }

    [Fact]
    public async Task The_same_code_again_is_a_200_no_op()
    {
        var m = await MerchantAsync(factory, "CG repeat");
        var (id, number) = await OrderAsync(m);
        await JsonAsync(await PutAsync($"/order/{number}/status", """{"status":8}""", Literal(m)), HttpStatusCode.OK);
        var version = (await CanonicalAsync(m, id)).Version();
        var count = (await HistoryAsync(m, id)).Count;

        var again = await PutAsync($"/order/{number}/status", """{"status":8}""", Literal(m));

        Assert.Equal(8, (await JsonAsync(again, HttpStatusCode.OK)).GetProperty("status").GetInt32());
        Assert.Equal(version, (await CanonicalAsync(m, id)).Version());
        Assert.Equal(count, (await HistoryAsync(m, id)).Count);
    }

    [Fact]
    public async Task A_status_code_releases_a_hold_placed_by_a_hold_code_while_the_canonical_api_stays_strict()
    {
        var m = await MerchantAsync(factory, "CG holds");
        var (id, number) = await OrderAsync(m, paid: new { });
        await JsonAsync(await PutAsync($"/order/{number}/status", """{"status":256}""", Literal(m)), HttpStatusCode.OK);
        Assert.True((await CanonicalAsync(m, id)).GetProperty("onHold").GetBoolean());

        // Canonical: strict.
        await ProblemAssert.IsProblemAsync(
            await m.Canonical.PatchAsJsonAsync($"/api/v1/orders/{id}/status", new { code = 512 }), HttpStatusCode.Conflict, "order_on_hold");

        var requestId = RequestId();
        var body = await JsonAsync(await PutAsync($"/order/{number}/status", """{"status":512}""", Literal(m), ("X-Request-Id", requestId)), HttpStatusCode.OK);

        Assert.Equal(512, body.GetProperty("status").GetInt32());
        var order = await CanonicalAsync(m, id);
        Assert.False(order.GetProperty("onHold").GetBoolean());
        Assert.Equal("in_fulfilment", order.Status());
        await AssertWrittenAsync(factory, m, id, requestId, "HOLD_RELEASED", "FULFILMENT_CODE_SET", "STATUS_CHANGED");
    }

    [Fact]
    public async Task Idempotency_key_replays_the_first_answer_and_writes_once()
    {
        var m = await MerchantAsync(factory, "CG idempotency");
        var (id, number) = await OrderAsync(m);
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());

        var first = await PutAsync($"/order/{number}/status", """{"status":8,"shipping_tracking":"IDEM-1"}""", Literal(m), key);
        var second = await PutAsync($"/order/{number}/status", """{"status":8,"shipping_tracking":"IDEM-1"}""", Literal(m), key);

        Assert.Equal((await JsonAsync(first, HttpStatusCode.OK)).ToString(), (await JsonAsync(second, HttpStatusCode.OK)).ToString());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, (await HistoryAsync(m, id)).Count(e => e.GetProperty("type").GetString() == "TRACKING_ADDED"));

        var reused = await PutAsync($"/order/{number}/status", """{"status":128}""", Literal(m), key);
        await ErrorAsync(reused, HttpStatusCode.UnprocessableEntity, 0);
        Assert.Equal("sent", (await CanonicalAsync(m, id)).Status());
    }

    [Fact]
    public async Task Bad_bodies_answer_400_code_100_or_0_and_change_nothing()
    {
        var m = await MerchantAsync(factory, "CG bad bodies");
        var (id, number) = await OrderAsync(m);
        var path = $"/order/{number}/status";

        foreach (var body in new[] { "{", "not json", "[]", """{"status":"8"}""", """{"status":8.5}""", """{}""", """{"status":8,"shipping_tracking":5}""" })
        {
            await ErrorAsync(await PutAsync(path, body, Literal(m)), HttpStatusCode.BadRequest, 100);
        }

        var unknown = await ErrorAsync(await PutAsync(path, """{"status":9}""", Literal(m)), HttpStatusCode.BadRequest, 0);
        Assert.Contains("8 (Dispatched)", unknown.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("516", unknown.GetProperty("message").GetString(), StringComparison.Ordinal);

        var tooLong = await ErrorAsync(
            await PutAsync(path, $$"""{"status":8,"shipping_tracking":"{{new string('x', 5000)}}"}""", Literal(m)), HttpStatusCode.BadRequest, 0);
        Assert.Contains("tracking", tooLong.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);

        var order = await CanonicalAsync(m, id);
        Assert.Equal("created", order.Status());
        Assert.Equal(1, order.Version());
    }

    [Fact]
    public async Task Auth_errors_are_401_with_kornit_codes()
    {
        var m = await MerchantAsync(factory, "CG auth errors");
        var (_, number) = await OrderAsync(m);
        var path = $"/order/{number}/status";

        var wrong = await ErrorAsync(await PutAsync(path, """{"status":8}""", $"basic {m.Tenant.ClientId}:wrong"), HttpStatusCode.Unauthorized, 50000);
        Assert.Equal("Either your RefID or your API key are incorrect", wrong.GetProperty("message").GetString());
        await ErrorAsync(await PutAsync(path, """{"status":8}""", $"basic unknown-ref:{m.Tenant.Secret}"), HttpStatusCode.Unauthorized, 50000);
        await ErrorAsync(await PutAsync(path, """{"status":8}""", "bearer not-a-token"), HttpStatusCode.Unauthorized, 50000);

        await ErrorAsync(await PutAsync(path, """{"status":8}""", null), HttpStatusCode.Unauthorized, 401);
        await ErrorAsync(await PutAsync(path, """{"status":8}""", "basic"), HttpStatusCode.Unauthorized, 401);
        await ErrorAsync(await PutAsync(path, """{"status":8}""", "basic !!!not-base64"), HttpStatusCode.Unauthorized, 401);
        await ErrorAsync(await PutAsync(path, """{"status":8}""", "Token abc"), HttpStatusCode.Unauthorized, 401);

        // A client without orders:write is refused before any order is looked at.
        var readOnly = await MerchantAsync(factory, "CG read only", ["orders:read"]);
        await ErrorAsync(await PutAsync("/order/1/status", """{"status":8}""", Literal(readOnly)), HttpStatusCode.Forbidden, 401);
    }

    [Fact]
    public async Task Unknown_foreign_and_illegal_answer_404_or_409_code_0_and_change_nothing()
    {
        var a = await MerchantAsync(factory, "CG merchant A");
        var b = await MerchantAsync(factory, "CG merchant B");
        var (aId, aNumber) = await OrderAsync(a);
        var (bId, bNumber) = await OrderAsync(b);
        Assert.Equal(aNumber, bNumber); // numbers are per merchant: B's number 1 is not A's number 1

        await ErrorAsync(await PutAsync($"/order/999999/status", """{"status":8}""", Literal(a)), HttpStatusCode.NotFound, 0);
        await ErrorAsync(await PutAsync($"/order/{bId}/status", """{"status":8}""", Literal(a)), HttpStatusCode.NotFound, 0);
        await ErrorAsync(await PutAsync($"/order/not-an-id/status", """{"status":8}""", Literal(a)), HttpStatusCode.NotFound, 0);
        Assert.Equal(1, (await CanonicalAsync(b, bId)).Version());

        // A's number moves A's order, never B's.
        await JsonAsync(await PutAsync($"/order/{aNumber}/status", """{"status":128}""", Literal(a)), HttpStatusCode.OK);
        Assert.Equal("cancelled", (await CanonicalAsync(a, aId)).Status());
        Assert.Equal("created", (await CanonicalAsync(b, bId)).Status());

        var illegal = await ErrorAsync(await PutAsync($"/order/{aNumber}/status", """{"status":8}""", Literal(a)), HttpStatusCode.Conflict, 0);
        Assert.Contains("cancelled", illegal.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("cancelled", (await CanonicalAsync(a, aId)).Status());
    }

    [Fact]
    public async Task Framework_errors_under_the_dialect_are_in_its_shape()
    {
        var m = await MerchantAsync(factory, "CG framework");
        var (_, number) = await OrderAsync(m);

        await ErrorAsync(await SendAsync(factory.CreateClient(), HttpMethod.Get, $"/order/{number}/status", null, null, ("authorization", Literal(m))), HttpStatusCode.MethodNotAllowed, 0);
        await ErrorAsync(await SendAsync(factory.CreateClient(), HttpMethod.Put, $"/order/{number}/other", "{}", Json, ("authorization", Literal(m))), HttpStatusCode.NotFound, 0);
        var huge = $$"""{"status":8,"pad":"{{new string('x', 1_100_000)}}"}""";
        await ErrorAsync(await PutAsync($"/order/{number}/status", huge, Literal(m)), HttpStatusCode.RequestEntityTooLarge, 0);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_route_with_its_auth_scheme()
    {
        var document = await JsonAsync(await factory.CreateClient().GetAsync("/swagger/custom-gateway/swagger.json"), HttpStatusCode.OK, null);

        Assert.True(document.GetProperty("paths").TryGetProperty("/order/{id}/status", out var path));
        Assert.True(path.TryGetProperty("put", out _));
        Assert.False(document.GetProperty("paths").TryGetProperty("/api/v1/orders", out _));
        Assert.NotEmpty(document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject());

        // The dialects stay out of the canonical document.
        var canonical = await JsonAsync(await factory.CreateClient().GetAsync("/swagger/v1/swagger.json"), HttpStatusCode.OK, null);
        Assert.DoesNotContain(canonical.GetProperty("paths").EnumerateObject(), p => !p.Name.StartsWith("/api/", StringComparison.Ordinal) && !p.Name.StartsWith("/health", StringComparison.Ordinal));
    }
}
