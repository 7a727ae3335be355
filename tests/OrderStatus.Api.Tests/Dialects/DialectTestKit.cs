using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Api.Tests.Orders;

namespace OrderStatus.Api.Tests.Dialects;

/// <summary>A merchant as the dialect tests use it: its canonical client, its account number.</summary>
internal sealed record DialectMerchant(TestTenant Tenant, HttpClient Canonical, long AccountNumber)
{
    public string Basic => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Tenant.ClientId}:{Tenant.Secret}"));
}

/// <summary>Helpers shared by the dialect tests: set-up through the canonical API, raw requests, canonical checks.</summary>
internal static class DialectTestKit
{
    public static async Task<DialectMerchant> MerchantAsync(ApiFactory factory, string name, IReadOnlyList<string>? scopes = null)
    {
        var tenant = await factory.CreateTenantAsync(name, scopes);
        var canonical = factory.CreateClientFor(tenant);
        var me = await OrderApi.OkJsonAsync(await canonical.GetAsync("/api/v1/me"));
        return new DialectMerchant(tenant, canonical, me.GetProperty("merchant").GetProperty("accountNumber").GetInt64());
    }

    /// <summary>A new order through the canonical API (two items, 31.50 EUR), optionally paid.</summary>
    public static async Task<(string Id, long Number)> OrderAsync(DialectMerchant merchant, string? reference = null, object? paid = null)
    {
        var order = await OrderApi.CreateAsync(merchant.Canonical, OrderApi.NewOrder(reference));
        if (paid is not null)
        {
            await OrderApi.OkJsonAsync(await merchant.Canonical.PostAsJsonAsync($"/api/v1/orders/{order.Id()}/paid", paid));
        }

        return (order.Id(), order.GetProperty("number").GetInt64());
    }

    public static Task<JsonElement> CanonicalAsync(DialectMerchant merchant, string orderId) =>
        merchant.Canonical.GetAsync($"/api/v1/orders/{orderId}").ContinueWith(t => OrderApi.OkJsonAsync(t.Result)).Unwrap();

    public static async Task<List<JsonElement>> HistoryAsync(DialectMerchant merchant, string orderId) =>
        [.. (await OrderApi.OkJsonAsync(await merchant.Canonical.GetAsync($"/api/v1/orders/{orderId}/history?limit=200")))
            .GetProperty("items").EnumerateArray()];

    /// <summary>
    /// The order's history and its outbox (webhook) rows are the same events, and the events written by
    /// <paramref name="requestId"/> carry the dialect caller's client id.
    /// </summary>
    public static async Task<List<JsonElement>> AssertWrittenAsync(
        ApiFactory factory, DialectMerchant merchant, string orderId, string requestId, params string[] types)
    {
        var history = await HistoryAsync(merchant, orderId);
        var written = history.Where(e => e.GetProperty("requestId").GetString() == requestId).ToList();
        Assert.Equal(types, written.Select(e => e.GetProperty("type").GetString()));
        Assert.All(written, e => Assert.Equal(merchant.Tenant.ClientId, e.GetProperty("actor").GetProperty("clientId").GetString()));

        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT event_id FROM outbox_messages WHERE order_id = @id ORDER BY id", connection);
        command.Parameters.AddWithValue("id", Guid.Parse(orderId));
        var outbox = new List<Guid>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                outbox.Add(reader.GetGuid(0));
            }
        }

        Assert.Equal(history.Select(e => e.GetProperty("id").GetGuid()).Order(), outbox.Order());
        return written;
    }

    /// <summary>Sends a request with exactly the given headers (no client defaults) and an optional raw body.</summary>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpMethod method, string path, string? body = null, string? contentType = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }

        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status, string? mediaType = "application/json")
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        if (mediaType is not null)
        {
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        }

        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    public static string RequestId() => "req-" + Guid.NewGuid().ToString("N")[..12];
}
