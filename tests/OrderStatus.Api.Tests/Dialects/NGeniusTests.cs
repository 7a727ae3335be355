using System.Net;
using System.Text.Json;
using OrderStatus.Api.Dialects.NGenius;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Api.Tests.Orders;
using static OrderStatus.Api.Tests.Dialects.DialectTestKit;

namespace OrderStatus.Api.Tests.Dialects;

/// <summary>The N-Genius order status dialect (seed 000) over HTTP on PostgreSQL.</summary>
public sealed class NGeniusTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Identity = "application/vnd.ni-identity.v1+json";
    private const string Payment = "application/vnd.ni-payment.v2+json";
    private const string Reporting = "application/vnd.ni-reporting.v3+json";

    private async Task<string> TokenAsync(DialectMerchant m)
    {
        var response = await SendAsync(
            factory.CreateClient(), HttpMethod.Post, "/identity/auth/access-token", """{"realmName":"ni"}""", Identity,
            ("Authorization", "Basic " + m.Basic), ("Accept", Identity));
        return (await JsonAsync(response, HttpStatusCode.OK, Identity)).GetProperty("access_token").GetString()!;
    }

    private Task<HttpResponseMessage> CallAsync(
        HttpMethod method, string path, string? token, string? body = null, string? contentType = null, string? accept = null)
    {
        var headers = new List<(string, string)>();
        if (token is not null)
        {
            headers.Add(("Authorization", "Bearer " + token));
        }

        if (accept is not null)
        {
            headers.Add(("Accept", accept));
        }

        return SendAsync(factory.CreateClient(), method, path, body, contentType, [.. headers]);
    }

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var body = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal((int)status, body.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()));
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(errorCode, error.GetProperty("errorCode").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(error.GetProperty("message").GetString(), error.GetProperty("localizedMessage").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("domain").GetString()));
        return error;
    }

    private static string Collection(Guid merchant, string order, Guid payment) =>
        $"/transactions/outlets/{merchant}/orders/{order}/payments/{payment}/collection-status";

    [Theory]
    [InlineData("""{"realmName":"ni"}""", Identity)]
    [InlineData("{}", "application/json")]
    [InlineData(null, null)]
    [InlineData("grant_type=client_credentials", "application/x-www-form-urlencoded")]
    public async Task The_access_token_takes_the_api_key_as_is_and_any_body(string? body, string? contentType)
    {
        var m = await MerchantAsync(factory, "NG token " + contentType);

        var response = await SendAsync(factory.CreateClient(), HttpMethod.Post, "/identity/auth/access-token", body, contentType, ("Authorization", "Basic " + m.Basic));

        var token = await JsonAsync(response, HttpStatusCode.OK, Identity);
        Assert.Equal(["access_token", "expires_in", "refresh_expires_in", "refresh_token", "token_type"], token.EnumerateObject().Select(p => p.Name));
        Assert.Equal(300, token.GetProperty("expires_in").GetInt32());
        Assert.Equal("bearer", token.GetProperty("token_type").GetString());
        Assert.False(string.IsNullOrEmpty(token.GetProperty("refresh_token").GetString()));

        var canonical = factory.CreateClient();
        canonical.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await canonical.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_or_missing_api_key_answers_401_in_the_n_genius_shape()
    {
        var m = await MerchantAsync(factory, "NG bad key");
        var wrong = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{m.Tenant.ClientId}:nope"));

        await ErrorAsync(await SendAsync(factory.CreateClient(), HttpMethod.Post, "/identity/auth/access-token", null, null, ("Authorization", "Basic " + wrong)), HttpStatusCode.Unauthorized, "unauthorized");
        await ErrorAsync(await SendAsync(factory.CreateClient(), HttpMethod.Post, "/identity/auth/access-token", null, null), HttpStatusCode.Unauthorized, "unauthorized");
        await ErrorAsync(await SendAsync(factory.CreateClient(), HttpMethod.Post, "/identity/auth/access-token", null, null, ("Authorization", "Basic ###")), HttpStatusCode.Unauthorized, "unauthorized");
        var (id, _) = await OrderAsync(m);
        await ErrorAsync(await CallAsync(HttpMethod.Get, $"/transactions/outlets/{m.Tenant.MerchantId}/orders/{id}", "garbage"), HttpStatusCode.Unauthorized, "unauthorized");
        await ErrorAsync(await CallAsync(HttpMethod.Get, $"/reporting/outlets/{m.Tenant.MerchantId}/orders/{id}", null), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task The_order_in_hal_shape_with_a_derived_then_recorded_payment_id()
    {
        var m = await MerchantAsync(factory, "NG order");
        var token = await TokenAsync(m);
        var (id, _) = await OrderAsync(m);
        var path = $"/transactions/outlets/{m.Tenant.MerchantId}/orders/{id}";

        var response = await CallAsync(HttpMethod.Get, path, token, accept: Payment);
        var order = await JsonAsync(response, HttpStatusCode.OK, Payment);
        Assert.Equal($"urn:order:{id}", order.GetProperty("_id").GetString());
        Assert.EndsWith(path, order.GetProperty("_links").GetProperty("self").GetProperty("href").GetString(), StringComparison.Ordinal);
        Assert.Equal("EUR", order.GetProperty("amount").GetProperty("currencyCode").GetString());
        Assert.Equal(3150, order.GetProperty("amount").GetProperty("value").GetInt64()); // 1 × 10.50 + 2 × 10.50 (OrderApi.NewOrder)
        var payment = order.GetProperty("_embedded").GetProperty("payment")[0];
        var derived = NGeniusFormat.PaymentId(Guid.Parse(id), null);
        Assert.Equal($"urn:payment:{derived}", payment.GetProperty("_id").GetString());
        Assert.Equal("STARTED", payment.GetProperty("state").GetString());

        // Paid with a UUID payment reference: that is the payment id from now on.
        var recorded = Guid.NewGuid();
        await OrderApi.OkJsonAsync(await m.Canonical.PostAsync($"/api/v1/orders/{id}/paid", System.Net.Http.Json.JsonContent.Create(new { paymentReference = recorded.ToString() })));
        var paid = await JsonAsync(await CallAsync(HttpMethod.Get, path, token), HttpStatusCode.OK, Payment);
        var paidPayment = paid.GetProperty("_embedded").GetProperty("payment")[0];
        Assert.Equal($"urn:payment:{recorded}", paidPayment.GetProperty("_id").GetString());
        Assert.Equal("CAPTURED", paidPayment.GetProperty("state").GetString());
        Assert.Equal("SUCCESS", paidPayment.GetProperty("_embedded").GetProperty("cnp:capture")[0].GetProperty("state").GetString());
    }

    [Theory]
    [InlineData(Payment)]
    [InlineData("application/json")]
    [InlineData(null)]
    public async Task Collection_status_goes_through_the_canonical_use_case(string? contentType)
    {
        var m = await MerchantAsync(factory, "NG collection " + contentType);
        var token = await TokenAsync(m);
        var (id, _) = await OrderAsync(m, paid: new { paymentReference = "psp-not-a-uuid" });
        var paymentId = NGeniusFormat.PaymentId(Guid.Parse(id), "psp-not-a-uuid");
        var requestId = RequestId();

        var response = await SendAsync(
            factory.CreateClient(), HttpMethod.Post, Collection(m.Tenant.MerchantId, id, paymentId), """{"collectionStatus":"COLLECTED"}""", contentType,
            ("Authorization", "Bearer " + token), ("Accept", Payment), ("X-Request-Id", requestId), ("Idempotency-Key", requestId));

        var body = await JsonAsync(response, HttpStatusCode.OK, Payment);
        Assert.Equal("COLLECTED", body.GetProperty("collectionStatus").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$", body.GetProperty("timestamp").GetString());
        Assert.Equal("COLLECTED", (await CanonicalAsync(m, id)).GetProperty("collectionStatus").GetString());
        await AssertWrittenAsync(factory, m, id, requestId, "COLLECTION_STATUS_UPDATED");

        // The same Idempotency-Key replays; the same value again is a no-op.
        var replay = await SendAsync(
            factory.CreateClient(), HttpMethod.Post, Collection(m.Tenant.MerchantId, id, paymentId), """{"collectionStatus":"COLLECTED"}""", contentType,
            ("Authorization", "Bearer " + token), ("Idempotency-Key", requestId));
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(await HistoryAsync(m, id), e => e.GetProperty("type").GetString() == "COLLECTION_STATUS_UPDATED");
    }

    [Fact]
    public async Task Collection_status_errors_change_nothing()
    {
        var a = await MerchantAsync(factory, "NG errors A");
        var b = await MerchantAsync(factory, "NG errors B");
        var token = await TokenAsync(a);
        var (paid, _) = await OrderAsync(a, paid: new { });
        var (unpaid, _) = await OrderAsync(a);
        var (foreign, _) = await OrderAsync(b, paid: new { });
        var payment = NGeniusFormat.PaymentId(Guid.Parse(paid), null);
        var body = """{"collectionStatus":"DELIVERED"}""";
        Task<HttpResponseMessage> Post(string path, string content = """{"collectionStatus":"DELIVERED"}""") =>
            CallAsync(HttpMethod.Post, path, token, content, Payment);

        await ErrorAsync(await Post(Collection(a.Tenant.MerchantId, unpaid, NGeniusFormat.PaymentId(Guid.Parse(unpaid), null))), HttpStatusCode.Conflict, "invalidOrderState");
        await ErrorAsync(await Post(Collection(a.Tenant.MerchantId, paid, Guid.NewGuid())), HttpStatusCode.NotFound, "orderNotFound");
        await ErrorAsync(await Post(Collection(b.Tenant.MerchantId, paid, payment)), HttpStatusCode.NotFound, "orderNotFound");
        await ErrorAsync(await Post(Collection(a.Tenant.MerchantId, foreign, NGeniusFormat.PaymentId(Guid.Parse(foreign), null))), HttpStatusCode.NotFound, "orderNotFound");
        await ErrorAsync(await Post(Collection(b.Tenant.MerchantId, foreign, NGeniusFormat.PaymentId(Guid.Parse(foreign), null))), HttpStatusCode.NotFound, "orderNotFound");
        await ErrorAsync(await Post($"/transactions/outlets/{a.Tenant.MerchantId}/orders/not-a-uuid/payments/{payment}/collection-status"), HttpStatusCode.NotFound, "orderNotFound");
        await ErrorAsync(await Post(Collection(a.Tenant.MerchantId, paid, payment), """{"collectionStatus":"LOST"}"""), HttpStatusCode.BadRequest, "invalidCollectionStatus");
        await ErrorAsync(await Post(Collection(a.Tenant.MerchantId, paid, payment), """{"collectionStatus":"collected"}"""), HttpStatusCode.BadRequest, "invalidCollectionStatus");
        await ErrorAsync(await Post(Collection(a.Tenant.MerchantId, paid, payment), "{"), HttpStatusCode.BadRequest, "invalidRequest");
        await ErrorAsync(await Post(Collection(a.Tenant.MerchantId, paid, payment), "[]"), HttpStatusCode.BadRequest, "invalidRequest");
        await ErrorAsync(await Post(Collection(a.Tenant.MerchantId, paid, payment), "{}"), HttpStatusCode.BadRequest, "invalidCollectionStatus");
        await ErrorAsync(await CallAsync(HttpMethod.Put, Collection(a.Tenant.MerchantId, paid, payment), token, body, Payment), HttpStatusCode.MethodNotAllowed, "methodNotAllowed");
        await ErrorAsync(await Post(Collection(a.Tenant.MerchantId, paid, payment), $$"""{"collectionStatus":"COLLECTED","pad":"{{new string('x', 1_100_000)}}"}"""), HttpStatusCode.RequestEntityTooLarge, "payloadTooLarge");
        await ErrorAsync(await CallAsync(HttpMethod.Get, $"/transactions/outlets/{a.Tenant.MerchantId}/nothing", token), HttpStatusCode.NotFound, "notFound");
        await ErrorAsync(await CallAsync(HttpMethod.Get, $"/transactions/outlets/{a.Tenant.MerchantId}/orders/{foreign}", token), HttpStatusCode.NotFound, "orderNotFound");
        await ErrorAsync(await CallAsync(HttpMethod.Get, $"/reporting/outlets/{a.Tenant.MerchantId}/orders/{foreign}", token), HttpStatusCode.NotFound, "orderNotFound");
        await ErrorAsync(await CallAsync(HttpMethod.Get, $"/reporting/outlets/{b.Tenant.MerchantId}/orders/{paid}", token), HttpStatusCode.NotFound, "orderNotFound");

        Assert.True((await CanonicalAsync(a, paid)).GetProperty("collectionStatus").ValueKind == JsonValueKind.Null);
        Assert.True((await CanonicalAsync(a, unpaid)).GetProperty("collectionStatus").ValueKind == JsonValueKind.Null);
        Assert.True((await CanonicalAsync(b, foreign)).GetProperty("collectionStatus").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Reporting_lists_every_history_event_oldest_first()
    {
        var m = await MerchantAsync(factory, "NG Boutique Fashion");
        var token = await TokenAsync(m);
        var (id, _) = await OrderAsync(m, paid: new { });
        var payment = NGeniusFormat.PaymentId(Guid.Parse(id), null);
        await JsonAsync(await CallAsync(HttpMethod.Post, Collection(m.Tenant.MerchantId, id, payment), token, """{"collectionStatus":"COLLECTED"}""", Payment), HttpStatusCode.OK, Payment);
        await JsonAsync(await CallAsync(HttpMethod.Post, Collection(m.Tenant.MerchantId, id, payment), token, """{"collectionStatus":"RETURNED"}""", Payment), HttpStatusCode.OK, Payment);

        var response = await CallAsync(HttpMethod.Get, $"/reporting/outlets/{m.Tenant.MerchantId}/orders/{id}", token, accept: Reporting);

        var body = await JsonAsync(response, HttpStatusCode.OK, Reporting);
        var events = body.GetProperty("_embedded").GetProperty("events").EnumerateArray().ToList();
        var history = await HistoryAsync(m, id);
        Assert.Equal(history.Count, events.Count);
        Assert.Equal(
            [("ORDER", "ORDER_CREATED"), ("ORDER", "STATUS_CHANGED"), ("PAYMENT", "CAPTURED"), ("COLLECTION_STATUS", "COLLECTION_STATUS_UPDATED"), ("COLLECTION_STATUS", "COLLECTION_STATUS_UPDATED")],
            events.Select(e => (e.GetProperty("eventGroupType").GetString(), e.GetProperty("eventName").GetString())));
        var last = events[^1];
        Assert.Equal("SUCCESS", last.GetProperty("status").GetString());
        Assert.Equal("NG Boutique Fashion", last.GetProperty("outletName").GetString());
        Assert.Equal(m.Tenant.MerchantId.ToString(), last.GetProperty("outletId").GetString());
        var payload = last.GetProperty("payload");
        Assert.Equal("RETURNED", payload.GetProperty("collectionStatus").GetString());
        Assert.Equal(id, payload.GetProperty("reference").GetString());
        Assert.Equal(payment.ToString(), payload.GetProperty("paymentReference").GetString());
        Assert.Equal("CLOSE", payload.GetProperty("orderStatus").GetString());
        Assert.Equal("OPEN", events[0].GetProperty("payload").GetProperty("orderStatus").GetString());
        Assert.Equal("MERCHANT_SYSTEMS", payload.GetProperty("userRole").GetString());
        Assert.EndsWith($"/transactions/outlets/{m.Tenant.MerchantId}/orders/{id}", payload.GetProperty("orderResource").GetString(), StringComparison.Ordinal);
        var times = events.Select(e => e.GetProperty("timestamp").GetString()).ToList();
        Assert.Equal(times.Order(StringComparer.Ordinal), times);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_routes_with_its_schemes()
    {
        var document = await JsonAsync(await factory.CreateClient().GetAsync("/swagger/n-genius/swagger.json"), HttpStatusCode.OK, null);
        var paths = document.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/identity/auth/access-token", out _));
        Assert.True(paths.TryGetProperty("/transactions/outlets/{outletRef}/orders/{orderReference}/payments/{paymentReference}/collection-status", out _));
        Assert.True(paths.TryGetProperty("/transactions/outlets/{outletRef}/orders/{orderReference}", out _));
        Assert.True(paths.TryGetProperty("/reporting/outlets/{outletRef}/orders/{orderReference}", out _));
        Assert.NotEmpty(document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject());
    }
}
