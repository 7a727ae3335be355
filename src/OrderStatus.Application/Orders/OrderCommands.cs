using Microsoft.EntityFrameworkCore;
using OrderStatus.Application.Persistence;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Orders;

/// <summary>The canonical use cases that change orders; every HTTP surface calls these.</summary>
public sealed class OrderCommands(OrderStore store, OrdersDbContext db)
{
    public Task<OrderView> CreateAsync(CreateOrderRequest request, CancellationToken ct)
    {
        var order = Order.Create(
            db.MerchantId,
            request.Reference!,
            request.Currency!,
            (request.Items ?? []).Select(ToDetails),
            store.Now(),
            new OrderDetails
            {
                ExternalOrderId = request.ExternalOrderId,
                CustomerNumber = request.CustomerNumber,
                Channel = request.Channel,
                Customer = request.Customer ?? Customer.Empty,
                ShippingAddress = request.ShippingAddress,
                BillingAddress = request.BillingAddress,
                StatusCallbackUrl = request.StatusCallbackUrl,
                ClientCreatedAt = request.ClientCreatedAt?.ToUniversalTime(),
                ClientUpdatedAt = request.ClientUpdatedAt?.ToUniversalTime(),
            });
        return store.AddAsync(order, ct);
    }

    public async Task<OrderView> UpdateDetailsAsync(Guid id, long? ifMatch, UpdateOrderRequest request, CancellationToken ct) =>
        (await store.ChangeAsync(id, ifMatch, (order, now) =>
        {
            var current = order.CurrentDetails();
            return order.UpdateDetails(
                current with
                {
                    ExternalOrderId = request.ExternalOrderId ?? current.ExternalOrderId,
                    CustomerNumber = request.CustomerNumber ?? current.CustomerNumber,
                    Channel = request.Channel ?? current.Channel,
                    Customer = request.Customer ?? current.Customer,
                    ShippingAddress = request.ShippingAddress ?? current.ShippingAddress,
                    BillingAddress = request.BillingAddress ?? current.BillingAddress,
                    StatusCallbackUrl = request.StatusCallbackUrl ?? current.StatusCallbackUrl,
                    ClientCreatedAt = request.ClientCreatedAt?.ToUniversalTime() ?? current.ClientCreatedAt,
                    ClientUpdatedAt = request.ClientUpdatedAt?.ToUniversalTime() ?? current.ClientUpdatedAt,
                },
                now);
        }, ct)).View();

    /// <summary>Any lifecycle move: canonical status, fulfilment code or custom status (all through <see cref="Order.Apply"/>).</summary>
    public async Task<OrderView> ApplyAsync(Guid id, long? ifMatch, StatusChange change, CancellationToken ct, string? customStatusName = null) =>
        (await store.ChangeAsync(id, ifMatch, (order, now) =>
        {
            if (change is TargetStatusChange { Target: OrderState.Paid, Amount: { } amount } && !Rules.FitsCurrency(amount, order.Currency))
            {
                throw UseCaseProblem.Invalid("amount", Rules.PrecisionMessage(order.Currency));
            }

            return order.Apply(change, now);
        }, ct, customStatusName)).View();

    /// <summary><c>PATCH …/status</c>: exactly one of status, code, customStatusId (checked by the validator).</summary>
    public async Task<OrderView> ChangeStatusAsync(Guid id, long? ifMatch, StatusChangeRequest request, CancellationToken ct)
    {
        var tracking = ToDetails(request.Tracking);
        if (request.CustomStatusId is { } customId)
        {
            var custom = await db.CustomStatuses.AsNoTracking().Where(s => s.Id == customId)
                .Select(s => new { s.Name, s.Effect })
                .SingleOrDefaultAsync(ct)
                ?? throw UseCaseProblem.CustomStatusNotFound(customId);
            return await ApplyAsync(id, ifMatch, StatusChange.Custom(customId, custom.Effect, custom.Name), ct, custom.Name);
        }

        if (request.Code is { } code)
        {
            return await ApplyAsync(id, ifMatch, StatusChange.Fulfilment(code, tracking, request.HoldReason), ct);
        }

        var target = WireNames.ParseState(request.Status!);
        return await ApplyAsync(
            id,
            ifMatch,
            new TargetStatusChange(target)
            {
                Amount = request.Amount,
                PaymentReference = request.PaymentReference,
                PaymentUrl = request.PaymentUrl,
                Reason = request.Reason,
                Tracking = tracking,
            },
            ct);
    }

    public async Task<OrderView> HoldAsync(Guid id, long? ifMatch, HoldRequest request, CancellationToken ct) =>
        (await store.ChangeAsync(id, ifMatch, (order, now) => order.PlaceHold(request.Reasons, now), ct)).View();

    public async Task<OrderView> ReleaseAsync(Guid id, long? ifMatch, CancellationToken ct) =>
        (await store.ChangeAsync(id, ifMatch, (order, now) => order.ReleaseHold(now), ct)).View();

    public async Task<(OrderView Order, ItemView Item)> AddItemAsync(Guid id, long? ifMatch, ItemRequest request, CancellationToken ct)
    {
        var result = await store.ChangeAsync(id, ifMatch, (order, now) =>
        {
            CheckPrice(request, order.Currency);
            if (order.Items.Count >= Rules.MaxItems && !order.AreItemsFrozen())
            {
                throw UseCaseProblem.Invalid("items", $"An order has at most {Rules.MaxItems} items.");
            }

            return order.AddItem(ToDetails(request), now);
        }, ct);
        return (result.View(), ItemView.From(result.Value));
    }

    public async Task<OrderView> UpdateItemAsync(Guid id, Guid itemId, long? ifMatch, ItemRequest request, CancellationToken ct) =>
        (await store.ChangeAsync(id, ifMatch, (order, now) =>
        {
            CheckPrice(request, order.Currency);
            return order.UpdateItem(itemId, ToDetails(request), now);
        }, ct)).View();

    public async Task<OrderView> RemoveItemAsync(Guid id, Guid itemId, long? ifMatch, CancellationToken ct) =>
        (await store.ChangeAsync(id, ifMatch, (order, now) => order.RemoveItem(itemId, now), ct)).View();

    public async Task<(OrderView Order, TrackingView Tracking)> AddTrackingAsync(Guid id, long? ifMatch, TrackingRequest request, CancellationToken ct)
    {
        var result = await store.ChangeAsync(id, ifMatch, (order, now) => order.AddTracking(ToDetails(request)!, now), ct);
        return (result.View(), TrackingView.From(result.Value));
    }

    public async Task<OrderView> RemoveTrackingAsync(Guid id, Guid trackingId, long? ifMatch, CancellationToken ct) =>
        (await store.ChangeAsync(id, ifMatch, (order, now) => order.RemoveTracking(trackingId, now), ct)).View();

    public async Task<(OrderView Order, TrackingView Tracking)> AddCheckpointAsync(
        Guid id, Guid trackingId, long? ifMatch, CheckpointRequest request, CancellationToken ct)
    {
        if (!WireNames.TryParseLifecycle(request.Status, out var lifecycle))
        {
            throw UseCaseProblem.Invalid("status", $"'{request.Status}' is not a tracking lifecycle.");
        }

        var result = await store.ChangeAsync(id, ifMatch, (order, now) =>
        {
            order.AddCheckpoint(
                trackingId,
                new CheckpointDetails(request.OccurredAt!.Value.ToUniversalTime(), lifecycle, request.StatusText, request.Location),
                now);
            return order.Trackings.Single(t => t.Id == trackingId);
        }, ct);
        return (result.View(), TrackingView.From(result.Value));
    }

    public async Task<OrderView> SetCollectionStatusAsync(Guid id, long? ifMatch, CollectionStatusRequest request, CancellationToken ct) =>
        (await store.ChangeAsync(
            id,
            ifMatch,
            (order, now) => order.SetCollectionStatus(WireNames.ParseCollectionStatus(request.CollectionStatus!), now),
            ct)).View();

    public async Task<(OrderView Order, HistoryEntryView Entry)> AddNoteAsync(Guid id, long? ifMatch, NoteRequest request, CancellationToken ct)
    {
        var result = await store.ChangeAsync(id, ifMatch, (order, now) => order.AddNote(request.Name!, request.Note!, request.Label, now), ct);
        return (result.View(), OrderQueries.ToView(result.Events.Single()));
    }

    private static void CheckPrice(ItemRequest request, string currency)
    {
        if (request.UnitPrice is { } price && !Rules.FitsCurrency(price, currency))
        {
            throw UseCaseProblem.Invalid("unitPrice", Rules.PrecisionMessage(currency));
        }
    }

    private static ItemDetails ToDetails(ItemRequest item) =>
        new(item.Sku, item.Name!, item.Quantity!.Value, item.UnitPrice!.Value, item.Note);

    private static TrackingDetails? ToDetails(TrackingRequest? tracking) =>
        tracking?.TrackingNumber is null ? null : new(tracking.TrackingNumber, tracking.Carrier, tracking.TrackingUrl);
}
