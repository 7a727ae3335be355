using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Api.Tests.Orders;

namespace OrderStatus.Api.Tests.Tracking;

/// <summary>Public order tracking over HTTP (issue 13): links, factors, the projection, the widget, the page, the one 404.</summary>
public sealed class PublicTrackingTests(TrackingApiFactory factory) : IClassFixture<TrackingApiFactory>
{
    private static readonly string[] Private =
    [
        ShippedOrder.Note, ShippedOrder.PaymentReference, "gift wrap", "+44 20 7946", "requestId", "clientId", "statusCallbackUrl",
        "actor", "holdReasons", "paymentReference", "9.95", "26.4",
    ];

    [Fact]
    public async Task A_signed_link_opens_the_page_the_json_and_the_widget_without_credentials()
    {
        var tenant = await factory.CreateTenantAsync();
        var merchant = factory.CreateClientFor(tenant);
        var order = await ShippedOrder.CreateAsync(factory, merchant, tenant);

        var link = await ShippedOrder.LinkAsync(merchant, order.Id);
        var s = link.GetProperty("s").GetString()!;
        var expiresAt = link.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - factory.Clock.GetUtcNow(), TimeSpan.FromDays(89.99), TimeSpan.FromDays(90.01));
        var url = new Uri(link.GetProperty("url").GetString()!);
        Assert.Equal($"{order.Path}?s={s}", url.PathAndQuery);
        Assert.Matches("^[A-Za-z0-9_-]+$", s);

        var anonymous = factory.CreateClient();
        var page = await anonymous.GetAsync(url.PathAndQuery);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Shipped · Out for delivery", html);
        Assert.Contains(order.TrackingNumber, html);
        Assert.Contains("Out for delivery", html);
        Assert.Contains(ShippedOrder.Street, html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        AssertNothingPrivate(html);

        var request = new HttpRequestMessage(HttpMethod.Get, url.PathAndQuery);
        request.Headers.Accept.ParseAdd("application/json");
        var json = await OrderApi.OkJsonAsync(await anonymous.SendAsync(request));
        Assert.Equal(order.Reference, json.GetProperty("reference").GetString());
        Assert.Equal("sent", json.GetProperty("status").GetString());
        Assert.Equal(3, json.GetProperty("currentStep").GetInt32());
        Assert.Equal(["done", "done", "current", "upcoming"], json.GetProperty("steps").EnumerateArray().Select(x => x.GetProperty("state").GetString()));
        var tracking = json.GetProperty("trackings")[0];
        Assert.Equal("UPS", tracking.GetProperty("carrier").GetString());
        Assert.Equal("LastMile", tracking.GetProperty("lifecycle").GetString());
        Assert.StartsWith("https://www.ups.com/", tracking.GetProperty("trackingUrl").GetString());
        Assert.Equal(["Out for delivery", "Departed facility", "Label created"],
            tracking.GetProperty("checkpoints").EnumerateArray().Select(c => c.GetProperty("statusText").GetString()));
        Assert.Equal(["Tea mug", "Earl Grey"], json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(2, json.GetProperty("items")[0].GetProperty("quantity").GetInt32());
        Assert.False(json.GetProperty("items")[0].TryGetProperty("unitPrice", out _));
        Assert.False(json.TryGetProperty("total", out _));
        Assert.Equal(ShippedOrder.Email.ToLowerInvariant(), json.GetProperty("shipTo").GetProperty("email").GetString()?.ToLowerInvariant());
        AssertNothingPrivate(json.GetRawText());

        var same = await OrderApi.OkJsonAsync(await anonymous.GetAsync($"{order.Path}/status.json?s={s}"));
        Assert.Equal(json.GetRawText(), same.GetRawText());

        var widget = await anonymous.GetAsync($"{order.Path}/widget.svg?s={s}");
        var svg = await widget.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, widget.StatusCode);
        Assert.Equal("image/svg+xml", widget.Content.Headers.ContentType?.MediaType);
        Assert.Contains("public", widget.Headers.CacheControl!.ToString());
        Assert.Contains("<title id=\"t\">", svg);
        Assert.Contains("<desc id=\"d\">", svg);
        Assert.Contains("lang=\"en\"", svg);
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href", svg, StringComparison.OrdinalIgnoreCase);
        AssertNothingPrivate(svg);
        var etag = widget.Headers.ETag!;
        var again = new HttpRequestMessage(HttpMethod.Get, $"{order.Path}/widget.svg?s={s}");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Links_are_issued_only_for_the_callers_orders_with_a_valid_ttl()
    {
        var tenant = await factory.CreateTenantAsync();
        var merchant = factory.CreateClientFor(tenant);
        var order = await ShippedOrder.CreateAsync(factory, merchant, tenant);

        var week = await ShippedOrder.LinkAsync(merchant, order.Id, new { ttlDays = 7 });
        Assert.InRange(week.GetProperty("expiresAt").GetDateTimeOffset() - factory.Clock.GetUtcNow(), TimeSpan.FromDays(6.99), TimeSpan.FromDays(7.01));
        Assert.Equal(HttpStatusCode.OK, (await OrderApi.PostAsync(merchant, $"/api/v1/orders/{order.Id}/tracking-link", new { ttlDays = 365 })).StatusCode);
        foreach (var bad in new object[] { new { ttlDays = 0 }, new { ttlDays = 366 }, new { ttlDays = -5 } })
        {
            await ProblemAssert.IsProblemAsync(await OrderApi.PostAsync(merchant, $"/api/v1/orders/{order.Id}/tracking-link", bad), HttpStatusCode.BadRequest);
        }

        await ProblemAssert.IsProblemAsync(
            await merchant.PostAsync($"/api/v1/orders/{order.Id}/tracking-link", new StringContent("{\"ttlDays\": \"soon\"}", null, "application/json")),
            HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(
            await merchant.PostAsync($"/api/v1/orders/{order.Id}/tracking-link", new StringContent("{", null, "application/json")),
            HttpStatusCode.BadRequest);

        var other = factory.CreateClientFor(await factory.CreateTenantAsync("Other shop"));
        await ProblemAssert.IsProblemAsync(await OrderApi.PostAsync(other, $"/api/v1/orders/{order.Id}/tracking-link", new { }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await OrderApi.PostAsync(merchant, "/api/v1/orders/not-an-id/tracking-link", new { }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await factory.CreateClient().PostAsJsonAsync($"/api/v1/orders/{order.Id}/tracking-link", new { }), HttpStatusCode.Unauthorized);
        var writeOnly = factory.CreateClientFor(await factory.CreateTenantAsync("Writer", ["orders:write"]));
        await ProblemAssert.IsProblemAsync(await OrderApi.PostAsync(writeOnly, $"/api/v1/orders/{order.Id}/tracking-link", new { }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_second_factor_is_the_email_in_any_case_or_the_postal_code_without_spaces_and_the_postal_code_shows_less()
    {
        var tenant = await factory.CreateTenantAsync();
        var merchant = factory.CreateClientFor(tenant);
        var order = await ShippedOrder.CreateAsync(factory, merchant, tenant);
        var anonymous = factory.CreateClient();

        var byEmail = await OrderApi.OkJsonAsync(await anonymous.GetAsync($"{order.Path}/status.json?email={Uri.EscapeDataString("  ADA.lovelace@example.COM ")}"));
        Assert.Equal(ShippedOrder.Street, byEmail.GetProperty("shipTo").GetProperty("line1").GetString());
        Assert.True(byEmail.GetProperty("shipTo").TryGetProperty("email", out _));

        var byPostalCode = await OrderApi.OkJsonAsync(await anonymous.GetAsync($"{order.Path}/status.json?postalCode=n19gu"));
        var shipTo = byPostalCode.GetProperty("shipTo");
        Assert.False(shipTo.TryGetProperty("email", out _));
        Assert.False(shipTo.TryGetProperty("line1", out _));
        Assert.False(shipTo.TryGetProperty("line2", out _));
        Assert.Equal("London", shipTo.GetProperty("city").GetString());
        var text = byPostalCode.GetRawText();
        Assert.DoesNotContain(ShippedOrder.Street, text);
        Assert.DoesNotContain("lovelace@", text, StringComparison.OrdinalIgnoreCase);

        var pageByPostalCode = await (await anonymous.GetAsync($"{order.Path}?postalCode={Uri.EscapeDataString("n1 9 gu")}")).Content.ReadAsStringAsync();
        Assert.Contains(order.TrackingNumber, pageByPostalCode);
        Assert.DoesNotContain(ShippedOrder.Street, pageByPostalCode);
        Assert.DoesNotContain("lovelace@", pageByPostalCode, StringComparison.OrdinalIgnoreCase);

        // A wrong factor next to a right one is still a wrong factor.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"{order.Path}/status.json?email=ada@example.com&postalCode=N19GU")).StatusCode);
        // The page without a factor asks for one, for any account and reference alike.
        var ask = await anonymous.GetAsync(order.Path);
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        Assert.Contains("<form method=\"post\" action=\"/track\">", await ask.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_orders_wrong_factors_other_merchants_and_expired_or_tampered_links_get_one_identical_404()
    {
        var tenant = await factory.CreateTenantAsync();
        var merchant = factory.CreateClientFor(tenant);
        var order = await ShippedOrder.CreateAsync(factory, merchant, tenant);
        var otherTenant = await factory.CreateTenantAsync("Other shop");
        var otherOrder = await ShippedOrder.CreateAsync(factory, factory.CreateClientFor(otherTenant), otherTenant);

        var oldLink = (await ShippedOrder.LinkAsync(merchant, order.Id, new { ttlDays = 1 })).GetProperty("s").GetString()!;
        factory.Clock.Advance(TimeSpan.FromDays(3)); // past the one-day link's expiry
        var link = (await ShippedOrder.LinkAsync(merchant, order.Id)).GetProperty("s").GetString()!;
        var otherLink = (await ShippedOrder.LinkAsync(factory.CreateClientFor(otherTenant), otherOrder.Id)).GetProperty("s").GetString()!;
        var tampered = link[..^2] + (link[^2] == 'A' ? "B" : "A") + link[^1];

        string[] refused =
        [
            $"/track/{order.Account}/NO-SUCH-ORDER/status.json?email={ShippedOrder.Email}",
            $"{order.Path}/status.json?email=someone@example.com",
            $"{order.Path}/status.json?postalCode=SW1A1AA",
            $"/track/{otherOrder.Account}/{order.Reference}/status.json?email={ShippedOrder.Email}",
            $"/track/{order.Account}/{otherOrder.Reference}/status.json?email={ShippedOrder.Email}",
            $"/track/{order.Account}/{otherOrder.Reference}/status.json?s={otherLink}",
            $"/track/{otherOrder.Account}/{order.Reference}/status.json?s={link}",
            $"{order.Path}/status.json?s={oldLink}",
            $"{order.Path}/status.json?s={tampered}",
            $"{order.Path}/status.json?s=not-a-signature",
            $"{order.Path}/status.json?s={new string('A', 400)}",
            $"/track/99999999999/{order.Reference}/status.json?email={ShippedOrder.Email}",
            $"/track/not-a-number/{order.Reference}/status.json?email={ShippedOrder.Email}",
            $"/track/-1/{order.Reference}/status.json?email={ShippedOrder.Email}",
            $"{order.Path}/status.json",
        ];
        var anonymous = factory.CreateClient();
        var bodies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in refused)
        {
            var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(bodies);
        Assert.Contains("\"code\":\"not_found\"", bodies.Single());

        var pages = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in new[] { $"{order.Path}?s={oldLink}", $"{order.Path}?email=x@example.com", $"/track/{order.Account}/NOPE?email=x@example.com", $"/track/{otherOrder.Account}/{order.Reference}?s={link}" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            pages.Add(await response.Content.ReadAsStringAsync());
        }

        // The status page's language links carry the query, so compare the pages without their footer.
        Assert.Single(pages.Select(p => p[..p.IndexOf("<footer>", StringComparison.Ordinal)]).Distinct());

        var svgs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in new[] { $"{order.Path}/widget.svg?s={oldLink}", $"{order.Path}/widget.svg?email=x@example.com", $"/track/1/NOPE/widget.svg?s={link}" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
            svgs.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(svgs);

        // And the right ones still work.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"{order.Path}/status.json?s={link}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/track/{otherOrder.Account}/{otherOrder.Reference}/status.json?s={otherLink}")).StatusCode);
    }

    [Fact]
    public async Task Rotating_the_secret_ends_earlier_links_after_the_grace_period_and_needs_tracking_manage()
    {
        var tenant = await factory.CreateTenantAsync();
        var merchant = factory.CreateClientFor(tenant);
        var order = await ShippedOrder.CreateAsync(factory, merchant, tenant);
        var anonymous = factory.CreateClient();
        var first = (await ShippedOrder.LinkAsync(merchant, order.Id)).GetProperty("s").GetString()!;

        var rotated = await OrderApi.OkJsonAsync(await merchant.PostAsJsonAsync("/api/v1/tracking/secret/rotate", new { graceMinutes = 30 }));
        Assert.InRange(rotated.GetProperty("previousSecretValidUntil").GetDateTimeOffset() - factory.Clock.GetUtcNow(), TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));
        var second = (await ShippedOrder.LinkAsync(merchant, order.Id)).GetProperty("s").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"{order.Path}/status.json?s={first}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"{order.Path}/status.json?s={second}")).StatusCode);

        factory.Clock.Advance(TimeSpan.FromMinutes(31)); // past the grace period
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"{order.Path}/status.json?s={first}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"{order.Path}/status.json?s={second}")).StatusCode);

        var immediate = await OrderApi.OkJsonAsync(await merchant.PostAsJsonAsync("/api/v1/tracking/secret/rotate", new { graceMinutes = 0 }));
        Assert.Equal(JsonValueKind.Null, immediate.GetProperty("previousSecretValidUntil").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"{order.Path}/status.json?s={second}")).StatusCode);
        Assert.DoesNotContain("secret\"", immediate.GetRawText().Replace("Secret", string.Empty, StringComparison.Ordinal));

        await ProblemAssert.IsProblemAsync(await merchant.PostAsJsonAsync("/api/v1/tracking/secret/rotate", new { graceMinutes = 20_000 }), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await merchant.PostAsJsonAsync("/api/v1/tracking/secret/rotate", new { graceMinutes = -1 }), HttpStatusCode.BadRequest);
        var readOnly = factory.CreateClientFor(await factory.CreateTenantAsync("Reader", ["orders:read"]));
        await ProblemAssert.IsProblemAsync(await readOnly.PostAsJsonAsync("/api/v1/tracking/secret/rotate", new { }), HttpStatusCode.Forbidden, "insufficient_scope");
        await ProblemAssert.IsProblemAsync(await readOnly.GetAsync("/api/v1/tracking/settings"), HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task Prices_show_only_when_the_merchant_turns_them_on()
    {
        var tenant = await factory.CreateTenantAsync();
        var merchant = factory.CreateClientFor(tenant);
        var order = await ShippedOrder.CreateAsync(factory, merchant, tenant);
        var anonymous = factory.CreateClient();
        var path = $"{order.Path}/status.json?email={ShippedOrder.Email}";
        Assert.False((await OrderApi.OkJsonAsync(await anonymous.GetAsync(path))).TryGetProperty("total", out _));

        var on = await OrderApi.OkJsonAsync(await merchant.PatchAsJsonAsync("/api/v1/tracking/settings", new { showPrices = true }));
        Assert.True(on.GetProperty("showPrices").GetBoolean());
        var priced = await OrderApi.OkJsonAsync(await anonymous.GetAsync(path));
        Assert.Equal(26.40m, priced.GetProperty("total").GetDecimal());
        Assert.Equal("EUR", priced.GetProperty("currency").GetString());
        Assert.Equal(9.95m, priced.GetProperty("items")[0].GetProperty("unitPrice").GetDecimal());
        Assert.Contains("26.40 EUR", await (await anonymous.GetAsync($"{order.Path}?email={ShippedOrder.Email}")).Content.ReadAsStringAsync());

        await merchant.PatchAsJsonAsync("/api/v1/tracking/settings", new { showPrices = false });
        Assert.False((await OrderApi.OkJsonAsync(await anonymous.GetAsync(path))).TryGetProperty("total", out _));
        await ProblemAssert.IsProblemAsync(
            await merchant.PatchAsync("/api/v1/tracking/settings", new StringContent("{\"showPrices\": \"yes\"}", null, "application/json")),
            HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_page_the_json_and_the_widget_speak_the_customers_language()
    {
        var tenant = await factory.CreateTenantAsync();
        var merchant = factory.CreateClientFor(tenant);
        var order = await ShippedOrder.CreateAsync(factory, merchant, tenant);
        var anonymous = factory.CreateClient();
        var factor = $"email={ShippedOrder.Email}";

        var german = await (await anonymous.GetAsync($"{order.Path}?{factor}&lang=de")).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"de\">", german);
        Assert.Contains("Versandt · In Zustellung", german);
        Assert.Contains("Sendungen", german);

        foreach (var (header, language, word) in new[]
        {
            ("fr-CH, fr;q=0.9, en;q=0.5", "fr", "Expédiée"),
            ("es", "es", "Enviado"),
            ("cs-CZ", "cs", "Odesláno"),
            ("da, de;q=0.8", "de", "Versandt"),
            ("da", "en", "Shipped"),
        })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"{order.Path}/widget.svg?{factor}");
            request.Headers.AcceptLanguage.ParseAdd(header);
            var svg = await (await anonymous.SendAsync(request)).Content.ReadAsStringAsync();
            Assert.Contains($"lang=\"{language}\"", svg);
            Assert.Contains(word, svg);

            var json = new HttpRequestMessage(HttpMethod.Get, $"{order.Path}/status.json?{factor}");
            json.Headers.AcceptLanguage.ParseAdd(header);
            var body = await OrderApi.OkJsonAsync(await anonymous.SendAsync(json));
            Assert.Equal(language, body.GetProperty("language").GetString());
            Assert.StartsWith(word, body.GetProperty("statusText").GetString());
        }

        // An explicit lang beats Accept-Language; an unknown one falls back to it.
        var explicitLanguage = new HttpRequestMessage(HttpMethod.Get, $"{order.Path}/widget.svg?{factor}&lang=cs");
        explicitLanguage.Headers.AcceptLanguage.ParseAdd("de");
        Assert.Contains("lang=\"cs\"", await (await anonymous.SendAsync(explicitLanguage)).Content.ReadAsStringAsync());
        var unknown = new HttpRequestMessage(HttpMethod.Get, $"{order.Path}/widget.svg?{factor}&lang=xx");
        unknown.Headers.AcceptLanguage.ParseAdd("es");
        Assert.Contains("lang=\"es\"", await (await anonymous.SendAsync(unknown)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Hostile_merchant_strings_are_escaped_in_the_page_the_widget_and_the_json()
    {
        const string Hostile = "<script>alert('pwned')</script>\"><img src=x onerror=alert(1)>";
        var tenant = await factory.CreateTenantAsync(Hostile);
        var merchant = factory.CreateClientFor(tenant);
        var order = await ShippedOrder.CreateAsync(factory, merchant, tenant, itemName: Hostile, statusText: Hostile, merchantCheckpointLocation: Hostile);
        var anonymous = factory.CreateClient();
        var factor = $"email={ShippedOrder.Email}";

        var html = await (await anonymous.GetAsync($"{order.Path}?{factor}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html);

        var svg = await (await anonymous.GetAsync($"{order.Path}/widget.svg?{factor}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", svg, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", svg);
        System.Xml.Linq.XDocument.Parse(svg);

        var json = await OrderApi.OkJsonAsync(await anonymous.GetAsync($"{order.Path}/status.json?{factor}"));
        Assert.Equal(Hostile, json.GetProperty("items")[0].GetProperty("name").GetString());

        // A reflected reference is escaped too.
        var reflected = await (await anonymous.GetAsync($"/track/{order.Account}/{Uri.EscapeDataString(Hostile)}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", reflected, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_track_form_looks_an_order_up_by_account_reference_and_email_or_postal_code()
    {
        var tenant = await factory.CreateTenantAsync();
        var merchant = factory.CreateClientFor(tenant);
        var order = await ShippedOrder.CreateAsync(factory, merchant, tenant);
        var anonymous = factory.CreateClient();

        var form = await anonymous.GetAsync("/track?lang=fr");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var formHtml = await form.Content.ReadAsStringAsync();
        Assert.Contains("Suivre votre commande", formHtml);
        Assert.Contains("<label for=\"factor\">", formHtml);

        async Task<HttpResponseMessage> Post(params (string Key, string Value)[] fields) =>
            await anonymous.PostAsync("/track", new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Key, f.Value))));

        var byEmail = await Post(("account", order.Account.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("reference", order.Reference), ("factor", ShippedOrder.Email.ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.OK, byEmail.StatusCode);
        Assert.Contains(order.TrackingNumber, await byEmail.Content.ReadAsStringAsync());

        var byPostalCode = await Post(("account", order.Account.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("reference", order.Reference), ("factor", "n1 9gu"), ("lang", "de"));
        var german = await byPostalCode.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, byPostalCode.StatusCode);
        Assert.Contains("Versandt", german);
        Assert.DoesNotContain(ShippedOrder.Street, german);

        var wrong = await Post(("account", order.Account.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("reference", order.Reference), ("factor", "nobody@example.com"));
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Contains("role=\"alert\"", await wrong.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, (await Post(("account", "1"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsync("/track", new StringContent("{}", null, "application/json"))).StatusCode);
        var hostile = await Post(("account", "<b>1</b>"), ("reference", "<script>x</script>"), ("factor", "a@b.c"));
        Assert.Equal(HttpStatusCode.NotFound, hostile.StatusCode);
        Assert.DoesNotContain("<script>x", await hostile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static void AssertNothingPrivate(string text)
    {
        foreach (var secret in Private)
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
