using Microsoft.AspNetCore.Http.HttpResults;
using OrderStatus.Api.OpenApi;
using OrderStatus.Api.Orders;
using OrderStatus.Application.Access;
using OrderStatus.Application.Webhooks;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.Webhooks;

internal static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(Scopes.WebhooksManage);

        group.MapPost("/", async Task<Created<WebhookWithSecretResponse>> (WebhookRequest body, WebhookAdministration webhooks, CancellationToken ct) =>
            {
                var created = await webhooks.CreateAsync(new NewWebhook(body.Url, body.EventTypes, body.Description, body.Active), ct);
                return TypedResults.Created($"/api/v1/webhooks/{created.Id}", WebhookWithSecretResponse.From(created));
            })
            .WithName("CreateWebhook")
            .WithMetadata(new OpenApiExample(new WebhookRequest("https://merchant.example.com/hooks/orderstatus", [OrderEventTypes.StatusChanged, OrderEventTypes.TrackingAdded], "ERP status sync", true), null))
            .WithSummary("Subscribe a URL to history events.")
            .WithDescription("`eventTypes` lists history event types (e.g. `STATUS_CHANGED`) or is `[\"*\"]`. The signing secret is in this response only; see docs/webhooks.md for verification.")
            .ProducesValidationProblem();

        group.MapGet("/", async Task<Ok<WebhookListResponse>> (WebhookAdministration webhooks, CancellationToken ct) =>
                TypedResults.Ok(new WebhookListResponse([.. (await webhooks.ListAsync(ct)).Select(WebhookResponse.From)])))
            .WithName("ListWebhooks")
            .WithSummary("The merchant's webhook subscriptions.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<WebhookResponse>, NotFound>> (Guid id, WebhookAdministration webhooks, CancellationToken ct) =>
                await webhooks.FindAsync(id, ct) is { } found ? TypedResults.Ok(WebhookResponse.From(found)) : TypedResults.NotFound())
            .WithName("GetWebhook")
            .WithSummary("One webhook subscription.");

        group.MapPatch("/{id:guid}", async Task<Results<Ok<WebhookResponse>, NotFound>> (
                Guid id, WebhookPatchRequest body, WebhookAdministration webhooks, CancellationToken ct) =>
                await webhooks.UpdateAsync(id, new WebhookChanges(body.Url, body.EventTypes, body.Description, body.Active), ct) is { } updated
                    ? TypedResults.Ok(WebhookResponse.From(updated))
                    : TypedResults.NotFound())
            .WithName("UpdateWebhook")
            .WithMetadata(new OpenApiExample(new WebhookPatchRequest(null, [WebhookEventTypes.Wildcard], "ERP sync, all events", null), null))
            .WithSummary("Change a subscription's URL, event types, description or active flag.")
            .WithDescription("Fields left out stay as they are. Setting `active` to true again after the service disabled the subscription resets its failure count; its pending deliveries resume.")
            .ProducesValidationProblem();

        group.MapDelete("/{id:guid}", async Task<Results<NoContent, NotFound>> (Guid id, WebhookAdministration webhooks, CancellationToken ct) =>
                await webhooks.DeleteAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithName("DeleteWebhook")
            .WithSummary("Delete a subscription with its delivery log.");

        group.MapPost("/{id:guid}/rotate-secret", async Task<Results<Ok<WebhookWithSecretResponse>, NotFound>> (
                Guid id, WebhookAdministration webhooks, CancellationToken ct) =>
                await webhooks.RotateSecretAsync(id, ct) is { } rotated ? TypedResults.Ok(WebhookWithSecretResponse.From(rotated)) : TypedResults.NotFound())
            .WithName("RotateWebhookSecret")
            .WithSummary("Replace the signing secret; the new one is shown in this response only.");

        group.MapGet("/{id:guid}/deliveries", async Task<Results<Ok<DeliveryListResponse>, NotFound>> (
                Guid id, WebhookAdministration webhooks, CancellationToken ct, int limit = 50) =>
                await webhooks.ListDeliveriesAsync(id, limit, ct) is { } deliveries
                    ? TypedResults.Ok(new DeliveryListResponse([.. deliveries.Select(DeliveryResponse.From)]))
                    : TypedResults.NotFound())
            .WithName("ListWebhookDeliveries")
            .DescribesQuery(new QueryParameterDoc("limit", "Deliveries to return, newest first, 1–200 (default 50)."))
            .WithSummary("The subscription's deliveries, newest first, with every attempt.")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redeliver", async Task<Results<Accepted<DeliveryResponse>, NotFound>> (
                Guid id, Guid deliveryId, WebhookAdministration webhooks, CancellationToken ct) =>
                await webhooks.RedeliverAsync(id, deliveryId, ct) is { } again
                    ? TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries", DeliveryResponse.From(again))
                    : TypedResults.NotFound())
            .WithName("RedeliverWebhook")
            .WithSummary("Send a delivery's event to the subscription again, as a new delivery.");

        group.MapGet("/callback-deliveries", async Task<Ok<DeliveryListResponse>> (
                WebhookAdministration webhooks, CancellationToken ct, Guid? orderId = null, int limit = 50) =>
                TypedResults.Ok(new DeliveryListResponse([.. (await webhooks.ListCallbackDeliveriesAsync(orderId, limit, ct)).Select(DeliveryResponse.From)])))
            .WithName("ListCallbackDeliveries")
            .DescribesQuery(
                new QueryParameterDoc("orderId", "Only the deliveries of this order (its id); absent: of every order."),
                new QueryParameterDoc("limit", "Deliveries to return, newest first, 1–200 (default 50)."))
            .WithSummary("Deliveries to orders' statusCallbackUrl, newest first, with every attempt; optionally of one order.")
            .ProducesValidationProblem();

        group.MapGet("/callback-secret", async Task<Ok<CallbackSecretResponse>> (WebhookAdministration webhooks, CancellationToken ct) =>
                TypedResults.Ok(CallbackSecretResponse.From(await webhooks.GetCallbackSecretAsync(ct))))
            .WithName("GetCallbackSecret")
            .WithSummary("The secret that signs per-order statusCallbackUrl deliveries.");

        group.MapPost("/callback-secret", async Task<Ok<CallbackSecretResponse>> (WebhookAdministration webhooks, CancellationToken ct) =>
                TypedResults.Ok(CallbackSecretResponse.From(await webhooks.RotateCallbackSecretAsync(ct))))
            .WithName("RotateCallbackSecret")
            .WithSummary("Replace the status-callback secret.");

        group.MapGet("/stats", async Task<Ok<WebhookStats>> (WebhookAdministration webhooks, CancellationToken ct) =>
                TypedResults.Ok(await webhooks.StatsAsync(ct)))
            .WithName("WebhookStats")
            .WithSummary("Dispatcher metrics for the merchant: queued events, pending, delivered and failed deliveries, age of the oldest pending work.");

        return api;
    }
}

/// <summary>A new webhook subscription.</summary>
/// <param name="Url">Receives a signed POST per event (absolute https URL; see docs/webhooks.md for the outbound address rules).</param>
/// <param name="EventTypes">The history event types to send, or <c>["*"]</c> for all of them.</param>
/// <param name="Active">Default true; false keeps the subscription without sending.</param>
internal sealed record WebhookRequest(string? Url, IReadOnlyList<string>? EventTypes, string? Description, bool? Active);

/// <summary>Changes to a subscription: a field left out or null stays as it is; an empty description clears it.</summary>
/// <param name="EventTypes">Replaces the list: history event types, or <c>["*"]</c>.</param>
/// <param name="Active">True again after the service disabled the subscription resets its failure count.</param>
internal sealed record WebhookPatchRequest(string? Url, IReadOnlyList<string>? EventTypes, string? Description, bool? Active);

/// <summary>The merchant's webhook subscriptions.</summary>
internal sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Items);

/// <summary>A webhook subscription (without its secret).</summary>
/// <param name="EventTypes">The history event types it receives, or <c>["*"]</c>.</param>
/// <param name="ConsecutiveFailures">Deliveries given up in a row; the service disables the subscription after too many.</param>
/// <param name="DisabledAt">When the service disabled it; set <c>active</c> to true again to resume.</param>
internal sealed record WebhookResponse(
    Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description, bool Active, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, int ConsecutiveFailures, DateTimeOffset? DisabledAt, string? DisabledReason)
{
    public static WebhookResponse From(WebhookSubscription s) =>
        new(s.Id, s.Url, s.EventTypes, s.Description, s.Active, s.CreatedAt, s.UpdatedAt, s.ConsecutiveFailures, s.DisabledAt, s.DisabledReason);
}

/// <summary>A webhook subscription with its signing secret, shown only when created or rotated.</summary>
/// <param name="Secret">Signs every delivery (<c>X-OrderStatus-Signature</c>); store it now, it is not shown again.</param>
internal sealed record WebhookWithSecretResponse(
    Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description, bool Active, DateTimeOffset CreatedAt, string Secret)
{
    public static WebhookWithSecretResponse From(WebhookSubscription s) =>
        new(s.Id, s.Url, s.EventTypes, s.Description, s.Active, s.CreatedAt, s.Secret);
}

/// <summary>The secret that signs deliveries to orders' <c>statusCallbackUrl</c>.</summary>
internal sealed record CallbackSecretResponse(string Secret, DateTimeOffset RotatedAt)
{
    public static CallbackSecretResponse From(MerchantCallbackSecret s) => new(s.Secret, s.RotatedAt);
}

/// <summary>Deliveries, newest first.</summary>
internal sealed record DeliveryListResponse(IReadOnlyList<DeliveryResponse> Items);

/// <summary>One event sent to one URL, with every attempt.</summary>
/// <param name="EventId">The history entry's id; the same in the delivered body, for deduplication.</param>
/// <param name="NextAttemptAt">When the next retry is due; null once delivered or given up.</param>
/// <param name="LastLatencyMs">Duration of the last attempt in milliseconds.</param>
/// <param name="RedeliveryOf">The delivery this one repeats (<c>POST …/redeliver</c>).</param>
internal sealed record DeliveryResponse(
    Guid Id, Guid EventId, string EventType, Guid OrderId, string Url, WebhookDeliveryState State, int AttemptCount,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? CompletedAt, int? LastStatusCode, int? LastLatencyMs,
    string? LastError, Guid? RedeliveryOf, IReadOnlyList<AttemptResponse> Attempts)
{
    public static DeliveryResponse From(WebhookDelivery d) =>
        new(d.Id, d.EventId, d.EventType, d.OrderId, d.Url, d.State, d.AttemptCount, d.CreatedAt, d.NextAttemptAt, d.CompletedAt,
            d.LastStatusCode, d.LastLatencyMs, d.LastError, d.RedeliveryOf,
            [.. d.Attempts.OrderBy(a => a.Number).Select(a => new AttemptResponse(a.Number, a.AttemptedAt, a.StatusCode, a.LatencyMs, a.Error, a.Succeeded, a.NextAttemptAt))]);
}

/// <summary>One attempt of a delivery.</summary>
/// <param name="StatusCode">The receiver's HTTP status; null when no response came.</param>
/// <param name="Error">Why the attempt failed, when it did.</param>
internal sealed record AttemptResponse(
    int Number, DateTimeOffset AttemptedAt, int? StatusCode, int LatencyMs, string? Error, bool Succeeded, DateTimeOffset? NextAttemptAt);
