using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Dialects.Retailys;

/// <summary>Helpers over the Retailys dialect for tests: a client with the <c>token</c> header, bodies, assertions.</summary>
internal static class RetailysApi
{
    /// <summary>A client that sends <c>token: clientId:secret</c>, as the vendor SDK sends its API key.</summary>
    public static HttpClient ClientFor(ApiFactory factory, TestTenant tenant) => ClientWithToken(factory, $"{tenant.ClientId}:{tenant.Secret}");

    public static HttpClient ClientWithToken(ApiFactory factory, string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("token", token);
        return client;
    }

    /// <summary>A Retailys client and a canonical (Basic) client of one new merchant.</summary>
    public static async Task<(HttpClient Retailys, HttpClient Canonical, TestTenant Tenant)> TenantAsync(ApiFactory factory, string name = "Retailys shop")
    {
        var tenant = await factory.CreateTenantAsync(name);
        return (ClientFor(factory, tenant), factory.CreateClientFor(tenant), tenant);
    }

    public static object NewOrder(string currency = "CZK", long? channel = 3) => new
    {
        channel,
        email = "jan.novak@example.cz",
        name = "Jan Novák",
        street = "Vinohradská 12",
        city = "Praha",
        zip = "120 00",
        state_code = "CZ",
        phone = "+420 600 123 456",
        delivery_name = "Jana Nováková",
        delivery_street = "Masarykova 3",
        delivery_city = "Brno",
        delivery_zip = "602 00",
        delivery_state_code = "cz",
        delivery_phone = "+420 700 000 111",
        delivery_email = "jana@example.cz",
        ip = "192.0.2.7",
        domain = "shop.example.cz",
        date_order = "2026-11-30T09:15:30+01:00",
        order_currency_code = currency,
    };

    /// <summary>POST /System/Orders → the new order's number.</summary>
    public static async Task<long> CreateAsync(HttpClient client, object? body = null, string prefix = "")
    {
        var json = await JsonAsync(await client.PostAsJsonAsync(prefix + "/System/Orders", body ?? NewOrder()), HttpStatusCode.Created);
        return json.GetProperty("id").GetInt64();
    }

    public static async Task<long> AddItemAsync(HttpClient client, long order, string name = "Hrnek", int count = 2, decimal price = 149.90m)
    {
        var json = await JsonAsync(await client.PostAsJsonAsync($"/System/Orders/{order}/item", new { name, count, price }), HttpStatusCode.Created);
        return json.GetProperty("id").GetInt64();
    }

    public static Task<HttpResponseMessage> PatchAsync(HttpClient client, string path, object? body = null) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, path) { Content = body is null ? null : JsonContent.Create(body) });

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) });

    /// <summary>A request with a raw body (malformed JSON, wrong types).</summary>
    public static Task<HttpResponseMessage> SendRawAsync(HttpClient client, HttpMethod method, string path, string body, string mediaType = "application/json") =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, mediaType) });

    public static async Task<JsonElement> GetOrderAsync(HttpClient client, long order, bool expanded = false) =>
        await JsonAsync(await client.GetAsync($"/System/Orders/{order}" + (expanded ? "?expanded=true" : string.Empty)), HttpStatusCode.OK);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    /// <summary>Asserts a Retailys <c>ErrorModel</c>: exactly <c>message</c> and <c>detail</c>, both non-empty; returns the detail.</summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal(["detail", "message"], error.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        var detail = error.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail));
        return detail!;
    }

    /// <summary>The canonical view of the order with this number (<c>GET /api/v1/orders/by-number/{n}</c>).</summary>
    public static async Task<JsonElement> CanonicalAsync(HttpClient canonical, long number)
    {
        var response = await canonical.GetAsync($"/api/v1/orders/by-number/{number}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    /// <summary>The canonical history of the order (types in order, with actor and request id).</summary>
    public static async Task<IReadOnlyList<JsonElement>> HistoryAsync(HttpClient canonical, string orderId)
    {
        var page = await canonical.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{orderId}/history?limit=200");
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    /// <summary>Event ids of the outbox rows (the webhook bodies) written for the order, in event order.</summary>
    public static async Task<IReadOnlyList<Guid>> OutboxEventIdsAsync(ApiFactory factory, string orderId)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT event_id FROM outbox_messages WHERE order_id = @id ORDER BY id", connection);
        command.Parameters.AddWithValue("id", Guid.Parse(orderId));
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    public static string Types(IEnumerable<JsonElement> history) => string.Join(",", history.Select(e => e.GetProperty("type").GetString()));
}
