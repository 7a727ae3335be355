using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrderStatus.Faults.Harness;

/// <summary>One operation of one OpenAPI document, as the generators need it.</summary>
public sealed record Operation(
    string Document, string Method, string Path, IReadOnlyList<Parameter> Parameters, string? BodyContentType, JsonElement? BodySchema,
    bool BodyRequired, IReadOnlyList<string> Security, IReadOnlyDictionary<string, JsonElement> Responses)
{
    public override string ToString() => $"{Method.ToUpperInvariant()} {Path}";
}

public sealed record Parameter(string Name, string In, bool Required, JsonElement? Schema);

/// <summary>A security scheme of a document: how to present a client's credentials there.</summary>
public sealed record SecurityScheme(string Name, string Type, string? Scheme, string? In, string? HeaderName, string? TokenUrl);

/// <summary>
/// The OpenAPI documents the service serves — every one Swagger UI lists (its <c>index.js</c>
/// configuration), so that each surface's document is covered as it lands.
/// </summary>
public sealed partial class OpenApi
{
    private readonly Dictionary<string, JsonElement> _documents = [];

    public IReadOnlyList<Operation> Operations { get; private set; } = [];

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, SecurityScheme>> Schemes { get; private set; } =
        new Dictionary<string, IReadOnlyDictionary<string, SecurityScheme>>();

    public IReadOnlyList<string> DocumentUrls => [.. _documents.Keys];

    public static async Task<OpenApi> LoadAsync(HttpClient http)
    {
        var index = await http.GetStringAsync("/swagger/index.js");
        var urls = UrlPattern().Matches(index).Select(m => Regex.Unescape(m.Groups[1].Value)).Distinct(StringComparer.Ordinal).ToList();
        if (urls.Count == 0)
        {
            urls.Add("/swagger/v1/swagger.json");
        }

        var api = new OpenApi();
        var operations = new List<Operation>();
        var schemes = new Dictionary<string, IReadOnlyDictionary<string, SecurityScheme>>();
        foreach (var url in urls)
        {
            var document = JsonSerializer.Deserialize<JsonElement>(await http.GetStringAsync(url));
            api._documents[url] = document;
            schemes[url] = ReadSchemes(document);
            operations.AddRange(ReadOperations(url, document));
        }

        api.Operations = operations;
        api.Schemes = schemes;
        return api;
    }

    /// <summary>Resolves a local <c>$ref</c> (once per level; cycles end at depth 8).</summary>
    public JsonElement Resolve(string document, JsonElement schema, int depth = 0)
    {
        if (depth < 8 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference)
            && reference.GetString() is { } path && path.StartsWith("#/", StringComparison.Ordinal))
        {
            var node = _documents[document];
            foreach (var part in path[2..].Split('/'))
            {
                if (!node.TryGetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal), out node))
                {
                    return schema;
                }
            }

            return Resolve(document, node, depth + 1);
        }

        return schema;
    }

    /// <summary>A plausible valid instance of <paramref name="schema"/> (required properties, first enum value, bounds respected).</summary>
    public JsonNode? Example(string document, JsonElement? schema, Func<string, JsonNode?>? byName = null, int depth = 0, string name = "")
    {
        if (schema is not { } raw || depth > 6)
        {
            return null;
        }

        var s = Resolve(document, raw);
        if (byName?.Invoke(name) is { } named)
        {
            return named;
        }

        if (s.TryGetProperty("example", out var example))
        {
            return JsonNode.Parse(example.GetRawText());
        }

        if (s.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0)
        {
            return JsonNode.Parse(values[0].GetRawText());
        }

        foreach (var combinator in new[] { "allOf", "oneOf", "anyOf" })
        {
            if (s.TryGetProperty(combinator, out var options) && options.GetArrayLength() > 0)
            {
                return Example(document, options[0], byName, depth + 1, name);
            }
        }

        switch (TypeOf(s))
        {
            case "object":
                var obj = new JsonObject();
                if (s.TryGetProperty("properties", out var properties))
                {
                    var required = Required(s);
                    foreach (var property in properties.EnumerateObject())
                    {
                        // Required ones always; optional ones too near the top, so validators see them.
                        if (required.Contains(property.Name) || depth < 2)
                        {
                            obj[property.Name] = Example(document, property.Value, byName, depth + 1, property.Name);
                        }
                    }
                }

                return obj;
            case "array":
                var array = new JsonArray();
                if (s.TryGetProperty("items", out var items))
                {
                    array.Add(Example(document, items, byName, depth + 1, name));
                }

                return array;
            case "integer":
                return JsonValue.Create(Bound(s, "minimum", 1));
            case "number":
                return JsonValue.Create(Bound(s, "minimum", 1.5));
            case "boolean":
                return JsonValue.Create(true);
            default:
                var format = s.TryGetProperty("format", out var f) ? f.GetString() : null;
                var min = s.TryGetProperty("minLength", out var m) ? m.GetInt32() : 1;
                return JsonValue.Create(format switch
                {
                    "date-time" => "2026-11-24T14:05:00Z",
                    "date" => "2026-11-24",
                    "uuid" => Guid.NewGuid().ToString(),
                    "uri" => "https://example.com/x",
                    "email" => "ada@example.com",
                    _ => new string('a', Math.Max(1, Math.Min(min, 64))),
                });
        }
    }

    public static string TypeOf(JsonElement schema)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                return type.GetString()!;
            }

            if (type.ValueKind == JsonValueKind.Array)
            {
                return type.EnumerateArray().Select(t => t.GetString()!).FirstOrDefault(t => t != "null") ?? "string";
            }
        }

        return schema.TryGetProperty("properties", out _) ? "object" : "string";
    }

    public static HashSet<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            ? [.. required.EnumerateArray().Select(r => r.GetString()!)]
            : [];

    private static double Bound(JsonElement schema, string name, double fallback) =>
        schema.TryGetProperty(name, out var value) && value.TryGetDouble(out var number) ? Math.Max(number, fallback) : fallback;

    private static Dictionary<string, SecurityScheme> ReadSchemes(JsonElement document)
    {
        var found = new Dictionary<string, SecurityScheme>(StringComparer.Ordinal);
        if (document.TryGetProperty("components", out var components) && components.TryGetProperty("securitySchemes", out var schemes))
        {
            foreach (var s in schemes.EnumerateObject())
            {
                string? tokenUrl = null;
                if (s.Value.TryGetProperty("flows", out var flows) && flows.TryGetProperty("clientCredentials", out var cc) && cc.TryGetProperty("tokenUrl", out var url))
                {
                    tokenUrl = url.GetString();
                }

                found[s.Name] = new SecurityScheme(s.Name, Str(s.Value, "type") ?? "http", Str(s.Value, "scheme"), Str(s.Value, "in"), Str(s.Value, "name"), tokenUrl);
            }
        }

        return found;
    }

    private static List<Operation> ReadOperations(string url, JsonElement document)
    {
        var operations = new List<Operation>();
        var globalSecurity = SecurityNames(document);
        if (!document.TryGetProperty("paths", out var paths))
        {
            return operations;
        }

        foreach (var path in paths.EnumerateObject())
        {
            var shared = path.Value.TryGetProperty("parameters", out var p) ? p : default;
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var op = method.Value;
                var parameters = new List<Parameter>();
                foreach (var list in new[] { shared, op.TryGetProperty("parameters", out var own) ? own : default })
                {
                    if (list.ValueKind != JsonValueKind.Array)
                    {
                        continue;
                    }

                    parameters.AddRange(list.EnumerateArray().Select(x => new Parameter(
                        Str(x, "name")!, Str(x, "in") ?? "query", x.TryGetProperty("required", out var r) && r.GetBoolean(),
                        x.TryGetProperty("schema", out var schema) ? schema : null)));
                }

                string? contentType = null;
                JsonElement? bodySchema = null;
                var bodyRequired = false;
                if (op.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content))
                {
                    bodyRequired = body.TryGetProperty("required", out var br) && br.GetBoolean();
                    var first = content.EnumerateObject().OrderBy(c => c.Name.Contains("json", StringComparison.Ordinal) ? 0 : 1).FirstOrDefault();
                    contentType = first.Name;
                    bodySchema = first.Value.ValueKind == JsonValueKind.Object && first.Value.TryGetProperty("schema", out var s) ? s : null;
                }

                var responses = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                if (op.TryGetProperty("responses", out var rs))
                {
                    foreach (var response in rs.EnumerateObject())
                    {
                        responses[response.Name] = response.Value;
                    }
                }

                var security = op.TryGetProperty("security", out _) ? SecurityNames(op) : globalSecurity;
                operations.Add(new Operation(url, method.Name, path.Name, parameters, contentType, bodySchema, bodyRequired, security, responses));
            }
        }

        return operations;
    }

    private static List<string> SecurityNames(JsonElement element) =>
        element.TryGetProperty("security", out var security) && security.ValueKind == JsonValueKind.Array
            ? [.. security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(o => o.Name)).Distinct()]
            : [];

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex("\"url\"\\s*:\\s*\"([^\"]+)\"")]
    private static partial Regex UrlPattern();

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
