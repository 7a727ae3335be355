using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.OpenApi;

/// <summary>
/// The canonical document explains its models: every component schema has a description (from the types' XML doc
/// comments, or a filter's), and so do the properties a newcomer cannot guess from the name.
/// </summary>
public sealed class SchemaDescriptionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Every_component_schema_of_the_canonical_document_has_a_description()
    {
        var schemas = await Schemas();
        var missing = schemas.EnumerateObject()
            .Where(s => !s.Value.TryGetProperty("description", out var d) || string.IsNullOrWhiteSpace(d.GetString()))
            .Select(s => s.Name)
            .ToList();
        Assert.True(missing.Count == 0, "schemas without a description: " + string.Join(", ", missing));
        Assert.True(schemas.EnumerateObject().Count() > 40);
    }

    public static TheoryData<string, string> NonObviousProperties() => new()
    {
        { "OrderView", "number" },
        { "OrderView", "version" },
        { "OrderView", "fulfilmentCode" },
        { "OrderView", "onHold" },
        { "OrderView", "holdReasons" },
        { "OrderView", "allowedNext" },
        { "OrderView", "collectionStatus" },
        { "OrderView", "paidAmount" },
        { "OrderView", "statusCallbackUrl" },
        { "OrderView", "clientCreatedAt" },
        { "OrderStatusView", "version" },
        { "OrderStatusView", "fulfilmentCode" },
        { "OrderStatusView", "onHold" },
        { "OrderSummaryView", "version" },
        { "OrderSummaryView", "customStatusId" },
        { "OrderPage", "nextCursor" },
        { "HistoryPage", "nextCursor" },
        { "FeedResponse", "nextCursor" },
        { "HistoryEntryView", "requestId" },
        { "HistoryEntryView", "orderVersion" },
        { "HistoryEntryView", "data" },
        { "FeedEvent", "orderVersion" },
        { "ItemView", "number" },
        { "TrackingView", "lifecycle" },
        { "CreateOrderRequest", "reference" },
        { "CreateOrderRequest", "statusCallbackUrl" },
        { "CreateOrderRequest", "clientCreatedAt" },
        { "StatusChangeRequest", "code" },
        { "StatusChangeRequest", "customStatusId" },
        { "StatusChangeRequest", "holdReason" },
        { "PaidRequest", "amount" },
        { "CheckpointRequest", "status" },
        { "HoldRequest", "reasons" },
        { "FulfilmentCodeView", "code" },
        { "CustomStatusView", "effect" },
        { "TrackingLinkResponse", "s" },
        { "TrackingLinkRequest", "ttlDays" },
        { "RotateTrackingSecretRequest", "graceMinutes" },
        { "TrackingSettingsView", "previousSecretValidUntil" },
        { "WebhookWithSecretResponse", "secret" },
        { "WebhookResponse", "consecutiveFailures" },
        { "WebhookRequest", "eventTypes" },
        { "DeliveryResponse", "eventId" },
        { "WebhookStats", "queued" },
        { "MeMerchant", "accountNumber" },
    };

    [Theory]
    [MemberData(nameof(NonObviousProperties))]
    public async Task Non_obvious_properties_are_described(string schema, string property)
    {
        var node = (await Schemas()).GetProperty(schema).GetProperty("properties").GetProperty(property);
        Assert.True(node.TryGetProperty("description", out var description) && description.GetString()!.Length > 10,
            $"{schema}.{property} has no description");
    }

    private async Task<JsonElement> Schemas() =>
        (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json")).GetProperty("components").GetProperty("schemas");
}
