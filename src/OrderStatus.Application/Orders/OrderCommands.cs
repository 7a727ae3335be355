using Microsoft.EntityFrameworkCore;
using OrderStatus.Application.Numbers;
using OrderStatus.Application.Persistence;
using OrderStatus.Application.Statuses;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Orders;

/// <summary>
/// The use cases that change orders; every HTTP surface calls these. Each validates its input (a bad one answers
/// <see cref="UseCaseProblem"/> <c>validation_failed</c>, whoever the caller), addresses the order by an
/// <see cref="OrderKey"/> resolved in the same locked read the change uses, and takes <c>ifMatch</c> (the version
/// the caller last saw; null: apply whatever the version).
/// </summary>
public sealed class OrderCommands(OrderStore store, OrdersDbContext db, MerchantNumbering numbers, StatusCatalogue statuses, UseCaseValidation validation)
{
    public async Task<OrderView> CreateAsync(CreateOrder command, CancellationToken ct)
    {
        await validation.EnsureValidAsync(command, ct);
        var number = await numbers.NextOrderNumberAsync(db.MerchantId, ct);
        var order = Order.Create(
            db.MerchantId,
            number,
            command.ReferenceFromNumber ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : command.Reference!,
            command.Currency,
            command.Items,
            store.Now(),
            command.Details());
        return await store.AddAsync(order, ct);
    }

    public async Task<OrderView> UpdateDetailsAsync(OrderKey key, OrderDetailsPatch patch, long? ifMatch, CancellationToken ct)
    {
        await validation.EnsureValidAsync(patch, ct);
        return (await store.ChangeAsync(key, ifMatch, (order, now) => order.UpdateDetails(patch.ApplyTo(order.CurrentDetails()), now), ct)).View();
    }

    /// <summary>
    /// Any lifecycle move (all through <see cref="Order.Apply"/>): a canonical status (<see cref="StatusChange.To"/>,
    /// <see cref="StatusChange.Paid"/>, <see cref="StatusChange.Sent"/>, <see cref="StatusChange.Cancelled"/>) or a
    /// fulfilment code (<see cref="StatusChange.Fulfilment"/>). Custom statuses: <see cref="SetCustomStatusAsync"/>.
    /// </summary>
    public async Task<OrderView> ApplyAsync(OrderKey key, StatusChange change, long? ifMatch, CancellationToken ct)
    {
        switch (change)
        {
            case TargetStatusChange target:
                await validation.EnsureValidAsync(target, ct);
                break;
            case FulfilmentCodeChange code:
                await validation.EnsureValidAsync(code, ct);
                break;
            case CustomStatusChange custom:
                // Its name and effect come from the merchant's catalogue, never from the caller.
                return await SetCustomStatusAsync(key, custom.CustomStatusId, ifMatch, ct);
            default:
                throw UseCaseProblem.Invalid("status", "Unknown kind of status change.");
        }

        return (await store.ChangeAsync(key, ifMatch, (order, now) =>
        {
            if (change is TargetStatusChange { Target: OrderState.Paid, Amount: { } amount } && !Rules.FitsCurrency(amount, order.Currency))
            {
                throw UseCaseProblem.Invalid("amount", Rules.PrecisionMessage(order.Currency));
            }

            return order.Apply(change, now);
        }, ct)).View();
    }

    /// <summary>Sets one of the merchant's custom statuses (by id or number); its effect (done, cancelled) moves the order too.</summary>
    public async Task<OrderView> SetCustomStatusAsync(OrderKey key, CustomStatusKey status, long? ifMatch, CancellationToken ct)
    {
        var custom = await statuses.Find(status).AsNoTracking()
            .Select(s => new { s.Id, s.Name, s.Effect })
            .SingleOrDefaultAsync(ct)
            ?? throw UseCaseProblem.CustomStatusNotFound(status);
        return (await store.ChangeAsync(
            key,
            ifMatch,
            (order, now) => order.Apply(StatusChange.Custom(custom.Id, custom.Effect, custom.Name), now),
            ct,
            custom.Name)).View();
    }

    public async Task<OrderView> HoldAsync(OrderKey key, HoldReasons reasons, long? ifMatch, CancellationToken ct)
    {
        await validation.EnsureValidAsync(reasons, ct);
        return (await store.ChangeAsync(key, ifMatch, (order, now) => order.PlaceHold(reasons.Reasons, now), ct)).View();
    }

    public async Task<OrderView> ReleaseAsync(OrderKey key, long? ifMatch, CancellationToken ct) =>
        (await store.ChangeAsync(key, ifMatch, (order, now) => order.ReleaseHold(now), ct)).View();

    public async Task<(OrderView Order, ItemView Item)> AddItemAsync(OrderKey key, ItemDetails item, long? ifMatch, CancellationToken ct)
    {
        await validation.EnsureValidAsync(item, ct);
        var result = await store.ChangeAsync(key, ifMatch, (order, now) =>
        {
            UseCaseValidation.EnsureValid(new ItemDetailsValidator(() => order.Currency), item);
            if (order.Items.Count >= Rules.MaxItems && !order.AreItemsFrozen())
            {
                throw UseCaseProblem.Invalid("items", $"An order has at most {Rules.MaxItems} items.");
            }

            return order.AddItem(item, now);
        }, ct);
        return (result.View(), ItemView.From(result.Value));
    }

    public async Task<(OrderView Order, ItemView Item)> UpdateItemAsync(
        OrderKey key, ItemKey itemKey, ItemDetails item, long? ifMatch, CancellationToken ct)
    {
        await validation.EnsureValidAsync(item, ct);
        var result = await store.ChangeAsync(key, ifMatch, (order, now) =>
        {
            UseCaseValidation.EnsureValid(new ItemDetailsValidator(() => order.Currency), item);
            order.UpdateItem(itemKey, item, now);
            return order.GetItem(itemKey);
        }, ct);
        return (result.View(), ItemView.From(result.Value));
    }

    /// <summary>Answers the order after the removal and the item as it was.</summary>
    public async Task<(OrderView Order, ItemView Item)> RemoveItemAsync(OrderKey key, ItemKey itemKey, long? ifMatch, CancellationToken ct)
    {
        var result = await store.ChangeAsync(key, ifMatch, (order, now) =>
        {
            var item = ItemView.From(order.GetItem(itemKey));
            order.RemoveItem(itemKey, now);
            return item;
        }, ct);
        return (result.View(), result.Value);
    }

    public async Task<(OrderView Order, TrackingView Tracking)> AddTrackingAsync(OrderKey key, TrackingDetails tracking, long? ifMatch, CancellationToken ct)
    {
        await validation.EnsureValidAsync(tracking, ct);
        var result = await store.ChangeAsync(key, ifMatch, (order, now) => order.AddTracking(tracking, now), ct);
        return (result.View(), TrackingView.From(result.Value));
    }

    /// <summary>Answers the order after the removal and the tracking as it was.</summary>
    public async Task<(OrderView Order, TrackingView Tracking)> RemoveTrackingAsync(
        OrderKey key, TrackingKey trackingKey, long? ifMatch, CancellationToken ct)
    {
        var result = await store.ChangeAsync(key, ifMatch, (order, now) =>
        {
            var tracking = TrackingView.From(order.GetTracking(trackingKey));
            order.RemoveTracking(trackingKey, now);
            return tracking;
        }, ct);
        return (result.View(), result.Value);
    }

    public async Task<(OrderView Order, TrackingView Tracking)> AddCheckpointAsync(
        OrderKey key, TrackingKey trackingKey, CheckpointDetails checkpoint, long? ifMatch, CancellationToken ct)
    {
        await validation.EnsureValidAsync(checkpoint, ct);
        var at = checkpoint with { OccurredAt = checkpoint.OccurredAt.ToUniversalTime() };
        var result = await store.ChangeAsync(key, ifMatch, (order, now) =>
        {
            order.AddCheckpoint(trackingKey, at, now);
            return order.GetTracking(trackingKey);
        }, ct);
        return (result.View(), TrackingView.From(result.Value));
    }

    public async Task<OrderView> SetCollectionStatusAsync(OrderKey key, CollectionStatus status, long? ifMatch, CancellationToken ct)
    {
        if (!Enum.IsDefined(status))
        {
            throw UseCaseProblem.Invalid(
                "collectionStatus",
                $"'{status}' is not a collection status; use one of: {string.Join(", ", WireNames.CollectionStatusNames)}.");
        }

        return (await store.ChangeAsync(key, ifMatch, (order, now) => order.SetCollectionStatus(status, now), ct)).View();
    }

    public async Task<(OrderView Order, HistoryEntryView Entry)> AddNoteAsync(OrderKey key, OrderNote note, long? ifMatch, CancellationToken ct)
    {
        await validation.EnsureValidAsync(note, ct);
        var result = await store.ChangeAsync(key, ifMatch, (order, now) => order.AddNote(note.Name, note.Note, note.Label, now), ct);
        return (result.View(), OrderQueries.ToView(result.Events.Single()));
    }
}
