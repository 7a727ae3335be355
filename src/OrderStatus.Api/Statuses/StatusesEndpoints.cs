using Microsoft.AspNetCore.Http.HttpResults;
using OrderStatus.Api.OpenApi;
using OrderStatus.Api.Orders;
using OrderStatus.Application.Access;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Statuses;

namespace OrderStatus.Api.Statuses;

/// <summary>The status catalogue and the merchant's custom statuses (SPEC section 5).</summary>
internal static class StatusesEndpoints
{
    public static IEndpointRouteBuilder MapStatuses(this IEndpointRouteBuilder api)
    {
        var read = api.MapGroup("/statuses").WithTags("Statuses").RequireAuthorization(Scopes.OrdersRead)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        var write = api.MapGroup("/statuses").WithTags("Statuses").RequireAuthorization(Scopes.OrdersWrite)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        read.MapGet("/", async Task<Results<Ok<CatalogueView>, StatusCodeHttpResult>> (HttpContext http, StatusCatalogue catalogue, CancellationToken ct) =>
            {
                var view = await catalogue.GetAsync(ct);
                var etag = ETags.ForContent(System.Text.Json.JsonSerializer.Serialize(view.CustomStatuses, ApiJson.Options));
                return ETags.OkOrNotModified(http, etag, view);
            })
            .WithName("GetStatusCatalogue")
            .WithSummary("Canonical statuses (with their allowed next statuses), fulfilment codes and the merchant's custom statuses.")
            .WithDescription("Has an ETag; `If-None-Match` answers 304 while the catalogue is unchanged.")
            .HonoursIfNoneMatch();

        write.MapPost("/custom", async Task<Created<CustomStatusView>> (CustomStatusRequest body, StatusCatalogue catalogue, CancellationToken ct) =>
            {
                var status = await catalogue.CreateAsync(body.ToCommand(), ct);
                return TypedResults.Created($"/api/v1/statuses/custom/{status.Id}", status);
            })
            .Validate<CustomStatusRequest>()
            .WithName("CreateCustomStatus")
            .WithMetadata(new OpenApiExample(OpenApiExamples.CustomStatus, null))
            .WithSummary("Create a custom status (name, color, icon, sort, effect none|done|cancelled).")
            .WithDescription("Set it on an order with `PATCH /orders/{id}/status {\"customStatusId\": …}`; an effect also performs that transition.");

        write.MapPut("/custom/{id}", async Task<Ok<CustomStatusView>> (string id, CustomStatusRequest body, StatusCatalogue catalogue, CancellationToken ct) =>
                TypedResults.Ok(await catalogue.UpdateAsync(Ids.CustomStatus(id), body.ToCommand(), ct)))
            .Validate<CustomStatusRequest>()
            .WithName("UpdateCustomStatus")
            .WithMetadata(new OpenApiExample(OpenApiExamples.RenamedCustomStatus, null))
            .WithSummary("Rename, recolour, reorder or change the effect of a custom status (all fields replaced).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        write.MapDelete("/custom/{id}", async Task<NoContent> (string id, StatusCatalogue catalogue, CancellationToken ct) =>
            {
                await catalogue.DeleteAsync(Ids.CustomStatus(id), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteCustomStatus")
            .WithSummary("Delete a custom status; 409 `custom_status_in_use` while orders carry it.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }
}
