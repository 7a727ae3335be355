using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OrderStatus.Faults.Harness;

/// <summary>Small calls of the canonical API the scenarios share.</summary>
public static class Api
{
    private static readonly string[] AllEvents = ["*"];

    public static async Task SubscribeAsync(HttpClient http, Tenant tenant, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks")
        {
            Content = JsonContent.Create(new { url, eventTypes = AllEvents }),
        };
        request.Headers.Authorization = tenant.Authorization;
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"subscribing answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        HttpClient http, HttpMethod method, string path, Tenant? tenant = null, string? json = null, AuthenticationHeaderValue? authorization = null,
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = authorization ?? tenant?.Authorization;
        var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement body = default;
        if (text.Length > 0)
        {
            try
            {
                body = JsonSerializer.Deserialize<JsonElement>(text);
            }
            catch (JsonException)
            {
                body = JsonSerializer.SerializeToElement(text);
            }
        }

        return (response.StatusCode, body, response);
    }

    public static async Task<string> TokenAsync(HttpClient http, Tenant tenant)
    {
        var (status, body, response) = await SendAsync(http, HttpMethod.Post, "/api/v1/auth/token", tenant, """{"grant_type":"client_credentials"}""");
        response.Dispose();
        return status == HttpStatusCode.OK
            ? body.GetProperty("access_token").GetString()!
            : throw new InvalidOperationException($"token answered {(int)status}");
    }

    public static async Task<Guid> CreateOrderAsync(HttpClient http, Tenant tenant, string reference)
    {
        var (status, body, response) = await SendAsync(http, HttpMethod.Post, "/api/v1/orders", tenant,
            $$"""{"reference":"{{reference}}","currency":"EUR","items":[{"sku":"S","name":"Item","quantity":1,"unitPrice":5}]}""");
        response.Dispose();
        return status == HttpStatusCode.Created
            ? body.GetProperty("id").GetGuid()
            : throw new InvalidOperationException($"create answered {(int)status}: {body}");
    }
}
