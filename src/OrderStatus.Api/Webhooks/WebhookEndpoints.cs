using Microsoft.AspNetCore.Http.HttpResults;
using OrderStatus.Application.Access;
using OrderStatus.Application.Webhooks;

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

internal sealed record WebhookRequest(string? Url, IReadOnlyList<string>? EventTypes, string? Description, bool? Active);

internal sealed record WebhookPatchRequest(string? Url, IReadOnlyList<string>? EventTypes, string? Description, bool? Active);

internal sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Items);

internal sealed record WebhookResponse(
    Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description, bool Active, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, int ConsecutiveFailures, DateTimeOffset? DisabledAt, string? DisabledReason)
{
    public static WebhookResponse From(WebhookSubscription s) =>
        new(s.Id, s.Url, s.EventTypes, s.Description, s.Active, s.CreatedAt, s.UpdatedAt, s.ConsecutiveFailures, s.DisabledAt, s.DisabledReason);
}

internal sealed record WebhookWithSecretResponse(
    Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description, bool Active, DateTimeOffset CreatedAt, string Secret)
{
    public static WebhookWithSecretResponse From(WebhookSubscription s) =>
        new(s.Id, s.Url, s.EventTypes, s.Description, s.Active, s.CreatedAt, s.Secret);
}

internal sealed record CallbackSecretResponse(string Secret, DateTimeOffset RotatedAt)
{
    public static CallbackSecretResponse From(MerchantCallbackSecret s) => new(s.Secret, s.RotatedAt);
}

internal sealed record DeliveryListResponse(IReadOnlyList<DeliveryResponse> Items);

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

internal sealed record AttemptResponse(
    int Number, DateTimeOffset AttemptedAt, int? StatusCode, int LatencyMs, string? Error, bool Succeeded, DateTimeOffset? NextAttemptAt);
