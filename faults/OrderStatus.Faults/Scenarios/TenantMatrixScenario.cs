using System.Text.Json.Nodes;
using OrderStatus.Faults.Harness;

namespace OrderStatus.Faults.Scenarios;

/// <summary>
/// Tenant matrix: every operation of every surface, called with merchant B's credentials and
/// merchant A's ids (in every path parameter and every query parameter that names something):
/// 404 — or, where the surface documents no 404, another 4xx of its own — nothing of A's in the
/// answer, and nothing of A's changed.
/// </summary>
public static class TenantMatrixScenario
{
    public static async Task RunAsync(Suite suite)
    {
        var service = suite.NewService(0, new Dictionary<string, string> { ["Webhooks__DispatcherEnabled"] = "false" }, "service-tenants");
        await service.StartAsync();
        var receiver = suite.Receiver;
        using var http = Suite.NewHttpClient(service.BaseAddress, TimeSpan.FromSeconds(30));
        // B has one order; A's fixture order comes after two of A's own, so its per-merchant number (and every other
        // key of A's: references and tracking numbers are random) names nothing of B's. A 2xx to A's key is then a
        // real leak, not B's own order with the same number.
        var intruder = await Fixture.CreateAsync(http, await suite.CreateTenantAsync("Tenant B"), "tenant-b", receiver);
        var owner = await Fixture.CreateAsync(http, await suite.CreateTenantAsync("Tenant A"), "tenant-a", receiver, ordersBefore: 2);
        var sharedKeys = owner.Keys.Intersect(intruder.Keys, StringComparer.Ordinal).ToList();
        if (owner.OrderNumber is { } number && number <= (intruder.OrderNumber ?? 0))
        {
            sharedKeys.Add($"order number {number}");
        }
        var api = await OpenApi.LoadAsync(http);
        var credentials = new Credentials(http, api);
        var before = await Snapshot.TakeAsync(suite.Database, owner.Tenant.MerchantId);

        var calls = 0;
        var notFound = 0;
        var otherRefusals = new List<string>();
        var sameAsUnknown = new List<string>();
        var leaks = new List<string>();
        var accepted = new List<string>();
        var sameAnswer = new List<string>();
        foreach (var op in api.Operations)
        {
            var idParameters = op.Parameters.Where(p => p.In == "path" || (p.In == "query" && owner.ValueFor(p.Name, op.Path) is not null)).ToList();
            if (!idParameters.Any(p => p.In == "path"))
            {
                // Nothing of A's can be named: a list or a create, which must still show B nothing of A's.
                var (status, text) = await CallAsync(http, credentials, api, op, owner, intruder, withQuery: true);
                calls++;
                if (owner.Secrets.FirstOrDefault(s => text.Contains(s, StringComparison.Ordinal)) is { } leaked)
                {
                    leaks.Add($"{op} → {status} shows {leaked}");
                }

                continue;
            }

            var (code, body) = await CallAsync(http, credentials, api, op, owner, intruder, withQuery: true);
            // The same request naming ids that exist nowhere: A's must be indistinguishable from those.
            var unknown = Unknown(owner);
            var (unknownCode, unknownBody) = await CallAsync(http, credentials, api, op, unknown, intruder, withQuery: true);
            calls += 2;
            // A's ids the request itself carried may be echoed back; anything else of A's is a leak.
            var sent = op.Parameters.Select(p => owner.ValueFor(p.Name, op.Path)).Where(v => v is not null).ToHashSet(StringComparer.Ordinal);
            if (owner.Secrets.FirstOrDefault(s => !sent.Contains(s) && body.Contains(s, StringComparison.Ordinal)) is { } secret)
            {
                leaks.Add($"{op} → {code} shows {secret}");
            }

            if (code is >= 200 and < 300 && !(code == unknownCode && Echoed(body, op, owner) == Echoed(unknownBody, op, unknown)))
            {
                accepted.Add($"{op} → {code}");
            }
            else if (code is >= 200 and < 300)
            {
                // The same answer for A's ids as for ids that exist nowhere (an anonymous page asking for a second
                // factor, the same for any account and reference): nothing of A's is confirmed, nothing read.
                sameAnswer.Add($"{op} → {code}");
            }
            else if (code != unknownCode)
            {
                otherRefusals.Add($"{op} → {code}, unknown ids → {unknownCode}");
            }
            else if (code == 404)
            {
                notFound++;
            }
            else
            {
                sameAsUnknown.Add($"{op} → {code}");
            }
        }

        var after = await Snapshot.TakeAsync(suite.Database, owner.Tenant.MerchantId);
        var changed = before.ChangedTables(after);
        var withIds = notFound + otherRefusals.Count + accepted.Count + sameAsUnknown.Count + sameAnswer.Count;
        suite.Report.Figure("operations", $"{api.Operations.Count} in {api.DocumentUrls.Count} documents; {calls} calls with B's credentials, {withIds} naming A's ids");
        suite.Report.Figure("keys", $"A's order number {owner.OrderNumber}, B's {intruder.OrderNumber}; A's per-merchant keys (number, reference, tracking number) shared with B: {sharedKeys.Count}");
        suite.Report.Check("A's per-merchant keys name nothing of B's (so a 2xx is a leak)", sharedKeys.Count == 0,
            sharedKeys.Count == 0 ? "none shared" : string.Join(", ", sharedKeys));
        suite.Report.Check("another merchant's ids answer 404, exactly as ids that exist nowhere (a 2xx only where unknown ids get the identical answer)", accepted.Count == 0 && otherRefusals.Count == 0,
            $"{notFound} × 404; {sameAsUnknown.Count} other refusals identical to unknown ids (a body the operation refuses first: " +
            string.Join("; ", sameAsUnknown.Take(4)) + $"); {otherRefusals.Count} different from unknown ids{(otherRefusals.Count > 0 ? " (" + string.Join("; ", otherRefusals.Take(4)) + ")" : string.Empty)}; " +
            $"{sameAnswer.Count} answered 2xx exactly as for unknown ids, the ids echoed aside{(sameAnswer.Count > 0 ? " (" + string.Join("; ", sameAnswer.Take(4)) + ")" : string.Empty)}; " +
            $"{accepted.Count} accepted{(accepted.Count > 0 ? " (" + string.Join("; ", accepted.Take(4)) + ")" : string.Empty)}");
        suite.Report.Check("nothing of the other merchant's is read", leaks.Count == 0, leaks.Count == 0 ? "no answer contains any of A's identifiers" : string.Join("; ", leaks.Take(6)));
        suite.Report.Check("nothing of the other merchant's is changed", changed.Count == 0 && before.OrderVersions == after.OrderVersions,
            changed.Count == 0 ? "A's tables identical before and after" : "changed: " + string.Join(", ", changed));
        await service.StopAsync();
    }

    /// <summary>An answer with the values the request carried (echoed back, e.g. into a form) replaced by their parameter names.</summary>
    private static string Echoed(string body, Operation op, Fixture fixture)
    {
        foreach (var parameter in op.Parameters)
        {
            if (fixture.ValueFor(parameter.Name, op.Path) is { Length: > 0 } value)
            {
                body = body.Replace(value, "{" + parameter.Name + "}", StringComparison.Ordinal)
                    .Replace(Uri.EscapeDataString(value), "{" + parameter.Name + "}", StringComparison.Ordinal);
            }
        }

        return body;
    }

    /// <summary>A fixture of the same shape whose ids exist nowhere.</summary>
    private static Fixture Unknown(Fixture owner) => owner with
    {
        Tenant = owner.Tenant with { MerchantId = Guid.NewGuid() },
        OrderId = Guid.NewGuid(),
        OrderReference = "unknown-" + Guid.NewGuid().ToString("N")[..12],
        OrderNumber = 987654321,
        ItemId = Guid.NewGuid(),
        TrackingId = Guid.NewGuid(),
        TrackingNumber = "1ZUNKNOWN0000000",
        SubscriptionId = Guid.NewGuid(),
        CustomStatusId = Guid.NewGuid(),
    };

    private static async Task<(int Status, string Body)> CallAsync(HttpClient http, Credentials credentials, OpenApi api, Operation op, Fixture owner, Fixture intruder, bool withQuery)
    {
        var path = op.Path;
        foreach (var parameter in op.Parameters.Where(p => p.In == "path"))
        {
            path = path.Replace("{" + parameter.Name + "}", Uri.EscapeDataString(owner.ValueFor(parameter.Name, op.Path) ?? owner.OrderId.ToString()), StringComparison.Ordinal);
        }

        if (withQuery)
        {
            var query = op.Parameters.Where(p => p.In == "query" && owner.ValueFor(p.Name, op.Path) is not null)
                .Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(owner.ValueFor(p.Name, op.Path)!)}").ToList();
            if (query.Count > 0)
            {
                path += "?" + string.Join('&', query);
            }
        }

        using var request = new HttpRequestMessage(new HttpMethod(op.Method.ToUpperInvariant()), path);
        if (op.BodySchema is { } schema)
        {
            // A valid body naming A's things where it names anything.
            var body = api.Example(op.Document, schema, name => owner.ValueFor(name, op.Path) is { } v && name.Length > 2 && !name.Equals("status", StringComparison.OrdinalIgnoreCase)
                ? JsonValue.Create(v) : null);
            request.Content = Credentials.Body(Credentials.Utf8(Credentials.Json(body)), op.BodyContentType ?? "application/json");
        }

        await credentials.ApplyAsync(request, op, intruder.Tenant);
        try
        {
            using var response = await http.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (0, ex.Message);
        }
    }
}
