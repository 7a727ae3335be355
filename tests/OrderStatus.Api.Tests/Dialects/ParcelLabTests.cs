using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Api.Tests.Orders;
using OrderStatus.Api.Tests.Tracking;

namespace OrderStatus.Api.Tests.Dialects;

/// <summary>parcelLab's order info and widget (seed 004, DIALECTS.md 5) over HTTP on the public tracking use case.</summary>
public sealed class ParcelLabTests(TrackingApiFactory factory) : IClassFixture<TrackingApiFactory>
{
    private static readonly string[] TopLevel =
        ["order_number", "client_key", "order_date", "recipient_name", "recipient_email", "destination_country_iso3", "trackings"];

    private static readonly string[] TrackingFields =
    [
        "tracking_number", "courier_info", "last_delivery_status", "delivery_location", "is_delayed", "is_exception", "is_return", "action_box",
        "recipient_name", "recipient_email", "destination_country_iso3", "recipient_postal_code", "identifiers_consignment", "shipping_address",
        "articles", "additional_attributes", "announced_delivery_date", "announced_delivery_date_min", "pod_identifier", "pod_signature",
        "pod_date", "timezone", "reporting_info", "supports_live_refresh", "checkpoints",
    ];

    [Fact]
    public async Task Order_info_answers_the_seed_schema_with_parcelLab_formats()
    {
        var (tenant, order, merchant) = await ShippedAsync();
        var body = await OkAsync(await TokenClient(tenant).GetAsync($"/v4/track/orders/info/?order_number={order.Reference}&account={order.Account}"));

        Assert.Equal(TopLevel, body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(order.Reference, body.GetProperty("order_number").GetString());
        Assert.Equal("web", body.GetProperty("client_key").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", body.GetProperty("order_date").GetString());
        Assert.Equal("GBR", body.GetProperty("destination_country_iso3").GetString());
        Assert.Equal("Ada Lovelace", body.GetProperty("recipient_name").GetString());

        var tracking = body.GetProperty("trackings")[0];
        Assert.Equal(TrackingFields, tracking.EnumerateObject().Select(p => p.Name));
        Assert.Equal(order.TrackingNumber, tracking.GetProperty("tracking_number").GetString());
        Assert.Equal("ups", tracking.GetProperty("courier_info").GetProperty("courier").GetString());
        Assert.Equal("UPS", tracking.GetProperty("courier_info").GetProperty("courier_name").GetString());
        Assert.Equal(JsonValueKind.Null, tracking.GetProperty("courier_info").GetProperty("courier_reroute_url").ValueKind);
        var last = tracking.GetProperty("last_delivery_status");
        Assert.Equal("LastMile", last.GetProperty("lifecycle_status").GetString());
        Assert.Equal("OutForDelivery", last.GetProperty("status_code").GetString());
        Assert.Equal(3, last.GetProperty("step").GetInt32());
        Assert.Equal("2026-11-22T07:15:00.000Z", last.GetProperty("event_timestamp").GetString());
        var checkpoints = tracking.GetProperty("checkpoints").EnumerateArray().ToList();
        Assert.Equal(["2026-11-22T07:15:00.000Z", "2026-11-21T09:30:00.000Z", "2026-11-20T08:00:00.000Z"],
            checkpoints.Select(c => c.GetProperty("event_timestamp").GetString()));
        Assert.Equal(["OutForDelivery", "InTransit", "Pending"], checkpoints.Select(c => c.GetProperty("status_code").GetString()));
        Assert.Equal("London", checkpoints[0].GetProperty("location").GetString());
        Assert.False(checkpoints[0].GetProperty("is_hidden").GetBoolean());
        Assert.False(tracking.GetProperty("is_exception").GetBoolean());
        Assert.False(tracking.GetProperty("is_return").GetBoolean());
        var address = tracking.GetProperty("shipping_address");
        Assert.Equal("Ada", address.GetProperty("first_name").GetString());
        Assert.Equal("Lovelace", address.GetProperty("last_name").GetString());
        Assert.Equal(ShippedOrder.Street, address.GetProperty("address_line").GetString());
        Assert.Equal("GBR", address.GetProperty("country_iso3").GetString());
        var articles = tracking.GetProperty("articles").EnumerateArray().ToList();
        Assert.Equal(["Tea mug", "Earl Grey"], articles.Select(a => a.GetProperty("article_name").GetString()));
        Assert.Equal("MUG-01", articles[0].GetProperty("sku").GetString());
        Assert.Equal(2, articles[0].GetProperty("quantity").GetInt32());
        Assert.Equal("v1", articles[0].GetProperty("version").GetString());
        Assert.Equal(JsonValueKind.Null, articles[0].GetProperty("unit_price").ValueKind);
        Assert.Equal(JsonValueKind.Null, tracking.GetProperty("reporting_info").GetProperty("delivery_date").ValueKind);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", tracking.GetProperty("reporting_info").GetProperty("in_transit_date").GetString());
        Assert.DoesNotContain(ShippedOrder.Note, body.GetRawText());
        Assert.DoesNotContain(ShippedOrder.PaymentReference, body.GetRawText());

        // Delivered: pod_date and reporting_info.delivery_date from the Delivered checkpoint.
        var trackingId = (await OrderApi.OkJsonAsync(await merchant.GetAsync($"/api/v1/orders/{order.Id}"))).GetProperty("trackings")[0].Id();
        await OrderApi.OkJsonAsync(await merchant.PostAsync($"/api/v1/orders/{order.Id}/trackings/{trackingId}/checkpoints",
            new StringContent("""{"occurredAt":"2026-11-22T14:05:30.5Z","status":"Delivered","statusText":"Delivered to front door","location":"London"}""", Encoding.UTF8, "application/json")),
            HttpStatusCode.Created);
        var delivered = (await OkAsync(await TokenClient(tenant).GetAsync($"/v4/track/orders/info?order_number={order.Reference}&account={order.Account}")))
            .GetProperty("trackings")[0];
        Assert.Equal("Delivered", delivered.GetProperty("last_delivery_status").GetProperty("lifecycle_status").GetString());
        Assert.Equal("2026-11-22", delivered.GetProperty("pod_date").GetString());
        Assert.Equal("2026-11-22T14:05:30.500Z", delivered.GetProperty("reporting_info").GetProperty("delivery_date").GetString());
        Assert.Equal(4, delivered.GetProperty("checkpoints").GetArrayLength());
    }

    [Fact]
    public async Task Both_routes_answer_with_and_without_the_trailing_slash_and_never_redirect()
    {
        var (tenant, order, _) = await ShippedAsync();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = Token(tenant);
        foreach (var path in new[] { "/v4/track/orders/info", "/v4/track/orders/info/" })
        {
            var response = await client.GetAsync($"{path}?order_number={order.Reference}&account={order.Account}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }

        foreach (var path in new[] { "/v4/track/orders/info-widget", "/v4/track/orders/info-widget/" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"{path}?order_number={order.Reference}&account={order.Account}&lang=de");
            request.Headers.Accept.ParseAdd("application/json");
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
            var svg = await response.Content.ReadAsStringAsync();
            Assert.Contains("lang=\"de\"", svg);
            Assert.Contains("Versandt", svg);
        }
    }

    [Fact]
    public async Task Merchants_authenticate_with_a_parcelLab_token_in_base64_or_raw_or_a_bearer_token()
    {
        var (tenant, order, _) = await ShippedAsync();
        var query = $"/v4/track/orders/info?order_number={order.Reference}&account={order.Account}";

        var raw = factory.CreateClient();
        raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Parcellab-API-Token", $"{tenant.ClientId}:{tenant.Secret}");
        await OkAsync(await raw.GetAsync(query));
        await OkAsync(await TokenClient(tenant).GetAsync(query));
        await OkAsync(await (await factory.CreateBearerClientForAsync(tenant)).GetAsync(query));
        // With credentials, account may be left out: the merchant is the caller's.
        await OkAsync(await TokenClient(tenant).GetAsync($"/v4/track/orders/info?order_number={order.Reference}"));

        var wrong = factory.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Parcellab-API-Token", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{tenant.ClientId}:nope")));
        await ErrorAsync(await wrong.GetAsync(query), HttpStatusCode.Unauthorized, "authentication_failed");
        var badBearer = factory.CreateClient();
        badBearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.token");
        await ErrorAsync(await badBearer.GetAsync(query), HttpStatusCode.Unauthorized, "authentication_failed");
        var otherScheme = factory.CreateClient();
        otherScheme.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "Zm9vOmJhcg==");
        await ErrorAsync(await otherScheme.GetAsync(query), HttpStatusCode.Unauthorized, "authentication_failed");
        var none = await factory.CreateClient().GetAsync(query);
        await ErrorAsync(none, HttpStatusCode.Unauthorized, "not_authenticated");
        Assert.Contains("Parcellab-API-Token", none.Headers.WwwAuthenticate.ToString());

        var writer = await factory.CreateTenantAsync("Writer", ["orders:write"]);
        await ErrorAsync(await TokenClient(writer).GetAsync(query), HttpStatusCode.Forbidden, "permission_denied");
        // Another merchant's credentials see nothing of this one.
        var other = await factory.CreateTenantAsync("Other shop");
        await ErrorAsync(await TokenClient(other).GetAsync(query), HttpStatusCode.NotFound, "not_found");
        await ErrorAsync(await TokenClient(other).GetAsync($"/v4/track/orders/info?order_number={order.Reference}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_six_lookups_and_tracking_id_find_the_order()
    {
        var (tenant, order, merchant) = await ShippedAsync();
        await OrderApi.OkJsonAsync(await merchant.PatchAsync($"/api/v1/orders/{order.Id}",
            new StringContent("""{"externalOrderId":"EXT-77","customerNumber":"C-1001"}""", Encoding.UTF8, "application/json")));
        var trackingId = (await OrderApi.OkJsonAsync(await merchant.GetAsync($"/api/v1/orders/{order.Id}"))).GetProperty("trackings")[0].Id();
        var client = TokenClient(tenant);
        var account = order.Account.ToString(CultureInfo.InvariantCulture);

        foreach (var query in new[]
        {
            $"order_number={order.Reference}&account={account}",
            $"order_number={order.Reference}&account={account}&client_key=web",
            $"order_number={order.Reference}&account={account}&client=web",
            $"external_order_id={order.Id}&account={account}",
            $"external_reference=EXT-77&account={account}",
            $"tracking_number={order.TrackingNumber}&courier=ups",
            $"tracking_number={order.TrackingNumber}&courier=UPS&account={account}&single_tracking=true",
            $"customer_number=C-1001&account={account}",
            $"recipient_email={Uri.EscapeDataString(ShippedOrder.Email.ToUpperInvariant())}&account={account}",
            $"tracking_id={trackingId}",
            $"order_number={order.Reference}&account={account}&lang=fr&live_refresh=true",
        })
        {
            var body = await OkAsync(await client.GetAsync("/v4/track/orders/info?" + query), query);
            Assert.Equal(order.Reference, body.GetProperty("order_number").GetString());
        }

        foreach (var query in new[]
        {
            $"order_number={order.Reference}&account={account}&client_key=other-brand.com",
            $"tracking_number={order.TrackingNumber}&courier=dhl",
            $"external_order_id={Guid.NewGuid()}&account={account}",
            $"tracking_id=not-one-of-ours",
            $"customer_number=C-404&account={account}",
        })
        {
            await ErrorAsync(await client.GetAsync("/v4/track/orders/info?" + query), HttpStatusCode.NotFound, "not_found");
        }
    }

    [Fact]
    public async Task Customers_without_credentials_bring_a_link_signature_an_email_or_a_postal_code()
    {
        var (_, order, merchant) = await ShippedAsync();
        var s = (await ShippedOrder.LinkAsync(merchant, order.Id)).GetProperty("s").GetString()!;
        var anonymous = factory.CreateClient();
        var lookup = $"/v4/track/orders/info?order_number={order.Reference}&account={order.Account}";

        var bySignature = await OkAsync(await anonymous.GetAsync($"{lookup}&s={s}"));
        Assert.Equal(ShippedOrder.Email.ToLowerInvariant(), bySignature.GetProperty("recipient_email").GetString()?.ToLowerInvariant());
        var byEmail = await OkAsync(await anonymous.GetAsync($"{lookup}&recipient_email={Uri.EscapeDataString(ShippedOrder.Email)}"));
        Assert.Equal(ShippedOrder.Street, byEmail.GetProperty("trackings")[0].GetProperty("shipping_address").GetProperty("address_line").GetString());
        await OkAsync(await anonymous.GetAsync($"/v4/track/orders/info?recipient_email={Uri.EscapeDataString(ShippedOrder.Email)}&account={order.Account}"));
        await OkAsync(await anonymous.GetAsync($"/v4/track/orders/info?tracking_number={order.TrackingNumber}&courier=ups&recipient_postal_code=N19GU"));

        var byPostalCode = await OkAsync(await anonymous.GetAsync($"{lookup}&recipient_postal_code=n1%209gu"));
        Assert.Equal(JsonValueKind.Null, byPostalCode.GetProperty("recipient_email").ValueKind);
        var tracking = byPostalCode.GetProperty("trackings")[0];
        Assert.Equal(JsonValueKind.Null, tracking.GetProperty("recipient_email").ValueKind);
        Assert.Equal(JsonValueKind.Null, tracking.GetProperty("shipping_address").GetProperty("address_line").ValueKind);
        Assert.Equal(JsonValueKind.Null, tracking.GetProperty("shipping_address").GetProperty("address_line_extra").ValueKind);
        Assert.Equal("London", tracking.GetProperty("shipping_address").GetProperty("city").GetString());
        Assert.DoesNotContain(ShippedOrder.Street, byPostalCode.GetRawText());

        await ErrorAsync(await anonymous.GetAsync($"{lookup}&recipient_email=someone@example.com"), HttpStatusCode.NotFound, "not_found");
        await ErrorAsync(await anonymous.GetAsync($"{lookup}&recipient_postal_code=SW1A1AA"), HttpStatusCode.NotFound, "not_found");
        await ErrorAsync(await anonymous.GetAsync($"/v4/track/orders/info?order_number=NOPE&account={order.Account}&s={s}"), HttpStatusCode.NotFound, "not_found");
        await ErrorAsync(await anonymous.GetAsync($"{lookup}&s=tampered"), HttpStatusCode.Forbidden, "permission_denied");
        await ErrorAsync(await anonymous.GetAsync($"/v4/track/orders/info?order_number={order.Reference}&recipient_email={ShippedOrder.Email}"), HttpStatusCode.BadRequest, "invalid", "validation_error");
        var widget = await anonymous.GetAsync($"/v4/track/orders/info-widget?order_number={order.Reference}&account={order.Account}&s={s}");
        Assert.Equal("image/svg+xml", widget.Content.Headers.ContentType?.MediaType);

        // Last, because time only moves forward: the link is refused once its 90 days are over.
        factory.Clock.Advance(TimeSpan.FromDays(91));
        await ErrorAsync(await anonymous.GetAsync($"{lookup}&s={s}"), HttpStatusCode.Forbidden, "permission_denied");
    }

    [Fact]
    public async Task Bad_input_answers_4xx_in_parcelLabs_envelope()
    {
        var (tenant, order, _) = await ShippedAsync();
        var client = TokenClient(tenant);

        var none = await ErrorAsync(await client.GetAsync("/v4/track/orders/info?orderNo=123&account=1"), HttpStatusCode.BadRequest, "invalid", "validation_error");
        var detail = none.GetProperty("errors")[0].GetProperty("detail").GetString()!;
        foreach (var lookup in new[] { "order_number", "external_order_id", "external_reference", "tracking_number", "courier", "customer_number", "recipient_email", "tracking_id" })
        {
            Assert.Contains(lookup, detail);
        }

        Assert.Equal(JsonValueKind.Null, none.GetProperty("errors")[0].GetProperty("attr").ValueKind);
        Assert.Equal("account", (await ErrorAsync(await client.GetAsync($"/v4/track/orders/info?order_number=1&account=abc"), HttpStatusCode.BadRequest, "invalid", "validation_error"))
            .GetProperty("errors")[0].GetProperty("attr").GetString());
        Assert.Equal("external_order_id", (await ErrorAsync(await client.GetAsync("/v4/track/orders/info?external_order_id=42&account=1"), HttpStatusCode.BadRequest, "invalid", "validation_error"))
            .GetProperty("errors")[0].GetProperty("attr").GetString());
        Assert.Equal("courier", (await ErrorAsync(await client.GetAsync($"/v4/track/orders/info?tracking_number={order.TrackingNumber}"), HttpStatusCode.BadRequest, "invalid", "validation_error"))
            .GetProperty("errors")[0].GetProperty("attr").GetString());
        await ErrorAsync(await client.GetAsync($"/v4/track/orders/info?order_number={order.Reference}&live_refresh=maybe"), HttpStatusCode.BadRequest, "invalid", "validation_error");
        await ErrorAsync(await client.GetAsync($"/v4/track/orders/info?order_number={order.Reference}&order_number=2"), HttpStatusCode.BadRequest, "invalid", "validation_error");
        await ErrorAsync(await client.GetAsync($"/v4/track/orders/info?order_number={new string('x', 400)}"), HttpStatusCode.BadRequest, "invalid", "validation_error");
        await ErrorAsync(await client.GetAsync($"/v4/track/orders/info?order_number={order.Reference}&account=99999999999999999999999"), HttpStatusCode.BadRequest, "invalid", "validation_error");

        await ErrorAsync(await client.PostAsync("/v4/track/orders/info/", new StringContent("{}", Encoding.UTF8, "application/json")), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        await ErrorAsync(await client.DeleteAsync("/v4/track/orders/info-widget"), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        await ErrorAsync(await client.GetAsync("/v4/track/orders/nothing-here"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Its_openapi_document_is_listed_in_swagger_ui()
    {
        var document = await OrderApi.OkJsonAsync(await factory.CreateClient().GetAsync("/swagger/parcellab/swagger.json"));
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v4/track/orders/info", paths);
        Assert.Contains("/v4/track/orders/info-widget", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/api/", StringComparison.Ordinal));
        var canonical = await OrderApi.OkJsonAsync(await factory.CreateClient().GetAsync("/swagger/v1/swagger.json"));
        Assert.DoesNotContain(canonical.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith("/v4/", StringComparison.Ordinal));
        Assert.Contains("/swagger/parcellab/swagger.json", await (await factory.CreateClient().GetAsync("/swagger/index.html")).Content.ReadAsStringAsync()
            + await (await factory.CreateClient().GetAsync("/swagger/index.js")).Content.ReadAsStringAsync());
    }

    private async Task<(TestTenant Tenant, ShippedOrder Order, HttpClient Merchant)> ShippedAsync()
    {
        var tenant = await factory.CreateTenantAsync();
        var merchant = factory.CreateClientFor(tenant);
        return (tenant, await ShippedOrder.CreateAsync(factory, merchant, tenant), merchant);
    }

    private static AuthenticationHeaderValue Token(TestTenant tenant) =>
        new("Parcellab-API-Token", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{tenant.ClientId}:{tenant.Secret}")));

    private HttpClient TokenClient(TestTenant tenant)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = Token(tenant);
        return client;
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response, string? what = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{what}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    internal static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code, string type = "client_error")
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal(type, body.GetProperty("type").GetString());
        Assert.Equal(code, body.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.True(body.GetProperty("errors")[0].TryGetProperty("attr", out _));
        return body;
    }
}
