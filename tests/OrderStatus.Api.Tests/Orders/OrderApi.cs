using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrderStatus.Api.Tests.Orders;

/// <summary>Small helpers over the canonical API for tests.</summary>
internal static class OrderApi
{
    private static int _counter;

    public static object NewOrder(string? reference = null, string currency = "EUR", int items = 2) => new
    {
        reference = reference ?? $"SO-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}"[..30],
        currency,
        customer = new { name = "Ada", email = "Ada@Example.com" },
        channel = "web",
        items = Enumerable.Range(1, items).Select(i => new { sku = $"SKU-{i}", name = $"Item {i}", quantity = i, unitPrice = 10.5m }).ToArray(),
    };

    public static async Task<JsonElement> CreateAsync(HttpClient client, object? body = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/orders", body ?? NewOrder());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    public static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text);
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object? body = null) =>
        body is null ? client.PostAsync(path, null) : client.PostAsJsonAsync(path, body);

    public static string Id(this JsonElement e) => e.GetProperty("id").GetString()!;

    public static string Status(this JsonElement e) => e.GetProperty("status").GetString()!;

    public static long Version(this JsonElement e) => e.GetProperty("version").GetInt64();
}
