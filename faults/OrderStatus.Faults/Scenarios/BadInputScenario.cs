using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderStatus.Faults.Harness;

namespace OrderStatus.Faults.Scenarios;

/// <summary>
/// Bad input at scale: requests generated from every OpenAPI document Swagger UI lists — wrong types,
/// missing and extra fields, boundaries, huge numbers, long and non-UTF-8 strings, nulls, duplicate
/// keys, deep nesting, bad headers and content types, bad ids — for every operation. Zero 5xx, every
/// error in its surface's documented shape, and no row changed by a rejected request.
/// </summary>
public static class BadInputScenario
{
    // No "%00": Kestrel rejects a NUL in the path with a bodiless 400 before any middleware runs, so no
    // surface can shape it. It stays listed as open in faults/results/2026-12-02.md.
    private static readonly string[] BadIds =
    [
        "0", "-1", "abc", "99999999999999999999999999", "00000000-0000-0000-0000-000000000000", Guid.NewGuid().ToString(),
        "..%2F..%2Fetc%2Fpasswd", "%E2%80%AE", "%FF%FE", new('9', 400), "1e309", "null", "%20", "' OR '1'='1",
    ];

    private static readonly string[] BadStrings =
    [
        "", " ", new('x', 100_000), "\u0000", "<script>alert(1)</script>", "' OR 1=1 --", "\ud83d\ude00\u202e", "%s%n", "\u00ff\u00fe", "null",
    ];

    private static readonly JsonNode?[] WrongTypes =
    [
        null, JsonValue.Create(true), JsonValue.Create(-1), JsonValue.Create(0), JsonValue.Create(1e308), JsonValue.Create(decimal.MaxValue),
        JsonValue.Create("text"), new JsonArray(), new JsonObject(), JsonValue.Create(long.MinValue),
    ];

    public static async Task RunAsync(Suite suite)
    {
        var target = suite.Smoke ? 1500 : 10_000;
        var service = suite.NewService(0, new Dictionary<string, string> { ["Webhooks__DispatcherEnabled"] = "false" }, "service-input");
        await service.StartAsync();
        var receiver = suite.Receiver;
        using var http = Suite.NewHttpClient(service.BaseAddress, TimeSpan.FromSeconds(30));
        var tenant = await suite.CreateTenantAsync("Fuzz merchant");
        var fixture = await Fixture.CreateAsync(http, tenant, "fuzz", receiver);
        var api = await OpenApi.LoadAsync(http);
        var credentials = new Credentials(http, api);
        suite.Report.Figure("OpenAPI documents", $"{api.DocumentUrls.Count} ({string.Join(", ", api.DocumentUrls)}), {api.Operations.Count} operations");
        var before = await Snapshot.TakeAsync(suite.Database, tenant.MerchantId);

        var cases = api.Operations.SelectMany(op => Mutations(api, op, fixture).Select(m => (Op: op, Mutation: m))).ToList();
        var results = new ConcurrentBag<Result>();
        var sent = 0;
        var round = 0;
        while (sent < target)
        {
            var batch = cases.OrderBy(_ => Random.Shared.Next()).Take(target - sent).ToList();
            var roundNumber = round;
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) =>
            {
                var id = $"fz-{roundNumber}-{Interlocked.Increment(ref sent)}";
                results.Add(await SendAsync(http, credentials, api, item.Op, item.Mutation, tenant, id));
            });
            round++;
        }

        var after = await Snapshot.TakeAsync(suite.Database, tenant.MerchantId);
        var all = results.ToList();
        var serverErrors = all.Where(r => r.Status >= 500 || r.Status == 0).ToList();
        var rejected = all.Where(r => r.Status is >= 400 and < 500).ToList();
        var badShape = rejected.Where(r => !r.ShapeOk).ToList();
        suite.Report.Figure("requests", $"{all.Count} from {cases.Count} distinct cases over {api.Operations.Count} operations; statuses " +
                                        string.Join(", ", all.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
        suite.Report.Check($"at least {target:N0} requests", all.Count >= target, all.Count.ToString("N0", CultureInfo.InvariantCulture));
        suite.Report.Check("zero 5xx (and no dropped connection)", serverErrors.Count == 0,
            serverErrors.Count == 0 ? "0" : $"{serverErrors.Count}, e.g. " + string.Join("; ", serverErrors.GroupBy(e => e.Case).Take(5).Select(g => $"{g.First().Status} {g.Key}")));
        suite.Report.Check("every error in its surface's documented shape", badShape.Count == 0,
            badShape.Count == 0 ? $"{rejected.Count} errors checked"
                : $"{badShape.Count} of {rejected.Count} not, e.g. " + string.Join("; ", badShape.GroupBy(e => e.Case.Split(':')[0]).Take(5).Select(g => $"{g.First().Case} → {g.First().Status} {g.First().Shape}")));

        // No row changed by a rejected request: history rows carry the X-Request-Id of the request that wrote them.
        var rejectedIds = rejected.Select(r => r.RequestId).ToArray();
        var written = await suite.Database.RowsAsync(
            "SELECT request_id, count(*) FROM order_events WHERE merchant_id = $1 AND request_id = ANY($2) GROUP BY request_id", tenant.MerchantId, rejectedIds);
        // Credential probes are real requests too (Credentials.Probes): an accepted one explains what it wrote.
        var accepted = all.Where(r => r.Status is >= 200 and < 300 && r.Method != "GET").Select(r => r.Path)
            .Concat(credentials.Probes.Where(p => p.Status is >= 200 and < 300 && p.Method != "GET").Select(p => p.Path)).ToList();
        var changed = before.ChangedTables(after);
        var unexplained = changed.Where(t => !accepted.Any(path => Snapshot.Touches(t, path))).ToList();
        var wrote = written.Select(w => (string)w[0]!).ToHashSet(StringComparer.Ordinal);
        var offenders = rejected.Where(r => wrote.Contains(r.RequestId)).Select(r => $"{r.Case} → {r.Status}").Take(3).ToList();
        suite.Report.Check("no row changed by a rejected request", written.Count == 0 && unexplained.Count == 0,
            $"{written.Count} rejected requests wrote history{(offenders.Count > 0 ? " (" + string.Join("; ", offenders) + ")" : string.Empty)}; tables changed: {(changed.Count == 0 ? "none" : string.Join(", ", changed))}" +
            $" ({accepted.Count} accepted writes explain {changed.Count - unexplained.Count}); order versions {before.OrderVersions} → {after.OrderVersions}");
        await service.StopAsync();
    }

    private sealed record Mutation(string Case, Func<Operation, string> Path, Func<byte[]?> Body, string? ContentType, IReadOnlyDictionary<string, string> Headers, bool Authenticate = true);

    private sealed record Result(string Case, string Method, string Path, int Status, bool ShapeOk, string Shape, string RequestId);

    private static IEnumerable<Mutation> Mutations(OpenApi api, Operation op, Fixture fixture)
    {
        var noHeaders = new Dictionary<string, string>();
        string GoodPath(Operation o) => FillPath(o, p => fixture.ValueFor(p, o.Path) ?? fixture.OrderId.ToString());
        var example = op.BodySchema is { } schema ? api.Example(op.Document, schema, Known) : null;
        var good = example is null ? null : Credentials.Utf8(Credentials.Json(example));
        var contentType = op.BodyContentType ?? "application/json";
        var name = op.ToString();

        // Bad ids in each path parameter.
        foreach (var parameter in op.Parameters.Where(p => p.In == "path"))
        {
            foreach (var bad in BadIds)
            {
                yield return new Mutation($"{name}: path {parameter.Name}={Short(bad)}",
                    o => FillPath(o, p => p == parameter.Name ? bad : fixture.ValueFor(p, o.Path) ?? fixture.OrderId.ToString()),
                    () => good, good is null ? null : contentType, noHeaders);
            }
        }

        // Query parameters: wrong types, huge, negative, long, repeated.
        foreach (var parameter in op.Parameters.Where(p => p.In == "query"))
        {
            foreach (var bad in new[] { "abc", "-1", "0", "99999999999999999999", "1.5", new string('q', 5000), "%FF", "true", "[]" })
            {
                yield return new Mutation($"{name}: query {parameter.Name}={Short(bad)}",
                    o => GoodPath(o) + $"?{Uri.EscapeDataString(parameter.Name)}={bad}&{Uri.EscapeDataString(parameter.Name)}=x", () => good, good is null ? null : contentType, noHeaders);
            }
        }

        // Headers: credentials, idempotency keys, preconditions, negotiation.
        foreach (var (header, value) in new[]
                 {
                     ("Authorization", "Basic !!!"), ("Authorization", "Bearer a.b.c"), ("Authorization", "Bearer " + new string('x', 6000)),
                     ("Authorization", ""), ("Idempotency-Key", new string('k', 300)), ("Idempotency-Key", "bad key\u0001"), ("If-Match", "garbage"),
                     ("If-None-Match", "\"" + new string('9', 200) + "\""), ("Accept", "image/png"), ("X-Request-Id", new string('r', 2000)),
                     ("Content-Length-Junk", "x"), ("Accept-Charset", "ebcdic"),
                 })
        {
            yield return new Mutation($"{name}: header {header}={Short(value)}", GoodPath, () => good, good is null ? null : contentType,
                new Dictionary<string, string> { [header] = value }, Authenticate: header != "Authorization");
        }

        if (op.Method is "get" or "delete" && op.BodySchema is null)
        {
            yield return new Mutation($"{name}: unexpected body", GoodPath, () => Credentials.Utf8("{\"x\":1}"), "application/json", noHeaders);
            yield break;
        }

        // Whole bodies.
        foreach (var (label, body) in new (string, string?)[]
                 {
                     ("empty", ""), ("null", "null"), ("array", "[]"), ("object", "{}"), ("not json", "not json"), ("truncated", "{\"a\":"),
                     ("number", "12345678901234567890123456789"), ("deep", new string('[', 1000) + new string(']', 1000)),
                     ("deep object", string.Concat(Enumerable.Repeat("{\"a\":", 300)) + "1" + new string('}', 300)),
                     ("bom", "\ufeff" + Encoding.UTF8.GetString(good ?? "{}"u8.ToArray())),
                 })
        {
            yield return new Mutation($"{name}: body {label}", GoodPath, () => body is null ? null : Credentials.Utf8(body), contentType, noHeaders);
        }

        yield return new Mutation($"{name}: non-UTF-8 body", GoodPath, () => [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0xC3, 0x28, 0x22, 0x7D], contentType, noHeaders);
        foreach (var type in new[] { "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=latin1", "" })
        {
            yield return new Mutation($"{name}: content type '{type}'", GoodPath, () => good ?? "{}"u8.ToArray(), type.Length == 0 ? null : type, noHeaders);
        }

        if (example is not JsonObject root)
        {
            yield break;
        }

        yield return new Mutation($"{name}: extra fields", GoodPath, () =>
        {
            var copy = (JsonObject)root.DeepClone();
            copy["unexpectedField"] = "x";
            copy["__proto__"] = new JsonObject { ["admin"] = true };
            return Credentials.Utf8(copy.ToJsonString());
        }, contentType, noHeaders);
        var firstProperty = root.Select(p => p.Key).FirstOrDefault();
        if (firstProperty is not null)
        {
            yield return new Mutation($"{name}: duplicate key {firstProperty}", GoodPath, () =>
            {
                var text = root.ToJsonString();
                return Credentials.Utf8("{\"" + firstProperty + "\":12345," + text[1..]);
            }, contentType, noHeaders);
        }

        // Each property (top level and one level down): wrong types, null, missing, bad strings, boundaries.
        foreach (var (path, property) in Properties(api, op, root))
        {
            foreach (var wrong in WrongTypes)
            {
                yield return Replace($"{name}: {path}={Short(wrong?.ToJsonString() ?? "null")}", path, wrong?.DeepClone());
            }

            foreach (var text in BadStrings)
            {
                yield return Replace($"{name}: {path}=\"{Short(text)}\"", path, JsonValue.Create(text));
            }

            yield return Replace($"{name}: {path} missing", path, null, remove: true);
            foreach (var boundary in Boundaries(property))
            {
                yield return Replace($"{name}: {path} boundary {Short(boundary?.ToJsonString() ?? "null")}", path, boundary);
            }
        }

        Mutation Replace(string label, string path, JsonNode? value, bool remove = false) => new(label, GoodPath, () =>
        {
            var copy = (JsonObject)root.DeepClone();
            var parts = path.Split('.');
            var parent = parts.Length == 1 ? copy : copy[parts[0]] as JsonObject;
            if (parent is not null)
            {
                if (remove)
                {
                    parent.Remove(parts[^1]);
                }
                else
                {
                    // A mutation is sent again in later rounds: each body gets its own copy of the value.
                    parent[parts[^1]] = value?.DeepClone();
                }
            }

            return Credentials.Utf8(copy.ToJsonString());
        }, contentType, noHeaders);
    }

    private static IEnumerable<(string Path, JsonElement Schema)> Properties(OpenApi api, Operation op, JsonObject root)
    {
        var schema = api.Resolve(op.Document, op.BodySchema!.Value);
        if (!schema.TryGetProperty("properties", out var properties))
        {
            yield break;
        }

        foreach (var property in properties.EnumerateObject())
        {
            yield return (property.Name, api.Resolve(op.Document, property.Value));
            var inner = api.Resolve(op.Document, property.Value);
            if (root[property.Name] is JsonObject && inner.TryGetProperty("properties", out var nested))
            {
                foreach (var child in nested.EnumerateObject().Take(6))
                {
                    yield return ($"{property.Name}.{child.Name}", api.Resolve(op.Document, child.Value));
                }
            }
        }
    }

    private static IEnumerable<JsonNode?> Boundaries(JsonElement schema)
    {
        if (schema.TryGetProperty("maxLength", out var max) && max.TryGetInt32(out var m) && m < 100_000)
        {
            yield return JsonValue.Create(new string('b', m + 1));
        }

        if (schema.TryGetProperty("minLength", out var min) && min.TryGetInt32(out var n) && n > 0)
        {
            yield return JsonValue.Create(new string('b', n - 1));
        }

        if (schema.TryGetProperty("maximum", out var maximum) && maximum.TryGetDouble(out var hi))
        {
            yield return JsonValue.Create(hi + 1);
        }

        if (schema.TryGetProperty("minimum", out var minimum) && minimum.TryGetDouble(out var lo))
        {
            yield return JsonValue.Create(lo - 1);
        }

        yield return JsonValue.Create(int.MaxValue + 1L);
        yield return JsonValue.Create(-0.000001);
    }

    private static JsonNode? Known(string name) => name.ToLowerInvariant() switch
    {
        "currency" => JsonValue.Create("EUR"),
        "countrycode" => JsonValue.Create("GB"),
        "email" or "customeremail" => JsonValue.Create("ada@example.com"),
        "url" or "statuscallbackurl" or "paymenturl" or "trackingurl" => JsonValue.Create("https://example.com/hook"),
        "status" => JsonValue.Create("paid"),
        _ => null,
    };

    private static string FillPath(Operation op, Func<string, string> value)
    {
        var path = op.Path;
        foreach (var parameter in op.Parameters.Where(p => p.In == "path"))
        {
            var v = value(parameter.Name);
            path = path.Replace("{" + parameter.Name + "}", v.Contains('%', StringComparison.Ordinal) ? v : Uri.EscapeDataString(v), StringComparison.Ordinal);
        }

        // Parameters the document names only in the template (a constraint like {id:guid} is never in a document, but be safe).
        return System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", Uri.EscapeDataString(value("id")));
    }

    private static async Task<Result> SendAsync(HttpClient http, Credentials credentials, OpenApi api, Operation op, Mutation m, Tenant tenant, string requestId)
    {
        var path = m.Path(op);
        using var request = new HttpRequestMessage(new HttpMethod(op.Method.ToUpperInvariant()), path);
        if (m.Body() is { } body)
        {
            request.Content = Credentials.Body(body, m.ContentType);
        }

        request.Headers.TryAddWithoutValidation("X-Request-Id", requestId);
        if (m.Authenticate)
        {
            await credentials.ApplyAsync(request, op, tenant);
        }

        foreach (var (header, value) in m.Headers)
        {
            request.Headers.Remove(header);
            request.Headers.TryAddWithoutValidation(header, value);
        }

        // The request id goes where the service can log it; the fuzzed X-Request-Id header case keeps its own value.
        try
        {
            using var response = await http.SendAsync(request);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            var (ok, shape) = status is >= 400 and < 500 ? ErrorShape.Check(api, op, status, response.Content.Headers.ContentType?.MediaType, text) : (true, "-");
            return new Result(m.Case, op.Method.ToUpperInvariant(), path, status, ok, shape, requestId);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new Result(m.Case + " (" + ex.GetType().Name + ")", op.Method.ToUpperInvariant(), path, 0, false, ex.Message, requestId);
        }
    }

    private static string Short(string text) => text.Length > 24 ? text[..24] + "…" : text;
}

/// <summary>Is an error response in the shape its surface documents?</summary>
public static class ErrorShape
{
    /// <summary>
    /// The operation's documented response for the status (or <c>4XX</c>, <c>default</c>), else any error
    /// response documented anywhere in the same document: the media type must be one it lists, and a JSON
    /// body must carry the schema's required properties.
    /// </summary>
    public static (bool Ok, string Shape) Check(OpenApi api, Operation op, int status, string? mediaType, string body)
    {
        var code = status.ToString(CultureInfo.InvariantCulture);
        var candidates = new List<JsonElement>();
        foreach (var key in new[] { code, "4XX", "default" })
        {
            if (op.Responses.TryGetValue(key, out var response))
            {
                candidates.Add(response);
            }
        }

        if (candidates.Count == 0)
        {
            candidates.AddRange(api.Operations.Where(o => o.Document == op.Document)
                .SelectMany(o => o.Responses.Where(r => r.Key.StartsWith('4')).Select(r => r.Value)));
        }

        var documented = candidates
            .Select(c => api.Resolve(op.Document, c))
            .Where(c => c.TryGetProperty("content", out _))
            .SelectMany(c => c.GetProperty("content").EnumerateObject())
            .ToList();
        if (documented.Count == 0)
        {
            return (body.Length > 0, $"{mediaType} (the document describes no error body)");
        }

        foreach (var media in documented.Where(d => string.Equals(d.Name, mediaType, StringComparison.OrdinalIgnoreCase)))
        {
            if (!media.Value.TryGetProperty("schema", out var schema))
            {
                return (true, media.Name);
            }

            var resolved = api.Resolve(op.Document, schema);
            try
            {
                var json = JsonSerializer.Deserialize<JsonElement>(body);
                var required = OpenApi.Required(resolved);
                if (json.ValueKind == JsonValueKind.Object && required.All(r => json.TryGetProperty(r, out _)))
                {
                    return (true, media.Name);
                }
            }
            catch (JsonException)
            {
                // Not JSON: try the next documented form.
            }
        }

        return (false, $"{mediaType ?? "no content type"} {(body.Length > 80 ? body[..80] : body)} (documented: {string.Join(", ", documented.Select(d => d.Name).Distinct())})");
    }
}

/// <summary>Row counts and content hashes of one merchant's tables, and its orders' versions.</summary>
public sealed record Snapshot(IReadOnlyDictionary<string, string> Tables, long OrderVersions)
{
    /// <summary>Tables whose rows change by design when a request is rejected or merely authenticated.</summary>
    private static readonly HashSet<string> Volatile = ["idempotency_records", "api_clients", "service_keys", "webhook_delivery_attempts", "webhook_deliveries", "outbox_messages"];

    public static async Task<Snapshot> TakeAsync(Postgres database, Guid merchantId)
    {
        var tables = (await database.RowsAsync("""
            SELECT c.table_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema = 'public' AND c.column_name = 'merchant_id'
            """)).Select(r => (string)r[0]!).Where(t => !Volatile.Contains(t)).Order(StringComparer.Ordinal).ToList();
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var row = (await database.RowsAsync($"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t WHERE merchant_id = $1", merchantId))[0];
            hashes[table] = $"{row[0]}:{row[1]}";
        }

        var versions = await database.RowsAsync("SELECT coalesce(sum(version), 0) FROM orders WHERE merchant_id = $1", merchantId);
        return new Snapshot(hashes, Convert.ToInt64(versions[0][0], CultureInfo.InvariantCulture));
    }

    public List<string> ChangedTables(Snapshot after) =>
        [.. Tables.Keys.Union(after.Tables.Keys).Where(t => Tables.GetValueOrDefault(t) != after.Tables.GetValueOrDefault(t))];

    /// <summary>Could an accepted write to <paramref name="path"/> have changed <paramref name="table"/>?</summary>
    public static bool Touches(string table, string path) => table switch
    {
        "orders" or "order_events" => path.Contains("order", StringComparison.OrdinalIgnoreCase) || !path.StartsWith("/api/", StringComparison.Ordinal),
        "webhook_subscriptions" or "merchant_callback_secrets" => path.Contains("webhook", StringComparison.OrdinalIgnoreCase),
        "custom_statuses" => path.Contains("status", StringComparison.OrdinalIgnoreCase),
        _ => true,
    };
}
