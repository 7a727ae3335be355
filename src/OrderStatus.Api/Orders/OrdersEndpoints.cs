using Microsoft.AspNetCore.Http.HttpResults;
using OrderStatus.Api.OpenApi;
using OrderStatus.Application.Access;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Statuses;
using OrderStatus.Domain;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.Orders;

/// <summary>The canonical orders API (issue #4): orders, items, lifecycle, holds, trackings, collection status, history.</summary>
internal static class OrdersEndpoints
{
    private const string ChangeNote =
        " Send `If-Match: \"<version>\"` to refuse the change (412) when the order has changed since you read it;" +
        " without it, concurrent changes of one order are applied one after the other. The response carries the new `ETag`.";

    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder api)
    {
        var read = api.MapGroup("/orders").WithTags("Orders").RequireAuthorization(Scopes.OrdersRead)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        var write = api.MapGroup("/orders").WithTags("Orders").RequireAuthorization(Scopes.OrdersWrite)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        write.MapPost("/", async Task<Created<OrderView>> (CreateOrderRequest body, HttpContext http, OrderCommands orders, CancellationToken ct) =>
            {
                var order = await orders.CreateAsync(body.ToCommand(), ct);
                http.Response.Headers.ETag = ETags.ForVersion(order.Version);
                return TypedResults.Created($"/api/v1/orders/{order.Id}", order);
            })
            .Validate<CreateOrderRequest>()
            .WithName("CreateOrder")
            .WithSummary("Create an order with its items.")
            .WithDescription("`reference` is unique per merchant (409 `duplicate_reference`). Totals are computed; amounts use the currency's minor-unit precision.")
            .WithMetadata(new OpenApiExample((Func<object>)(() => OpenApiExamples.NewCreateOrder()), OpenApiExamples.Order))
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        read.MapGet("/", async Task<Results<Ok<OrderPage>, StatusCodeHttpResult>> (
                [AsParameters] OrderListParameters parameters,
                HttpContext http,
                OrderReads orders,
                CancellationToken ct) =>
            {
                var page = await orders.ListAsync(parameters.ToQuery(), ct);
                var etag = ETags.ForContent(string.Join(",", page.Items.Select(o => $"{o.Id:N}:{o.Version}")) + "|" + page.NextCursor);
                return ETags.OkOrNotModified(http, etag, page);
            })
            .ProducesValidationProblem()
            .WithName("ListOrders")
            .DescribesQuery(OrderListParameters.Docs)
            .WithSummary("List orders, newest first, with filters and keyset pagination.")
            .WithDescription("Filters combine with AND; `number` is the order's number. `limit` 1–200 (default 50); pass `nextCursor` as `cursor` for the next page (cursors are signed: a changed one answers 400). The page has an ETag (`If-None-Match` → 304).")
            .HonoursIfNoneMatch();

        read.MapGet("/{id}", async Task<Results<Ok<OrderView>, StatusCodeHttpResult>> (
                string id, long? minVersion, HttpContext http, OrderReads orders, CancellationToken ct) =>
            {
                var order = await orders.GetAsync(Ids.Order(id), ETags.RequiredVersion(http.Request, minVersion), ct);
                return ETags.OkOrNotModified(http, ETags.ForVersion(order.Version), order);
            })
            .WithName("GetOrder")
            .WithSummary("Get an order.")
            .WithDescription("The ETag is the order's version; `If-None-Match` with it answers 304.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .HonoursIfNoneMatch();

        read.MapGet("/by-reference/{reference}", async Task<Results<Ok<OrderView>, StatusCodeHttpResult>> (
                string reference, long? minVersion, HttpContext http, OrderReads orders, CancellationToken ct) =>
            {
                var order = await orders.GetAsync(OrderKey.ByReference(reference), ETags.RequiredVersion(http.Request, minVersion), ct);
                return ETags.OkOrNotModified(http, ETags.ForVersion(order.Version), order);
            })
            .WithName("GetOrderByReference")
            .WithSummary("Get an order by the merchant's reference.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .HonoursIfNoneMatch();

        read.MapGet("/by-number/{number}", async Task<Results<Ok<OrderView>, StatusCodeHttpResult>> (
                string number, long? minVersion, HttpContext http, OrderReads orders, CancellationToken ct) =>
            {
                var order = await orders.GetAsync(Ids.OrderNumber(number), ETags.RequiredVersion(http.Request, minVersion), ct);
                return ETags.OkOrNotModified(http, ETags.ForVersion(order.Version), order);
            })
            .WithName("GetOrderByNumber")
            .WithSummary("Get an order by its number (per merchant, assigned at creation: 1, 2, 3 …).")
            .WithDescription("The same order and ETag as `GET /orders/{id}`.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .HonoursIfNoneMatch();

        read.MapGet("/{id}/status", async Task<Results<Ok<OrderStatusView>, StatusCodeHttpResult>> (
                string id, long? minVersion, HttpContext http, OrderReads orders, CancellationToken ct) =>
            {
                var status = await orders.GetStatusAsync(Ids.Order(id), ETags.RequiredVersion(http.Request, minVersion), ct);
                return ETags.OkOrNotModified(http, ETags.ForVersion(status.Version), status);
            })
            .WithName("GetOrderStatus")
            .WithSummary("The small status projection dashboards poll.")
            .WithDescription("Status, fulfilment code, custom status, hold, collection status, trackings summary, timestamps and version. Poll it with `If-None-Match` (304 while unchanged).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .HonoursIfNoneMatch();

        write.MapPatch("/{id}", async Task<Ok<OrderView>> (string id, UpdateOrderRequest body, HttpContext http, OrderCommands orders, CancellationToken ct) =>
                Ok(http, await orders.UpdateDetailsAsync(Ids.Order(id), body.ToCommand(), ETags.IfMatchVersion(http.Request), ct)))
            .ProducesValidationProblem()
            .WithName("UpdateOrder")
            .WithMetadata(new OpenApiExample(OpenApiExamples.UpdateOrder, null))
            .WithSummary("Change customer, addresses, identifiers, callback URL or client timestamps.")
            .WithDescription("Absent or null fields keep their value; `customer` and addresses are replaced as a whole. Records ORDER_UPDATED." + ChangeNote)
            .WithChangeProblems()
            .HonoursIfMatch();

        MapLifecycle(write);
        MapItems(write);
        MapTrackings(read, write);
        MapHistory(read, write);
        return api;
    }

    private static void MapLifecycle(RouteGroupBuilder write)
    {
        write.MapPost("/{id}/paid", async Task<Ok<OrderView>> (string id, PaidRequest? body, HttpContext http, OrderCommands orders, CancellationToken ct) =>
                Ok(http, await orders.ApplyAsync(Ids.Order(id), (body ?? new PaidRequest()).ToChange(), ETags.IfMatchVersion(http.Request), ct)))
            .ProducesValidationProblem()
            .WithName("MarkOrderPaid")
            .WithSummary("Record the payment: status → paid.")
            .WithDescription("`amount` defaults to the order total and may not exceed it (422). Repeating it on a paid order is a no-op (200, same version)." + ChangeNote)
            .WithMetadata(new OpenApiExample(OpenApiExamples.Paid, OpenApiExamples.PaidOrder))
            .WithChangeProblems()
            .HonoursIfMatch();

        MapSimpleTransition(write, "in-fulfilment", OrderState.InFulfilment, "MarkOrderInFulfilment", "Status → in_fulfilment.");
        write.MapPost("/{id}/sent", async Task<Ok<OrderView>> (string id, SentRequest? body, HttpContext http, OrderCommands orders, CancellationToken ct) =>
                Ok(http, await orders.ApplyAsync(Ids.Order(id), (body ?? new SentRequest()).ToChange(), ETags.IfMatchVersion(http.Request), ct)))
            .ProducesValidationProblem()
            .WithName("MarkOrderSent")
            .WithMetadata(new OpenApiExample(OpenApiExamples.Sent, null))
            .WithSummary("Status → sent, optionally with a tracking.")
            .WithDescription("A tracking given here is attached (TRACKING_ADDED), also when the order is already sent." + ChangeNote)
            .WithChangeProblems()
            .HonoursIfMatch();
        MapSimpleTransition(write, "delivered", OrderState.Delivered, "MarkOrderDelivered", "Status → delivered.");
        MapSimpleTransition(write, "done", OrderState.Done, "MarkOrderDone", "Status → done.");
        write.MapPost("/{id}/cancel", async Task<Ok<OrderView>> (string id, CancelRequest? body, HttpContext http, OrderCommands orders, CancellationToken ct) =>
                Ok(http, await orders.ApplyAsync(Ids.Order(id), (body ?? new CancelRequest()).ToChange(), ETags.IfMatchVersion(http.Request), ct)))
            .ProducesValidationProblem()
            .WithName("CancelOrder")
            .WithMetadata(new OpenApiExample(OpenApiExamples.Cancel, null))
            .WithSummary("Status → cancelled, with an optional reason.")
            .WithDescription("Allowed from created, paid and in_fulfilment, also while on hold (the hold is released)." + ChangeNote)
            .WithChangeProblems()
            .HonoursIfMatch();

        write.MapPatch("/{id}/status", async Task<Ok<OrderView>> (string id, StatusChangeRequest body, HttpContext http, OrderCommands orders, CancellationToken ct) =>
                Ok(http, body.CustomStatusId is { } customStatusId
                    ? await orders.SetCustomStatusAsync(Ids.Order(id), customStatusId, ETags.IfMatchVersion(http.Request), ct)
                    : await orders.ApplyAsync(Ids.Order(id), body.ToChange()!, ETags.IfMatchVersion(http.Request), ct)))
            .Validate<StatusChangeRequest>()
            .WithName("ChangeOrderStatus")
            .WithSummary("Generic status change: exactly one of `status`, `code` (fulfilment code 8–516) or `customStatusId`.")
            .WithDescription("`{\"status\":\"paid\"}` is the same transition as `POST …/paid` with the same optional fields (amount, paymentReference, paymentUrl, reason, tracking). A code outside the table answers 422 with `validCodes`; a custom status with an effect also performs that transition." + ChangeNote)
            .WithMetadata(new OpenApiExample(OpenApiExamples.StatusByCode, null))
            .WithChangeProblems()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .HonoursIfMatch();

        write.MapPost("/{id}/hold", async Task<Ok<OrderView>> (string id, HoldRequest? body, HttpContext http, OrderCommands orders, CancellationToken ct) =>
                Ok(http, await orders.HoldAsync(Ids.Order(id), (body ?? new HoldRequest()).ToCommand(), ETags.IfMatchVersion(http.Request), ct)))
            .ProducesValidationProblem()
            .WithName("HoldOrder")
            .WithMetadata(new OpenApiExample(OpenApiExamples.Hold, null))
            .WithSummary("Put the order on hold (reasons; default ON_HOLD).")
            .WithDescription("While on hold, forward transitions answer 409 `order_on_hold`; cancelling is still allowed." + ChangeNote)
            .WithChangeProblems()
            .HonoursIfMatch();

        write.MapPost("/{id}/release", async Task<Ok<OrderView>> (string id, HttpContext http, OrderCommands orders, CancellationToken ct) =>
                Ok(http, await orders.ReleaseAsync(Ids.Order(id), ETags.IfMatchVersion(http.Request), ct)))
            .WithName("ReleaseOrder")
            .WithSummary("Release every hold reason.")
            .WithDescription("A no-op when the order is not on hold." + ChangeNote)
            .WithChangeProblems()
            .HonoursIfMatch();

        write.MapPut("/{id}/collection-status", async Task<Ok<OrderView>> (
                string id, CollectionStatusRequest body, HttpContext http, OrderCommands orders, CancellationToken ct) =>
                Ok(http, await orders.SetCollectionStatusAsync(
                    Ids.Order(id), WireNames.ParseCollectionStatus(body.CollectionStatus!), ETags.IfMatchVersion(http.Request), ct)))
            .Validate<CollectionStatusRequest>()
            .WithName("SetCollectionStatus")
            .WithMetadata(new OpenApiExample(OpenApiExamples.Collection, null))
            .WithSummary("Set the collection status: COLLECTED, DELIVERED or RETURNED.")
            .WithDescription("Only on an order that has been paid (409 `not_paid` otherwise)." + ChangeNote)
            .WithChangeProblems()
            .HonoursIfMatch();
    }

    private static void MapSimpleTransition(RouteGroupBuilder write, string path, OrderState target, string name, string summary) =>
        write.MapPost("/{id}/" + path, async Task<Ok<OrderView>> (string id, HttpContext http, OrderCommands orders, CancellationToken ct) =>
                Ok(http, await orders.ApplyAsync(Ids.Order(id), StatusChange.To(target), ETags.IfMatchVersion(http.Request), ct)))
            .WithName(name)
            .WithSummary(summary)
            .WithDescription("Follows the lifecycle table (409 `invalid_transition` with `currentStatus` and `allowedNext`); repeating the current status is a no-op." + ChangeNote)
            .WithChangeProblems()
            .HonoursIfMatch();

    private static void MapItems(RouteGroupBuilder write)
    {
        write.MapPost("/{id}/items", async Task<Created<OrderView>> (string id, ItemRequest body, HttpContext http, OrderCommands orders, CancellationToken ct) =>
            {
                var (order, item) = await orders.AddItemAsync(Ids.Order(id), body.ToDetails(), ETags.IfMatchVersion(http.Request), ct);
                http.Response.Headers.ETag = ETags.ForVersion(order.Version);
                return TypedResults.Created($"/api/v1/orders/{order.Id}/items/{item.Id}", order);
            })
            .Validate<ItemRequest>()
            .WithName("AddOrderItem")
            .WithMetadata(new OpenApiExample(OpenApiExamples.AddItem, null))
            .WithSummary("Add an item; the total is recomputed in the same transaction.")
            .WithDescription("Answers the order; `Location` names the new item. Items are frozen once the order is sent (409 `items_frozen`)." + ChangeNote)
            .WithChangeProblems()
            .HonoursIfMatch();

        write.MapPut("/{id}/items/{itemId}", async Task<Ok<OrderView>> (
                string id, string itemId, ItemRequest body, HttpContext http, OrderCommands orders, CancellationToken ct) =>
                Ok(http, (await orders.UpdateItemAsync(Ids.Order(id), Ids.Item(itemId), body.ToDetails(), ETags.IfMatchVersion(http.Request), ct)).Order))
            .Validate<ItemRequest>()
            .WithName("ReplaceOrderItem")
            .WithMetadata(new OpenApiExample(OpenApiExamples.ReplaceItem, null))
            .WithSummary("Replace an item's fields.")
            .WithDescription("Items are frozen once the order is sent (409 `items_frozen`)." + ChangeNote)
            .WithChangeProblems()
            .HonoursIfMatch();

        write.MapDelete("/{id}/items/{itemId}", async Task<Ok<OrderView>> (
                string id, string itemId, HttpContext http, OrderCommands orders, CancellationToken ct) =>
                Ok(http, (await orders.RemoveItemAsync(Ids.Order(id), Ids.Item(itemId), ETags.IfMatchVersion(http.Request), ct)).Order))
            .WithName("RemoveOrderItem")
            .WithSummary("Remove an item; answers the order with its new total.")
            .WithDescription("Items are frozen once the order is sent (409 `items_frozen`)." + ChangeNote)
            .WithChangeProblems()
            .HonoursIfMatch();
    }

    private static void MapTrackings(RouteGroupBuilder read, RouteGroupBuilder write)
    {
        write.MapPost("/{id}/trackings", async Task<Created<TrackingView>> (
                string id, TrackingRequest body, HttpContext http, OrderCommands orders, CancellationToken ct) =>
            {
                var (order, tracking) = await orders.AddTrackingAsync(Ids.Order(id), body.ToDetails(), ETags.IfMatchVersion(http.Request), ct);
                http.Response.Headers.ETag = ETags.ForVersion(order.Version);
                return TypedResults.Created($"/api/v1/orders/{order.Id}/trackings/{tracking.Id}", tracking);
            })
            .ProducesValidationProblem()
            .WithName("AddTracking")
            .WithMetadata(new OpenApiExample(OpenApiExamples.Tracking, null))
            .WithSummary("Add a tracking (parcel) to the order.")
            .WithDescription("409 `duplicate_tracking` when the order already has that tracking number." + ChangeNote)
            .WithChangeProblems()
            .HonoursIfMatch();

        read.MapGet("/{id}/trackings", async Task<Ok<IReadOnlyList<TrackingView>>> (string id, OrderQueries orders, CancellationToken ct) =>
                TypedResults.Ok((await orders.GetAsync(Ids.Order(id), ct)).Trackings))
            .WithName("ListTrackings")
            .WithSummary("The order's trackings with their checkpoints.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        write.MapDelete("/{id}/trackings/{trackingId}", async Task<NoContent> (
                string id, string trackingId, HttpContext http, OrderCommands orders, CancellationToken ct) =>
            {
                var (order, _) = await orders.RemoveTrackingAsync(Ids.Order(id), Ids.Tracking(trackingId), ETags.IfMatchVersion(http.Request), ct);
                http.Response.Headers.ETag = ETags.ForVersion(order.Version);
                return TypedResults.NoContent();
            })
            .WithName("RemoveTracking")
            .WithSummary("Remove a tracking.")
            .WithDescription("Records TRACKING_REMOVED." + ChangeNote)
            .WithChangeProblems()
            .HonoursIfMatch();

        write.MapPost("/{id}/trackings/{trackingId}/checkpoints", async Task<Created<TrackingView>> (
                string id, string trackingId, CheckpointRequest body, HttpContext http, OrderCommands orders, CancellationToken ct) =>
            {
                var (order, tracking) = await orders.AddCheckpointAsync(
                    Ids.Order(id), Ids.Tracking(trackingId), body.ToDetails(), ETags.IfMatchVersion(http.Request), ct);
                http.Response.Headers.ETag = ETags.ForVersion(order.Version);
                return TypedResults.Created($"/api/v1/orders/{order.Id}/trackings/{tracking.Id}", tracking);
            })
            .Validate<CheckpointRequest>()
            .WithName("AddCheckpoint")
            .WithMetadata(new OpenApiExample(OpenApiExamples.Checkpoint, null))
            .WithSummary("Record a carrier checkpoint; answers the tracking.")
            .WithDescription("`status` is the tracking lifecycle (Pending, Transit, Customs, LastMile, ReadyToCollect, Delivered, SentBack, Returned, Failed, Cancelled). A Delivered checkpoint on the last open tracking moves a sent order to delivered." + ChangeNote)
            .WithChangeProblems()
            .HonoursIfMatch();
    }

    private static void MapHistory(RouteGroupBuilder read, RouteGroupBuilder write)
    {
        read.MapGet("/{id}/history", async Task<Ok<HistoryPage>> (
                string id, int? limit, string? cursor, OrderQueries orders, CancellationToken ct) =>
                TypedResults.Ok(await orders.HistoryAsync(Ids.Order(id), new HistoryQuery(cursor, limit), ct)))
            .WithName("GetOrderHistory")
            .DescribesQuery(
                new QueryParameterDoc("limit", "Entries per page, 1–200 (default 100)."),
                new QueryParameterDoc("cursor", "The `nextCursor` of the previous page; absent for the first page."))
            .WithSummary("The order's history, oldest first, paginated (`limit` 1–200, default 100; `cursor`).")
            .WithDescription("Each entry: id, type, fromStatus, toStatus, code, data, actor.clientId, requestId (the X-Request-Id of the request that wrote it), occurredAt, orderVersion.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        write.MapPost("/{id}/history", async Task<Created<HistoryEntryView>> (
                string id, NoteRequest body, HttpContext http, OrderCommands orders, CancellationToken ct) =>
            {
                var (order, entry) = await orders.AddNoteAsync(Ids.Order(id), body.ToCommand(), ETags.IfMatchVersion(http.Request), ct);
                http.Response.Headers.ETag = ETags.ForVersion(order.Version);
                return TypedResults.Created($"/api/v1/orders/{order.Id}/history", entry);
            })
            .ProducesValidationProblem()
            .WithName("AddOrderNote")
            .WithMetadata(new OpenApiExample(OpenApiExamples.Note, null))
            .WithSummary("Add the merchant's own history entry (NOTE_ADDED).")
            .WithDescription("`{name, note, label?}`." + ChangeNote)
            .WithChangeProblems()
            .HonoursIfMatch();
    }

    private static Ok<OrderView> Ok(HttpContext http, OrderView order) => ETags.Ok(http, order.Version, order);

    private static RouteHandlerBuilder WithChangeProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}

/// <summary>
/// Ids in routes are opaque strings: anything that is not one of ours is simply not found. Items, trackings and
/// custom statuses are addressed by id or by number.
/// </summary>
internal static class Ids
{
    public static OrderKey Order(string id) =>
        Guid.TryParse(id, out var value) ? value : throw new UseCaseProblem(UseCaseProblemKind.NotFound, UseCaseCodes.OrderNotFound, $"There is no order {id}.");

    public static OrderKey OrderNumber(string number) =>
        long.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? OrderKey.ByNumber(value)
            : throw new UseCaseProblem(UseCaseProblemKind.NotFound, UseCaseCodes.OrderNotFound, $"There is no order number {number}.");

    public static ItemKey Item(string id) =>
        ItemKey.TryParse(id, out var key) ? key : throw new OrderRuleViolation(OrderRuleCodes.ItemNotFound, $"The order has no item {id}.");

    public static TrackingKey Tracking(string id) =>
        TrackingKey.TryParse(id, out var key) ? key : throw new OrderRuleViolation(OrderRuleCodes.TrackingNotFound, $"The order has no tracking {id}.");

    public static CustomStatusKey CustomStatus(string id) =>
        Guid.TryParse(id, out var value) ? value
        : int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? CustomStatusKey.ByNumber(number)
            : throw UseCaseProblem.CustomStatusNotFound(id);
}

/// <summary>Query string of <c>GET /orders</c>; ASP.NET Core matches the keys case-insensitively, the document names them in camelCase.</summary>
internal sealed record OrderListParameters(
    string? Status,
    bool? OnHold,
    long? Number,
    string? Reference,
    string? ExternalOrderId,
    string? CustomerNumber,
    string? CustomerEmail,
    string? Channel,
    string? TrackingNumber,
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo,
    int? Limit,
    string? Cursor)
{
    public static QueryParameterDoc[] Docs { get; } =
    [
        new("status", "Only orders in this status.", OrderStates.WireNames),
        new("onHold", "`true`: only orders on hold; `false`: only orders not on hold."),
        new("number", "The order's number (per merchant, assigned at creation: 1, 2, 3 …)."),
        new("reference", "The merchant's reference, exactly."),
        new("externalOrderId", "The external order id (e.g. the shop's), exactly."),
        new("customerNumber", "The merchant's customer number, exactly."),
        new("customerEmail", "The customer's e-mail address; case does not matter."),
        new("channel", "The sales channel, exactly (e.g. `webshop`)."),
        new("trackingNumber", "Orders with a tracking of this number."),
        new("createdFrom", "Created at or after this instant (ISO 8601 with offset, e.g. `2026-11-01T00:00:00Z`)."),
        new("createdTo", "Created at or before this instant (ISO 8601 with offset)."),
        new("limit", $"Orders per page, 1–200 (default {OrderQueries.DefaultLimit})."),
        new("cursor", "The `nextCursor` of the previous page, with the same filters; absent for the first page. A changed cursor answers 400."),
    ];

    /// <summary>The use case's query; an unknown status name answers 400 here (the use case takes the state itself).</summary>
    public OrderListQuery ToQuery() => new()
    {
        Status = Status is null ? null
            : OrderStates.TryParseWireName(Status, out var state) ? state
            : throw UseCaseProblem.Invalid("status", $"'{Status}' is not a status; use one of: {string.Join(", ", OrderStates.WireNames)}."),
        OnHold = OnHold,
        Number = Number,
        Reference = Reference,
        ExternalOrderId = ExternalOrderId,
        CustomerNumber = CustomerNumber,
        CustomerEmail = CustomerEmail,
        Channel = Channel,
        TrackingNumber = TrackingNumber,
        CreatedFrom = CreatedFrom,
        CreatedTo = CreatedTo,
        Limit = Limit,
        Cursor = Cursor,
    };
}
