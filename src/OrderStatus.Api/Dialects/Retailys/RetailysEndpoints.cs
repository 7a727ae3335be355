using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OrderStatus.Api.Access;
using OrderStatus.Api.Idempotency;
using OrderStatus.Api.OpenApi;
using OrderStatus.Api.Orders;
using OrderStatus.Api.Surfaces;
using OrderStatus.Application.Access;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Statuses;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.Dialects.Retailys;

/// <summary>
/// The Retailys <c>/System/Orders</c> dialect (seed 001, issue 11): its 16 routes at <c>/System/Orders…</c>
/// and at <c>/v1/System/Orders…</c> (the vendor SDK's host ends in <c>/v1</c>). Each handler translates
/// the request, calls one canonical use case with the order's number as its key, and maps the answer.
/// </summary>
internal sealed class RetailysEndpoints : IEndpointModule
{
    public const string DocumentName = "retailys";
    public const string Tag = "Retailys orders";
    private const string OrderId = "order-id";
    private const string ItemId = "order-item-id";

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        // Endpoint names are unique: the /v1 copies' names end in "V1".
        foreach (var (root, suffix) in new[] { ("/System", string.Empty), ("/v1/System", "V1") })
        {
            // The rest of the vendor's /System API (People, Channels … the api_links point there) is not served,
            // but its unknown routes answer in the dialect's shape too.
            app.MapGroup(root).WithErrorShape<RetailysErrors>();
            MapOrders(app.MapGroup(root + "/Orders"), suffix);
        }
    }

    private static void MapOrders(RouteGroupBuilder orders, string suffix)
    {
        orders.WithErrorShape<RetailysErrors>()
            .WithAuthenticationScheme(RetailysAuthenticationHandler.SchemeName)
            .WithIdempotency()
            .WithGroupName(DocumentName)
            .WithTags(Tag)
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(RetailysError), ["application/json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(RetailysError), ["application/json"]));
        var read = orders.MapGroup(string.Empty).RequireAuthorization(Scopes.OrdersRead);
        var write = orders.MapGroup(string.Empty).RequireAuthorization(Scopes.OrdersWrite);

        write.MapPost(string.Empty, async Task<Created<RetailysId>> (RetailysOrderPostRequest body, OrderCommands commands, CancellationToken ct) =>
            {
                var order = await commands.CreateAsync(RetailysMapping.ToCreateOrder(body), ct);
                return TypedResults.Created($"{RetailysMapping.OrdersPath}/{order.Number}", new RetailysId(order.Number));
            })
            .WithName("RetailysPostOrder" + suffix)
            .WithSummary("Create new Order in system (postOrder).")
            .WithDescription("`order_currency_code` is required (ISO 4217). The order's reference is its number. Answers the number as `id`.")
            .Produces<RetailysError>(StatusCodes.Status400BadRequest);

        read.MapGet(string.Empty, async Task<Ok<RetailysOrders>> (
                [AsParameters] RetailysOrderListParameters query, OrderPages pages, CancellationToken ct) =>
            {
                var (filter, page, perPage, expanded) = query.Parse();
                var result = await pages.ListAsync(filter, (long)(page - 1) * perPage, perPage, ct);
                return TypedResults.Ok(new RetailysOrders(
                    new RetailysPaginator(page, perPage, RetailysWire.Pages(result.Total, perPage), result.Total),
                    [.. result.Orders.Select(o => RetailysMapping.ToOrder(o, result.Facts[o.Id], expanded))]));
            })
            .WithName("RetailysGetOrders" + suffix)
            .WithSummary("Find orders by params (getOrders).")
            .WithDescription("Newest order date first. Filters combine with AND; `page` from 1, `per_page` 10–250 (default 10). Booleans: `1`, `0`, `true`, `false`; dates: any ISO 8601. An unknown `status_id` is 404.")
            .Produces<RetailysError>(StatusCodes.Status400BadRequest)
            .Produces<RetailysError>(StatusCodes.Status404NotFound);

        write.MapPut(string.Empty, async Task<Ok<RetailysId>> (RetailysOrderPutRequest body, HttpContext http, OrderCommands commands, CancellationToken ct) =>
            {
                var key = body.Id is { } id && id > 0 ? OrderKey.ByNumber(id) : throw UseCaseProblem.Invalid("id", "'id' (the order's number) is required.");
                var order = await commands.UpdateDetailsAsync(key, new OrderDetailsPatch { ShippingAddress = RetailysMapping.ToShippingAddress(body) }, ETags.IfMatchVersion(http.Request), ct);
                http.Response.Headers.ETag = ETags.ForVersion(order.Version);
                return TypedResults.Ok(new RetailysId(order.Number));
            })
            .WithName("RetailysPutOrder" + suffix)
            .WithSummary("Update Order system, only the delivery address (putOrder).")
            .WithDescription("`id` is the order's number; the delivery address is replaced as a whole by the `delivery_*` fields sent.")
            .Produces<RetailysError>(StatusCodes.Status400BadRequest)
            .Produces<RetailysError>(StatusCodes.Status404NotFound)
            .HonoursIfMatch();

        // Literal before parameter: ASP.NET routing prefers "Statuses" to "{order-id}" whatever the order of mapping.
        read.MapGet("/Statuses", async Task<Ok<RetailysOrderStatuses>> (int? page, [FromQuery(Name = "per_page")] int? perPage, StatusCatalogue catalogue, CancellationToken ct) =>
            {
                var (p, size) = RetailysOrderListParameters.Paging(page, perPage);
                var statuses = (await catalogue.GetAsync(ct)).CustomStatuses;
                return TypedResults.Ok(new RetailysOrderStatuses(
                    new RetailysPaginator(p, size, RetailysWire.Pages(statuses.Count, size), statuses.Count),
                    [.. statuses.Skip((int)Math.Min((long)(p - 1) * size, int.MaxValue)).Take(size).Select(RetailysMapping.ToStatus)]));
            })
            .WithName("RetailysGetOrdersStatuses" + suffix)
            .WithSummary("Get all order statuses of the instance: the merchant's custom statuses (getOrdersStauses).")
            .WithDescription("`complete_order` ⇔ effect done, `cancel_order` ⇔ effect cancelled. Paged like the order list.")
            .Produces<RetailysError>(StatusCodes.Status400BadRequest);

        read.MapGet("/{order-id}", async Task<Ok<RetailysOrder>> (
                [FromRoute(Name = OrderId)] string orderId, bool? expanded, HttpContext http, OrderQueries queries, OrderPages pages, CancellationToken ct) =>
            {
                var order = await queries.GetAsync(RetailysMapping.OrderKeyOf(orderId), ct);
                http.Response.Headers.ETag = ETags.ForVersion(order.Version);
                return TypedResults.Ok(await ToModelAsync(order, pages, expanded ?? false, ct));
            })
            .WithName("RetailysGetOrder" + suffix)
            .WithSummary("Find order by ID (getOrder).")
            .WithDescription("`expanded=true` replaces the `{id, api_link}` references by objects.")
            .Produces<RetailysError>(StatusCodes.Status404NotFound);

        MapItems(write, suffix);
        MapStateChanges(write, suffix);

        write.MapPost("/{order-id}/tracking", async Task<Created<RetailysId>> (
                [FromRoute(Name = OrderId)] string orderId, RetailysTrackingPostRequest body, HttpContext http, OrderCommands commands, CancellationToken ct) =>
            {
                var (order, tracking) = await commands.AddTrackingAsync(RetailysMapping.OrderKeyOf(orderId), RetailysMapping.ToTracking(body), ETags.IfMatchVersion(http.Request), ct);
                http.Response.Headers.ETag = ETags.ForVersion(order.Version);
                return TypedResults.Created($"{RetailysMapping.OrdersPath}/{order.Number}", new RetailysId(tracking.Number));
            })
            .WithName("RetailysPostOrderTracking" + suffix)
            .WithSummary("Add tracking number in Order by ID (postOrderTracking).")
            .WithDescription("`shipper_id` becomes the canonical carrier. Answers the tracking's number as `id`. A tracking number the order already has is 400.")
            .Produces<RetailysError>(StatusCodes.Status400BadRequest)
            .Produces<RetailysError>(StatusCodes.Status404NotFound)
            .HonoursIfMatch();

        write.MapPost("/{order-id}/history", async Task<Created<RetailysId>> (
                [FromRoute(Name = OrderId)] string orderId, RetailysHistoryPostRequest body, HttpContext http, OrderCommands commands, CancellationToken ct) =>
            {
                var (order, entry) = await commands.AddNoteAsync(RetailysMapping.OrderKeyOf(orderId), RetailysMapping.ToNote(body), ETags.IfMatchVersion(http.Request), ct);
                http.Response.Headers.ETag = ETags.ForVersion(order.Version);
                return TypedResults.Created($"/api/v1/orders/{order.Id}/history", new RetailysId(entry.OrderVersion));
            })
            .WithName("RetailysPostOrderHistory" + suffix)
            .WithSummary("Create new record in Order History by ID (postOrderHistory).")
            .WithDescription("A NOTE_ADDED event: `type` → name, `record.name` → note (required), `record.status` → label. Answers the order version the record was written at as `id`.")
            .Produces<RetailysError>(StatusCodes.Status400BadRequest)
            .Produces<RetailysError>(StatusCodes.Status404NotFound)
            .HonoursIfMatch();
    }

    private static void MapItems(RouteGroupBuilder write, string suffix)
    {
        write.MapPost("/{order-id}/item", async Task<Created<RetailysId>> (
                [FromRoute(Name = OrderId)] string orderId, RetailysItemRequest body, HttpContext http, OrderCommands commands, CancellationToken ct) =>
            {
                var (order, item) = await commands.AddItemAsync(RetailysMapping.OrderKeyOf(orderId), RetailysMapping.ToItem(body), ETags.IfMatchVersion(http.Request), ct);
                http.Response.Headers.ETag = ETags.ForVersion(order.Version);
                return TypedResults.Created($"{RetailysMapping.OrdersPath}/{order.Number}", new RetailysId(item.Number));
            })
            .WithName("RetailysPostOrderItem" + suffix)
            .WithSummary("Create new item in Order by ID (postOrderItem).")
            .WithDescription("`{name, count, price, note?, sku?}`; `price` is a number or a PriceModel (`final_price`). Answers the item's number as `id`. Items are frozen once the order is sent (400).")
            .Produces<RetailysError>(StatusCodes.Status400BadRequest)
            .Produces<RetailysError>(StatusCodes.Status404NotFound)
            .HonoursIfMatch();

        write.MapPut("/{order-id}/item", async Task<Created<RetailysId>> (
                [FromRoute(Name = OrderId)] string orderId, RetailysItemRequest body, HttpContext http, OrderCommands commands, CancellationToken ct) =>
            {
                var (order, item) = await commands.UpdateItemAsync(
                    RetailysMapping.OrderKeyOf(orderId), RetailysMapping.ItemKeyOf(body), RetailysMapping.ToItem(body), ETags.IfMatchVersion(http.Request), ct);
                http.Response.Headers.ETag = ETags.ForVersion(order.Version);
                return TypedResults.Created($"{RetailysMapping.OrdersPath}/{order.Number}", new RetailysId(item.Number));
            })
            .WithName("RetailysPutOrderItem" + suffix)
            .WithSummary("Update item in Order by ID (putOrderItem).")
            .WithDescription("The body's `id` is the item's number; name, count, price and note replace the item's. Answers 201 with the item's number, as the vendor's spec does.")
            .Produces<RetailysError>(StatusCodes.Status400BadRequest)
            .Produces<RetailysError>(StatusCodes.Status404NotFound)
            .HonoursIfMatch();

        write.MapDelete("/{order-id}/item/{order-item-id}", async Task<Ok<RetailysId>> (
                [FromRoute(Name = OrderId)] string orderId, [FromRoute(Name = ItemId)] string itemId, HttpContext http, OrderCommands commands, CancellationToken ct) =>
            {
                var (order, item) = await commands.RemoveItemAsync(RetailysMapping.OrderKeyOf(orderId), RetailysMapping.ItemKeyOf(itemId), ETags.IfMatchVersion(http.Request), ct);
                http.Response.Headers.ETag = ETags.ForVersion(order.Version);
                return TypedResults.Ok(new RetailysId(item.Number));
            })
            .WithName("RetailysDeleteOrderItem" + suffix)
            .WithSummary("Delete item in Order by ID (deleteOrderItem).")
            .Produces<RetailysError>(StatusCodes.Status400BadRequest)
            .Produces<RetailysError>(StatusCodes.Status404NotFound)
            .HonoursIfMatch();
    }

    private static void MapStateChanges(RouteGroupBuilder write, string suffix)
    {
        write.MapPatch("/{order-id}/status", async Task<Ok<RetailysOrder>> (
                [FromRoute(Name = OrderId)] string orderId, RetailysStatusPatchRequest body, HttpContext http, OrderCommands commands, OrderPages pages, CancellationToken ct) =>
            {
                var order = await commands.SetCustomStatusAsync(
                    RetailysMapping.OrderKeyOf(orderId), RetailysMapping.CustomStatusKeyOf(body), ETags.IfMatchVersion(http.Request), ct);
                return Answer(http, await ToModelAsync(order, pages, expanded: false, ct), order);
            })
            .WithName("RetailysPatchOrderStatus" + suffix)
            .WithSummary("Set one of the instance's order statuses (patchOrderStatus).")
            .WithDescription("`status_id` is an `id` of `GET /System/Orders/Statuses`; `complete_order` / `cancel_order` also make the order done / cancelled (400 when the lifecycle forbids it). Unknown status: 404.")
            .Produces<RetailysError>(StatusCodes.Status400BadRequest)
            .Produces<RetailysError>(StatusCodes.Status404NotFound)
            .HonoursIfMatch();

        write.MapPatch("/{order-id}/paid", async Task<Ok<RetailysOrder>> (
                [FromRoute(Name = OrderId)] string orderId, RetailysPaidPatchRequest? body, HttpContext http, OrderCommands commands, OrderPages pages, CancellationToken ct) =>
            {
                var order = await commands.ApplyAsync(RetailysMapping.OrderKeyOf(orderId), RetailysMapping.ToPaid(body), ETags.IfMatchVersion(http.Request), ct);
                return Answer(http, await ToModelAsync(order, pages, expanded: false, ct), order);
            })
            .WithName("RetailysPatchOrderPaid" + suffix)
            .WithSummary("Paid order by ID (patchOrderPaid).")
            .WithDescription("`paid` defaults to the order total and may not exceed it; `payment_id` → payment reference, `url` → payment URL, `status` is recorded with the payment. A refused move is 400; repeating it is a no-op.")
            .Produces<RetailysError>(StatusCodes.Status400BadRequest)
            .Produces<RetailysError>(StatusCodes.Status404NotFound)
            .HonoursIfMatch();

        MapMove(write, "done", OrderState.Done, StatusCodes.Status400BadRequest, "RetailysPatchOrderDone", "Finish order by ID (patchOrderDone).", suffix);
        MapMove(write, "cancel", OrderState.Cancelled, StatusCodes.Status400BadRequest, "RetailysPatchOrderCancel", "Cancel order by ID (patchOrderCancel).", suffix);
        MapMove(write, "sent", OrderState.Sent, StatusCodes.Status422UnprocessableEntity, "RetailysPatchOrderSent", "Set flag sent on order by ID (patchOrderSent).", suffix);
        MapMove(write, "delivered", OrderState.Delivered, StatusCodes.Status422UnprocessableEntity, "RetailysPatchOrderDelivered", "Set flag delivered on order by ID (patchOrderDelivered).", suffix);
    }

    private static void MapMove(RouteGroupBuilder write, string path, OrderState target, int refusal, string name, string summary, string suffix) =>
        write.MapPatch("/{order-id}/" + path, async Task<Ok<RetailysOrder>> (
                [FromRoute(Name = OrderId)] string orderId, HttpContext http, OrderCommands commands, OrderPages pages, CancellationToken ct) =>
            {
                var order = await commands.ApplyAsync(RetailysMapping.OrderKeyOf(orderId), StatusChange.To(target), ETags.IfMatchVersion(http.Request), ct);
                return Answer(http, await ToModelAsync(order, pages, expanded: false, ct), order);
            })
            .WithMetadata(new RetailysRefusalStatus(refusal))
            .WithName(name + suffix)
            .WithSummary(summary)
            .WithDescription($"No body. Follows the canonical lifecycle; a refused move answers {refusal} with the current status and the allowed next ones in `detail`; repeating the current state is a 200 no-op.")
            .Produces<RetailysError>(refusal)
            .Produces<RetailysError>(StatusCodes.Status404NotFound)
            .HonoursIfMatch();

    private static Ok<RetailysOrder> Answer(HttpContext http, RetailysOrder model, OrderView order)
    {
        http.Response.Headers.ETag = ETags.ForVersion(order.Version);
        return TypedResults.Ok(model);
    }

    private static async Task<RetailysOrder> ToModelAsync(OrderView order, OrderPages pages, bool expanded, CancellationToken ct)
    {
        var facts = await pages.FactsAsync([order], ct);
        return RetailysMapping.ToOrder(order, facts[order.Id], expanded);
    }
}
