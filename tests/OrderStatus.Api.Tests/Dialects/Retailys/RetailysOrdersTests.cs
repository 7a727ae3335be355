using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Dialects.Retailys;

/// <summary>Create, get, put, items, tracking and history over HTTP, each followed by a canonical read of the same order.</summary>
public sealed class RetailysOrdersTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>Every member of the vendor SDK's OrderModel (lib/Model/OrderModel.php attributeMap).</summary>
    private static readonly string[] OrderModelMembers =
    [
        "id", "customer", "company", "channel", "date_order", "date_maturity", "email", "phone", "name", "street", "city", "zip",
        "state_code", "company_nr", "company_vat", "delivery_email", "delivery_phone", "delivery_name", "delivery_street",
        "delivery_city", "delivery_zip", "delivery_state_code", "note", "our_note", "hash", "main_currency_code",
        "order_currency_code", "currency_rate", "money", "paid", "date_paid", "items", "weight", "shipping", "payment",
        "trackings", "sent", "delivered", "done", "canceled", "order_url", "invoice_url", "ip", "external_order_prefix",
        "external_order_id", "external_payment_id", "external_payment_url",
    ];

    [Fact]
    public async Task Create_answers_201_with_the_number_and_maps_every_field_onto_the_canonical_order()
    {
        var (retailys, canonical, _) = await RetailysApi.TenantAsync(factory);

        var first = await RetailysApi.CreateAsync(retailys);
        var second = await RetailysApi.CreateAsync(retailys, prefix: "/v1");
        Assert.Equal(first + 1, second);

        var order = await RetailysApi.CanonicalAsync(canonical, first);
        Assert.Equal(first.ToString(System.Globalization.CultureInfo.InvariantCulture), order.GetProperty("reference").GetString());
        Assert.Equal("CZK", order.GetProperty("currency").GetString());
        Assert.Equal("3", order.GetProperty("channel").GetString());
        Assert.Equal("2026-11-30T08:15:30+00:00", order.GetProperty("clientCreatedAt").GetDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
        var customer = order.GetProperty("customer");
        Assert.Equal(("Jan Novák", "jan.novak@example.cz", "+420 600 123 456"),
            (customer.GetProperty("name").GetString(), customer.GetProperty("email").GetString(), customer.GetProperty("phone").GetString()));
        var billing = order.GetProperty("billingAddress");
        Assert.Equal(("Vinohradská 12", "Praha", "120 00", "CZ"),
            (billing.GetProperty("line1").GetString(), billing.GetProperty("city").GetString(), billing.GetProperty("postalCode").GetString(), billing.GetProperty("countryCode").GetString()));
        var shipping = order.GetProperty("shippingAddress");
        Assert.Equal(("Jana Nováková", "Masarykova 3", "Brno", "602 00", "CZ", "+420 700 000 111", "jana@example.cz"),
            (shipping.GetProperty("name").GetString(), shipping.GetProperty("line1").GetString(), shipping.GetProperty("city").GetString(),
             shipping.GetProperty("postalCode").GetString(), shipping.GetProperty("countryCode").GetString(),
             shipping.GetProperty("phone").GetString(), shipping.GetProperty("email").GetString()));
    }

    [Fact]
    public async Task Get_answers_the_whole_order_model_with_links_or_expanded_objects()
    {
        var (retailys, canonical, _) = await RetailysApi.TenantAsync(factory);
        var number = await RetailysApi.CreateAsync(retailys);
        var item = await RetailysApi.AddItemAsync(retailys, number, "Hrnek", 2, 149.90m);

        var order = await RetailysApi.GetOrderAsync(retailys, number);

        var members = order.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(OrderModelMembers, m => Assert.Contains(m, members));
        Assert.Equal(number, order.GetProperty("id").GetInt64());
        Assert.Equal("2026-11-30T08:15:30+00:00", order.GetProperty("date_order").GetString());
        Assert.Equal((3L, "/System/Channels/3"), (order.GetProperty("channel").GetProperty("id").GetInt64(), order.GetProperty("channel").GetProperty("api_link").GetString()));
        Assert.Equal(JsonValueKind.Null, order.GetProperty("customer").ValueKind);
        Assert.Equal(JsonValueKind.Null, order.GetProperty("payment").ValueKind);
        Assert.Equal(("CZK", "CZK", 1m), (order.GetProperty("order_currency_code").GetString(), order.GetProperty("main_currency_code").GetString(), order.GetProperty("currency_rate").GetDecimal()));
        Assert.Equal((299.80m, 0m), (order.GetProperty("money").GetDecimal(), order.GetProperty("paid").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, order.GetProperty("date_paid").ValueKind);
        Assert.Equal(("Jana Nováková", "Brno", "CZ"), (order.GetProperty("delivery_name").GetString(), order.GetProperty("delivery_city").GetString(), order.GetProperty("delivery_state_code").GetString()));
        Assert.Equal((false, false, false, false), RetailysLifecycleTests.Flags(order));
        var line = Assert.Single(order.GetProperty("items").EnumerateArray());
        Assert.Equal((item, "Hrnek", 2), (line.GetProperty("id").GetInt64(), line.GetProperty("name").GetString(), line.GetProperty("count").GetInt32()));
        Assert.Equal((149.90m, "149.90 CZK", "CZK"), (line.GetProperty("price").GetProperty("final_price").GetDecimal(),
            line.GetProperty("price").GetProperty("final_price_word").GetString(), line.GetProperty("price").GetProperty("currency").GetString()));

        var expanded = await RetailysApi.GetOrderAsync(retailys, number, expanded: true);
        Assert.Equal((3L, "3"), (expanded.GetProperty("channel").GetProperty("id").GetInt64(), expanded.GetProperty("channel").GetProperty("name").GetString()));

        // The same order as the canonical API shows it.
        var view = await RetailysApi.CanonicalAsync(canonical, number);
        Assert.Equal(view.GetProperty("id").GetString(), order.GetProperty("canonical_id").GetString());
        Assert.Equal(view.GetProperty("total").GetDecimal(), order.GetProperty("money").GetDecimal());
        Assert.Equal((await RetailysApi.GetOrderAsync(retailys, number)).ToString(), (await RetailysApi.JsonAsync(await retailys.GetAsync($"/v1/System/Orders/{number}"), HttpStatusCode.OK)).ToString());
    }

    [Fact]
    public async Task A_canonical_order_with_a_numeric_customer_number_shows_its_customer_link()
    {
        var (retailys, canonical, _) = await RetailysApi.TenantAsync(factory);
        var created = await canonical.PostAsJsonAsync("/api/v1/orders", new
        {
            reference = "WEB-1",
            currency = "EUR",
            customerNumber = "5521",
            channel = "web",
            customer = new { name = "Ada", email = "ada@example.com" },
            items = new[] { new { name = "Mug", quantity = 1, unitPrice = 9.95m } },
        });
        var view = await created.Content.ReadFromJsonAsync<JsonElement>();
        var number = view.GetProperty("number").GetInt64();

        var order = await RetailysApi.GetOrderAsync(retailys, number);
        Assert.Equal((5521L, "/System/People/5521"), (order.GetProperty("customer").GetProperty("id").GetInt64(), order.GetProperty("customer").GetProperty("api_link").GetString()));
        Assert.Equal(JsonValueKind.Null, order.GetProperty("channel").ValueKind);
        Assert.Equal("WEB-1", order.GetProperty("reference").GetString());
        var expanded = await RetailysApi.GetOrderAsync(retailys, number, expanded: true);
        Assert.Equal(("Ada", "ada@example.com"), (expanded.GetProperty("customer").GetProperty("name").GetString(), expanded.GetProperty("customer").GetProperty("email").GetString()));
    }

    [Fact]
    public async Task Create_needs_a_valid_currency_and_valid_codes_and_dates()
    {
        var (retailys, canonical, _) = await RetailysApi.TenantAsync(factory);
        foreach (var body in new object[]
        {
            new { name = "x" },
            new { order_currency_code = "XXX1" },
            new { order_currency_code = "ABC" },
            new { order_currency_code = "EUR", state_code = "Czechia" },
            new { order_currency_code = "EUR", date_order = "last tuesday" },
            new { order_currency_code = "EUR", email = new string('a', 400) + "@example.com" },
        })
        {
            await RetailysApi.ErrorAsync(await retailys.PostAsJsonAsync("/System/Orders", body), HttpStatusCode.BadRequest);
        }

        var list = await canonical.GetFromJsonAsync<JsonElement>("/api/v1/orders");
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Put_replaces_the_delivery_address_and_answers_the_id()
    {
        var (retailys, canonical, _) = await RetailysApi.TenantAsync(factory);
        var number = await RetailysApi.CreateAsync(retailys);

        var answer = await RetailysApi.JsonAsync(await retailys.PutAsJsonAsync("/System/Orders", new
        {
            id = number,
            delivery_name = "Petr Svoboda",
            delivery_street = "Náměstí 1",
            delivery_city = "Olomouc",
            delivery_zip = "779 00",
            delivery_state_code = "SK",
        }), HttpStatusCode.OK);

        Assert.Equal(number, answer.GetProperty("id").GetInt64());
        var shipping = (await RetailysApi.CanonicalAsync(canonical, number)).GetProperty("shippingAddress");
        Assert.Equal(("Petr Svoboda", "Olomouc", "SK"), (shipping.GetProperty("name").GetString(), shipping.GetProperty("city").GetString(), shipping.GetProperty("countryCode").GetString()));
        Assert.Equal(JsonValueKind.Null, shipping.GetProperty("phone").ValueKind);
        var order = await RetailysApi.GetOrderAsync(retailys, number);
        Assert.Equal("Náměstí 1", order.GetProperty("delivery_street").GetString());
        Assert.Equal("Praha", order.GetProperty("city").GetString());

        await RetailysApi.ErrorAsync(await retailys.PutAsJsonAsync("/System/Orders", new { delivery_city = "Brno" }), HttpStatusCode.BadRequest);
        await RetailysApi.ErrorAsync(await retailys.PutAsJsonAsync("/System/Orders", new { id = 424242, delivery_city = "Brno" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Items_are_added_replaced_and_removed_by_number_and_frozen_once_sent()
    {
        var (retailys, canonical, _) = await RetailysApi.TenantAsync(factory);
        var number = await RetailysApi.CreateAsync(retailys);
        var first = await RetailysApi.AddItemAsync(retailys, number, "Hrnek", 1, 100m);
        var second = await RetailysApi.JsonAsync(
            await retailys.PostAsJsonAsync($"/v1/System/Orders/{number}/item", new { name = "Talíř", count = 3, price = new { final_price = 50m }, note = "modrý", sku = "PLT-02" }),
            HttpStatusCode.Created);
        Assert.Equal(2, second.GetProperty("id").GetInt64());

        var replaced = await RetailysApi.JsonAsync(
            await retailys.PutAsJsonAsync($"/System/Orders/{number}/item", new { id = first, name = "Hrnek velký", count = 2, price = 120m }), HttpStatusCode.Created);
        Assert.Equal(first, replaced.GetProperty("id").GetInt64());
        var view = await RetailysApi.CanonicalAsync(canonical, number);
        Assert.Equal(390m, view.GetProperty("total").GetDecimal());
        var items = view.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(("Hrnek velký", 2, 120m), (items[0].GetProperty("name").GetString(), items[0].GetProperty("quantity").GetInt32(), items[0].GetProperty("unitPrice").GetDecimal()));
        Assert.Equal(("PLT-02", "modrý"), (items[1].GetProperty("sku").GetString(), items[1].GetProperty("note").GetString()));

        var removed = await RetailysApi.JsonAsync(await retailys.DeleteAsync($"/System/Orders/{number}/item/{first}"), HttpStatusCode.OK);
        Assert.Equal(first, removed.GetProperty("id").GetInt64());
        Assert.Equal(150m, (await RetailysApi.CanonicalAsync(canonical, number)).GetProperty("total").GetDecimal());
        Assert.Equal(3, (await RetailysApi.AddItemAsync(retailys, number)));

        // Unknown items are 404; bad items are 400; after sent every item change is 400.
        await RetailysApi.ErrorAsync(await retailys.DeleteAsync($"/System/Orders/{number}/item/{first}"), HttpStatusCode.NotFound);
        await RetailysApi.ErrorAsync(await retailys.DeleteAsync($"/System/Orders/{number}/item/abc"), HttpStatusCode.NotFound);
        await RetailysApi.ErrorAsync(await retailys.PutAsJsonAsync($"/System/Orders/{number}/item", new { id = 99, name = "x", count = 1, price = 1m }), HttpStatusCode.NotFound);
        await RetailysApi.ErrorAsync(await retailys.PutAsJsonAsync($"/System/Orders/{number}/item", new { name = "x", count = 1, price = 1m }), HttpStatusCode.BadRequest);
        await RetailysApi.ErrorAsync(await retailys.PostAsJsonAsync($"/System/Orders/{number}/item", new { name = "x", count = 0, price = 1m }), HttpStatusCode.BadRequest);
        await RetailysApi.ErrorAsync(await retailys.PostAsJsonAsync($"/System/Orders/{number}/item", new { count = 1, price = 1m }), HttpStatusCode.BadRequest);
        await RetailysApi.ErrorAsync(await retailys.PostAsJsonAsync($"/System/Orders/{number}/item", new { name = "x", count = 1, price = 1.234m }), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await RetailysApi.PatchAsync(retailys, $"/System/Orders/{number}/sent")).StatusCode);
        var before = (await RetailysApi.CanonicalAsync(canonical, number)).GetProperty("version").GetInt64();
        await RetailysApi.ErrorAsync(await retailys.PostAsJsonAsync($"/System/Orders/{number}/item", new { name = "late", count = 1, price = 1m }), HttpStatusCode.BadRequest);
        await RetailysApi.ErrorAsync(await retailys.PutAsJsonAsync($"/System/Orders/{number}/item", new { id = second.GetProperty("id").GetInt64(), name = "x", count = 1, price = 1m }), HttpStatusCode.BadRequest);
        var frozen = await RetailysApi.ErrorAsync(await retailys.DeleteAsync($"/System/Orders/{number}/item/{second.GetProperty("id").GetInt64()}"), HttpStatusCode.BadRequest);
        Assert.Contains("sent", frozen, StringComparison.Ordinal);
        Assert.Equal(before, (await RetailysApi.CanonicalAsync(canonical, number)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Tracking_and_history_answer_201_with_their_ids_and_write_canonical_events()
    {
        var (retailys, canonical, tenant) = await RetailysApi.TenantAsync(factory);
        var number = await RetailysApi.CreateAsync(retailys);

        var first = await RetailysApi.JsonAsync(await retailys.PostAsJsonAsync($"/System/Orders/{number}/tracking", new { shipper_id = 12, tracking_number = "Z123" }), HttpStatusCode.Created);
        var second = await RetailysApi.JsonAsync(await retailys.PostAsJsonAsync($"/v1/System/Orders/{number}/tracking", new { tracking_number = "Z456" }), HttpStatusCode.Created);
        Assert.Equal((1L, 2L), (first.GetProperty("id").GetInt64(), second.GetProperty("id").GetInt64()));
        await RetailysApi.ErrorAsync(await retailys.PostAsJsonAsync($"/System/Orders/{number}/tracking", new { shipper_id = 12 }), HttpStatusCode.BadRequest);
        await RetailysApi.ErrorAsync(await retailys.PostAsJsonAsync($"/System/Orders/{number}/tracking", new { tracking_number = "Z123" }), HttpStatusCode.BadRequest);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/System/Orders/{number}/history")
        {
            Content = JsonContent.Create(new { type = "payment", record = new { name = "Platba přijata", status = "ok" } }),
        };
        request.Headers.Add("X-Request-Id", "retailys-history-1");
        var note = await RetailysApi.JsonAsync(await retailys.SendAsync(request), HttpStatusCode.Created);
        Assert.True(note.GetProperty("id").GetInt64() > 0);
        await RetailysApi.ErrorAsync(await retailys.PostAsJsonAsync($"/System/Orders/{number}/history", new { type = "x", record = new { status = "ok" } }), HttpStatusCode.BadRequest);

        var view = await RetailysApi.CanonicalAsync(canonical, number);
        Assert.Equal(["12", null], view.GetProperty("trackings").EnumerateArray().Select(t => t.GetProperty("carrier").GetString()));
        var history = await RetailysApi.HistoryAsync(canonical, view.GetProperty("id").GetString()!);
        Assert.Equal("ORDER_CREATED,TRACKING_ADDED,TRACKING_ADDED,NOTE_ADDED", RetailysApi.Types(history));
        var added = history[^1];
        Assert.Equal(note.GetProperty("id").GetInt64(), added.GetProperty("orderVersion").GetInt64());
        Assert.Equal(("payment", "Platba přijata", "ok"), (added.GetProperty("data").GetProperty("name").GetString(),
            added.GetProperty("data").GetProperty("note").GetString(), added.GetProperty("data").GetProperty("label").GetString()));
        Assert.Equal(("retailys-history-1", tenant.ClientId), (added.GetProperty("requestId").GetString(), added.GetProperty("actor").GetProperty("clientId").GetString()));
    }
}
