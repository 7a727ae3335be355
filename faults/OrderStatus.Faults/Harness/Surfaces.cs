using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderStatus.Faults.Harness;

/// <summary>Real resources of one merchant that path parameters can name.</summary>
public sealed record Fixture(Tenant Tenant, Guid OrderId, string OrderReference, long? OrderNumber, Guid ItemId, Guid TrackingId, string TrackingNumber,
    Guid SubscriptionId, Guid? CustomStatusId)
{
    /// <summary>Every identifier of the merchant's data, to look for in another merchant's answers.</summary>
    public IEnumerable<string> Secrets =>
    [
        OrderId.ToString(), OrderReference, ItemId.ToString(), TrackingId.ToString(), TrackingNumber, SubscriptionId.ToString(),
        .. CustomStatusId is { } c ? [c.ToString()] : Array.Empty<string>(),
    ];

    /// <summary>The merchant's keys that are unique per merchant only: another merchant may have the same.</summary>
    public IEnumerable<string> Keys =>
    [
        OrderReference, TrackingNumber,
        .. OrderNumber is { } n ? [n.ToString(System.Globalization.CultureInfo.InvariantCulture)] : Array.Empty<string>(),
    ];

    /// <summary>
    /// Creates the merchant's resources. <paramref name="ordersBefore"/> orders are created first, so that the
    /// fixture's per-merchant order number is past those another merchant's fixture has (numbers count per merchant).
    /// </summary>
    public static async Task<Fixture> CreateAsync(HttpClient http, Tenant tenant, string name, Receiver receiver, int ordersBefore = 0)
    {
        for (var i = 0; i < ordersBefore; i++)
        {
            var (_, _, filler) = await Api.SendAsync(http, HttpMethod.Post, "/api/v1/orders", tenant,
                $$"""{"reference":"{{name}}-filler-{{i}}-{{Guid.NewGuid():N}}","currency":"EUR","items":[{"sku":"S0","name":"Filler","quantity":1,"unitPrice":1}]}""");
            filler.Dispose();
        }

        var reference = $"{name}-{Guid.NewGuid():N}"[..32];
        var (_, order, r1) = await Api.SendAsync(http, HttpMethod.Post, "/api/v1/orders", tenant,
            $$"""{"reference":"{{reference}}","currency":"EUR","customer":{"name":"Ada","email":"ada@example.com"},"items":[{"sku":"S1","name":"One","quantity":1,"unitPrice":5}]}""");
        r1.Dispose();
        var orderId = order.GetProperty("id").GetGuid();
        var itemId = order.GetProperty("items")[0].GetProperty("id").GetGuid();
        long? number = order.TryGetProperty("number", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt64() : null;
        var trackingNumber = $"1Z{Guid.NewGuid():N}"[..18].ToUpperInvariant();
        var (_, tracking, r2) = await Api.SendAsync(http, HttpMethod.Post, $"/api/v1/orders/{orderId}/trackings", tenant,
            $$"""{"trackingNumber":"{{trackingNumber}}","carrier":"UPS"}""");
        r2.Dispose();
        var (_, subscription, r3) = await Api.SendAsync(http, HttpMethod.Post, "/api/v1/webhooks", tenant,
            $$"""{"url":"{{receiver.Url(name)}}","eventTypes":["*"]}""");
        r3.Dispose();
        var (statusCode, custom, r4) = await Api.SendAsync(http, HttpMethod.Post, "/api/v1/statuses/custom", tenant,
            $$"""{"name":"{{name}} custom","effect":"none"}""");
        r4.Dispose();
        return new Fixture(tenant, orderId, reference, number, itemId, tracking.GetProperty("id").GetGuid(), trackingNumber,
            subscription.GetProperty("id").GetGuid(), statusCode == HttpStatusCode.Created ? custom.GetProperty("id").GetGuid() : null);
    }

    /// <summary>A value of this merchant's for a path or query parameter, by its name and the path it is in.</summary>
    public string? ValueFor(string parameter, string path)
    {
        var p = parameter.ToLowerInvariant();
        if (p.Contains("item", StringComparison.Ordinal))
        {
            return ItemId.ToString();
        }

        if (p.Contains("tracking", StringComparison.Ordinal) && p.Contains("number", StringComparison.Ordinal))
        {
            return TrackingNumber;
        }

        if (p.Contains("tracking", StringComparison.Ordinal))
        {
            return TrackingId.ToString();
        }

        if (p.Contains("reference", StringComparison.Ordinal) && !p.Contains("payment", StringComparison.Ordinal))
        {
            return OrderReference;
        }

        if (p.Contains("number", StringComparison.Ordinal))
        {
            return OrderNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? OrderId.ToString();
        }

        if (path.Contains("/webhooks", StringComparison.Ordinal) && p == "id")
        {
            return SubscriptionId.ToString();
        }

        if (path.Contains("/statuses", StringComparison.Ordinal) && p == "id")
        {
            return CustomStatusId?.ToString();
        }

        if (p is "id" || p.Contains("order", StringComparison.Ordinal))
        {
            return OrderId.ToString();
        }

        if (p.Contains("merchant", StringComparison.Ordinal) || p.Contains("outlet", StringComparison.Ordinal) || p.Contains("account", StringComparison.Ordinal))
        {
            return Tenant.MerchantId.ToString();
        }

        return null;
    }
}

/// <summary>
/// Presents a client's credentials to each surface the way its OpenAPI document's security schemes
/// say (Basic, bearer, API key headers in the forms the dialects accept), finding the one that
/// authenticates once per document.
/// </summary>
public sealed class Credentials(HttpClient http, OpenApi api)
{
    private readonly ConcurrentDictionary<(string Document, string ClientId), Func<HttpRequestMessage, Task>> _working = new();
    private readonly ConcurrentDictionary<string, string> _tokens = new();

    /// <summary>
    /// The probes sent to find a document's credential form: real requests (a write among them may be applied), each
    /// with a request id of its own, so what a probe wrote is never taken for the probed request's doing.
    /// </summary>
    public ConcurrentBag<(string Method, string Path, string RequestId, int Status)> Probes { get; } = new();

    public async Task ApplyAsync(HttpRequestMessage request, Operation operation, Tenant tenant)
    {
        if (_working.TryGetValue((operation.Document, tenant.ClientId), out var known))
        {
            await known(request);
            return;
        }

        // First use in this document: probe the candidates on this operation (a 401 means the form was wrong).
        foreach (var candidate in Candidates(operation, tenant))
        {
            using var probe = Clone(request);
            var probeId = "probe-" + Guid.NewGuid().ToString("N")[..12];
            probe.Headers.Remove("X-Request-Id");
            probe.Headers.TryAddWithoutValidation("X-Request-Id", probeId);
            await candidate(probe);
            using var response = await http.SendAsync(probe);
            Probes.Add((probe.Method.Method, probe.RequestUri?.OriginalString ?? string.Empty, probeId, (int)response.StatusCode));
            if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
            {
                _working[(operation.Document, tenant.ClientId)] = candidate;
                await candidate(request);
                return;
            }
        }

        await Candidates(operation, tenant).First()(request);
    }

    private IEnumerable<Func<HttpRequestMessage, Task>> Candidates(Operation operation, Tenant tenant)
    {
        var schemes = api.Schemes[operation.Document];
        var names = operation.Security.Count > 0 ? operation.Security : [.. schemes.Keys];
        var raw = $"{tenant.ClientId}:{tenant.Secret}";
        foreach (var name in names)
        {
            if (!schemes.TryGetValue(name, out var scheme))
            {
                continue;
            }

            switch (scheme.Type.ToLowerInvariant(), scheme.Scheme?.ToLowerInvariant())
            {
                case ("http", "basic"):
                    yield return r => Set(r, "Authorization", "Basic " + tenant.Basic);
                    break;
                case ("http", _) or ("oauth2", _) or ("openidconnect", _):
                    yield return async r => await Set(r, "Authorization", "Bearer " + await TokenAsync(tenant));
                    break;
                case ("apikey", _) when scheme.HeaderName is { } header:
                    yield return r => Set(r, header, raw);
                    yield return r => Set(r, header, tenant.Basic);
                    yield return r => Set(r, header, "Basic " + tenant.Basic);
                    yield return async r => await Set(r, header, "Bearer " + await TokenAsync(tenant));
                    foreach (var prefix in new[] { "Parcellab-API-Token", "Token", "ApiKey" })
                    {
                        yield return r => Set(r, header, $"{prefix} {tenant.Basic}");
                    }

                    break;
            }
        }

        yield return r => Set(r, "Authorization", "Basic " + tenant.Basic);
    }

    private async Task<string> TokenAsync(Tenant tenant)
    {
        if (!_tokens.TryGetValue(tenant.ClientId, out var token))
        {
            token = await Api.TokenAsync(http, tenant);
            _tokens[tenant.ClientId] = token;
        }

        return token;
    }

    private static Task Set(HttpRequestMessage request, string header, string value)
    {
        request.Headers.Remove(header);
        request.Headers.TryAddWithoutValidation(header, value);
        return Task.CompletedTask;
    }

    public static HttpRequestMessage Clone(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri);
        foreach (var header in request.Headers.Where(h => h.Key != "Authorization"))
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (request.Content is ByteArrayContent content)
        {
            var bytes = content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            copy.Content = new ByteArrayContent(bytes);
            foreach (var header in content.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return copy;
    }

    public static ByteArrayContent Body(byte[] bytes, string? contentType)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";

    public static AuthenticationHeaderValue BasicOf(Tenant tenant) => tenant.Authorization;
}
