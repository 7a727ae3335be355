using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Statuses;
using OrderStatus.Application.Webhooks;
using OrderStatus.Domain.Orders;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OrderStatus.Api.OpenApi;

/// <summary>
/// The closed sets of the canonical API and where they appear in its schemas. The wire types carry them as strings
/// (their names are the wire's, not C# enum names), so the document lists the values here, taken from the same
/// constants the code parses and writes them with: a new status or event type shows up without touching this file.
/// </summary>
internal static class ClosedSets
{
    public static IReadOnlyList<string> OrderStatuses => OrderStates.WireNames;

    public static IReadOnlyList<string> CollectionStatuses => WireNames.CollectionStatusNames;

    public static IReadOnlyList<string> TrackingLifecycles => WireNames.TrackingLifecycleNames;

    public static IReadOnlyList<string> EventTypes => OrderEventTypes.All;

    /// <summary>A subscription's <c>eventTypes</c>: the event types or <c>*</c> (all of them).</summary>
    public static IReadOnlyList<string> SubscriptionEventTypes { get; } = [WebhookEventTypes.Wildcard, .. OrderEventTypes.All];

    public static IReadOnlyList<string> CustomStatusEffectNames => CustomStatusEffects.WireNames;

    /// <summary>What a fulfilment code does (<see cref="StatusCatalogue"/>): move to <c>targetStatus</c> or place <c>holdReason</c>.</summary>
    public static IReadOnlyList<string> FulfilmentCodeEffects { get; } = ["status", "hold"];

    /// <summary>(schema, property) → the values; for an array property, the values of its items.</summary>
    public static IReadOnlyDictionary<(string Schema, string Property), IReadOnlyList<string>> Properties { get; } =
        new Dictionary<(string, string), IReadOnlyList<string>>
        {
            [("OrderView", "status")] = OrderStatuses,
            [("OrderView", "allowedNext")] = OrderStatuses,
            [("OrderView", "collectionStatus")] = CollectionStatuses,
            [("OrderSummaryView", "status")] = OrderStatuses,
            [("OrderSummaryView", "collectionStatus")] = CollectionStatuses,
            [("OrderStatusView", "status")] = OrderStatuses,
            [("OrderStatusView", "allowedNext")] = OrderStatuses,
            [("OrderStatusView", "collectionStatus")] = CollectionStatuses,
            [("StatusChangeRequest", "status")] = OrderStatuses,
            [("CollectionStatusRequest", "collectionStatus")] = CollectionStatuses,
            [("CanonicalStatusView", "name")] = OrderStatuses,
            [("CanonicalStatusView", "allowedNext")] = OrderStatuses,
            [("FulfilmentCodeView", "targetStatus")] = OrderStatuses,
            [("FulfilmentCodeView", "effect")] = FulfilmentCodeEffects,
            [("TrackingView", "lifecycle")] = TrackingLifecycles,
            [("TrackingSummary", "lifecycle")] = TrackingLifecycles,
            [("CheckpointView", "status")] = TrackingLifecycles,
            [("CheckpointRequest", "status")] = TrackingLifecycles,
            [("HistoryEntryView", "type")] = EventTypes,
            [("HistoryEntryView", "fromStatus")] = OrderStatuses,
            [("HistoryEntryView", "toStatus")] = OrderStatuses,
            [("FeedEvent", "type")] = EventTypes,
            [("FeedEvent", "fromStatus")] = OrderStatuses,
            [("FeedEvent", "toStatus")] = OrderStatuses,
            [("DeliveryResponse", "eventType")] = EventTypes,
            [("WebhookRequest", "eventTypes")] = SubscriptionEventTypes,
            [("WebhookPatchRequest", "eventTypes")] = SubscriptionEventTypes,
            [("WebhookResponse", "eventTypes")] = SubscriptionEventTypes,
            [("WebhookWithSecretResponse", "eventTypes")] = SubscriptionEventTypes,
            [("CustomStatusRequest", "effect")] = CustomStatusEffectNames,
            [("CustomStatusView", "effect")] = CustomStatusEffectNames,
        };

    public static List<JsonNode> Enum(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
}

/// <summary>Writes <see cref="ClosedSets.Properties"/> into the canonical document's schemas as <c>enum</c>.</summary>
internal sealed class ClosedSetsFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        if (context.DocumentName != SwaggerSetup.DocumentName || swaggerDoc.Components?.Schemas is not { } schemas)
        {
            return;
        }

        foreach (var ((schemaName, propertyName), values) in ClosedSets.Properties)
        {
            if (!schemas.TryGetValue(schemaName, out var schema) || schema.Properties?.TryGetValue(propertyName, out var found) != true
                || found is not OpenApiSchema property)
            {
                continue; // ClosedSetTests names what went missing
            }

            var target = property.Type?.HasFlag(JsonSchemaType.Array) == true ? property.Items as OpenApiSchema : property;
            if (target is not null)
            {
                target.Enum = ClosedSets.Enum(values);
            }
        }
    }
}
