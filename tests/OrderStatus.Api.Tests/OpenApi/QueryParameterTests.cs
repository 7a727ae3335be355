using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Database;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Statuses;
using OrderStatus.Application.Webhooks;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.Tests.OpenApi;

/// <summary>
/// The canonical document's query parameters are named as the wire and the README name them (camelCase), each has a
/// description, and the closed sets — as query parameters or as schema properties — list exactly the values the code
/// accepts, taken from the code's own constants.
/// </summary>
public sealed partial class QueryParameterTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Every_query_parameter_of_the_canonical_api_has_a_camel_case_name_and_a_description()
    {
        var document = await Document();
        var seen = 0;
        foreach (var (where, parameter) in QueryParameters(document))
        {
            var name = parameter.GetProperty("name").GetString()!;
            Assert.True(CamelCase().IsMatch(name), $"{name} of {where} is not camelCase");
            Assert.True(parameter.TryGetProperty("description", out var description) && !string.IsNullOrWhiteSpace(description.GetString()),
                $"{name} of {where} has no description");
            seen++;
        }

        Assert.True(seen >= 20, $"only {seen} query parameters");
    }

    [Fact]
    public async Task The_order_list_documents_the_filters_the_readme_lists_and_they_bind_under_those_names()
    {
        var document = await Document();
        var documented = QueryParameters(document).Where(p => p.Where == "get /api/v1/orders")
            .Select(p => p.Parameter.GetProperty("name").GetString()!).ToList();

        // README, Orders API table: "`GET /orders` | list, newest first: `status, onHold, …, limit (≤ 200), cursor` → …"
        var readme = await File.ReadAllTextAsync(Path.Combine(DatabaseBootstrap.RepositoryRoot(AppContext.BaseDirectory), "README.md"));
        var listed = ReadmeOrderFilters().Match(readme);
        Assert.True(listed.Success, "the README's GET /orders row was not found");
        var names = listed.Groups[1].Value.Split(',').Select(n => n.Split('(')[0].Trim()).ToList();
        Assert.Equal(names, documented);

        // The documented names are the wire's: a wrong status under `status` is refused, a right one filters.
        var tenant = await factory.CreateTenantAsync("Query names");
        using var client = factory.CreateClientFor(tenant);
        using var wrong = await client.GetAsync("/api/v1/orders?status=shipped");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/orders?status=paid&onHold=false&createdFrom=2026-01-01T00:00:00Z&limit=1");
        Assert.Equal(JsonValueKind.Array, page.GetProperty("items").ValueKind);
    }

    [Fact]
    public async Task Closed_set_query_parameters_list_exactly_the_values_the_endpoint_accepts()
    {
        var document = await Document();
        var status = Parameter(document, "/api/v1/orders", "status");
        Assert.Equal(OrderStates.WireNames, Enum(status.GetProperty("schema")));

        // `types=A,B`: one comma-separated list, i.e. an array with style form and explode false.
        var types = Parameter(document, "/api/v1/events", "types");
        Assert.False(types.GetProperty("explode").GetBoolean());
        Assert.Equal("array", types.GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal(OrderEventTypes.All, Enum(types.GetProperty("schema").GetProperty("items")));

        var tenant = await factory.CreateTenantAsync("Feed types");
        using var client = factory.CreateClientFor(tenant);
        using var accepted = await client.GetAsync($"/api/v1/events?types={OrderEventTypes.StatusChanged},{OrderEventTypes.TrackingAdded}");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var refused = await client.GetAsync("/api/v1/events?types=STATUS_CHANGED,SHIPPED");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    public static TheoryData<string, string, string> ClosedSetProperties() => new()
    {
        { "OrderView", "status", "statuses" },
        { "OrderView", "allowedNext", "statuses" },
        { "OrderView", "collectionStatus", "collection" },
        { "OrderSummaryView", "status", "statuses" },
        { "OrderSummaryView", "collectionStatus", "collection" },
        { "OrderStatusView", "status", "statuses" },
        { "OrderStatusView", "allowedNext", "statuses" },
        { "OrderStatusView", "collectionStatus", "collection" },
        { "StatusChangeRequest", "status", "statuses" },
        { "CollectionStatusRequest", "collectionStatus", "collection" },
        { "CanonicalStatusView", "name", "statuses" },
        { "CanonicalStatusView", "allowedNext", "statuses" },
        { "FulfilmentCodeView", "targetStatus", "statuses" },
        { "TrackingView", "lifecycle", "lifecycle" },
        { "TrackingSummary", "lifecycle", "lifecycle" },
        { "CheckpointView", "status", "lifecycle" },
        { "CheckpointRequest", "status", "lifecycle" },
        { "HistoryEntryView", "type", "events" },
        { "HistoryEntryView", "fromStatus", "statuses" },
        { "HistoryEntryView", "toStatus", "statuses" },
        { "FeedEvent", "type", "events" },
        { "FeedEvent", "fromStatus", "statuses" },
        { "FeedEvent", "toStatus", "statuses" },
        { "DeliveryResponse", "eventType", "events" },
        { "WebhookRequest", "eventTypes", "subscription" },
        { "WebhookPatchRequest", "eventTypes", "subscription" },
        { "WebhookResponse", "eventTypes", "subscription" },
        { "WebhookWithSecretResponse", "eventTypes", "subscription" },
        { "CustomStatusRequest", "effect", "effects" },
        { "CustomStatusView", "effect", "effects" },
    };

    [Theory]
    [MemberData(nameof(ClosedSetProperties))]
    public async Task Closed_set_properties_carry_enum_with_exactly_the_values_of_the_code(string schema, string property, string set)
    {
        IReadOnlyList<string> expected = set switch
        {
            "statuses" => OrderStates.WireNames,
            "collection" => [.. System.Enum.GetValues<CollectionStatus>().Select(c => c.ToWireName())],
            "lifecycle" => System.Enum.GetNames<TrackingLifecycle>(),
            "events" => OrderEventTypes.All,
            "subscription" => [WebhookEventTypes.Wildcard, .. OrderEventTypes.All],
            "effects" => CustomStatusEffects.WireNames,
            _ => throw new ArgumentOutOfRangeException(nameof(set)),
        };
        var document = await Document();
        var node = document.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("properties").GetProperty(property);
        if (node.TryGetProperty("type", out var type) && type.GetString() == "array")
        {
            node = node.GetProperty("items");
        }

        Assert.Equal(expected, Enum(node));
        // Each value is one the code parses back (the sets are the parsers' own).
        Assert.All(expected, value => Assert.True(set switch
        {
            "statuses" => OrderStates.TryParseWireName(value, out _),
            "collection" => WireNames.TryParseCollectionStatus(value, out _),
            "lifecycle" => WireNames.TryParseLifecycle(value, out _),
            "effects" => CustomStatusEffects.TryParse(value, out _),
            _ => WebhookEventTypes.IsKnown(value),
        }, value));
    }

    [Fact]
    public async Task Open_string_lists_stay_open()
    {
        var schemas = (await Document()).GetProperty("components").GetProperty("schemas");
        Assert.False(schemas.GetProperty("OrderView").GetProperty("properties").GetProperty("holdReasons").GetProperty("items").TryGetProperty("enum", out _));
        Assert.False(schemas.GetProperty("MeResponse").GetProperty("properties").GetProperty("scopes").GetProperty("items").TryGetProperty("enum", out _));
    }

    private async Task<JsonElement> Document() =>
        await factory.CreateClient().GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

    private static IEnumerable<(string Where, JsonElement Parameter)> QueryParameters(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        where operation.Value.TryGetProperty("parameters", out _)
        from parameter in operation.Value.GetProperty("parameters").EnumerateArray()
        where parameter.GetProperty("in").GetString() == "query"
        select ($"{operation.Name} {path.Name}", parameter);

    private static JsonElement Parameter(JsonElement document, string path, string name) =>
        QueryParameters(document).Single(p => p.Where == "get " + path && p.Parameter.GetProperty("name").GetString() == name).Parameter;

    private static List<string> Enum(JsonElement schema) =>
        schema.TryGetProperty("enum", out var values) ? [.. values.EnumerateArray().Select(v => v.GetString()!)] : [];

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    private static partial Regex CamelCase();

    [GeneratedRegex(@"\| `GET /orders` \| list, newest first: `([^`]+)`")]
    private static partial Regex ReadmeOrderFilters();
}
