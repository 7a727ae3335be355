using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderStatus.Application.Events;
using OrderStatus.Application.Observability;
using OrderStatus.Application.Persistence;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Orders;

/// <summary>
/// The unit of work of every order change: lock the order row, apply the change through the aggregate,
/// and write the order, its history events and their outbox rows in one transaction (SPEC sections 3, 6, 7).
/// </summary>
public sealed class OrderStore(OrdersDbContext db, TimeProvider clock, IRequestActor actor, OrderStatusMetrics metrics)
{
    public DateTimeOffset Now() => clock.GetUtcNow();

    /// <summary>Inserts a new order with its ORDER_CREATED event in one transaction.</summary>
    public async Task<OrderView> AddAsync(Order order, CancellationToken ct)
    {
        // A reused reference is an expected client error: answered from this look-up (an index probe),
        // it never reaches PostgreSQL as a failing INSERT, whose unique violation would be an ERROR
        // line with the statement in the server's log. Two concurrent creations can still both pass
        // it; the unique index then decides and the catch below answers the same 409.
        if (await db.Orders.AnyAsync(o => o.MerchantId == order.MerchantId && o.Reference == order.Reference, ct))
        {
            throw DuplicateReference(order);
        }

        List<OrderEventRecord> records;
        try
        {
            records = await InUnitOfWorkAsync(
                async cancel =>
                {
                    db.ChangeTracker.Clear();
                    db.Orders.Add(order);
                    var staged = Stage(order, customStatusName: null);
                    await db.SaveChangesAsync(cancel);
                    return staged;
                },
                // The order's id is this create's own: if it is there, the commit whose acknowledgement was lost succeeded.
                cancel => db.Orders.AsNoTracking().AnyAsync(o => o.Id == order.Id, cancel),
                ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ix_orders_merchant_id_reference",
        })
        {
            db.ChangeTracker.Clear();
            throw DuplicateReference(order);
        }

        order.ClearPendingEvents();
        metrics.RecordCommitted(records);
        return OrderView.From(order, null);
    }

    private static UseCaseProblem DuplicateReference(Order order) => UseCaseProblem.DuplicateReference(order.Reference);

    /// <summary>
    /// Runs <paramref name="change"/> on the locked order inside a transaction (retried as a whole on a
    /// transient failure). <paramref name="expectedVersion"/> (from If-Match) must equal the stored version.
    /// A change that records no event writes nothing.
    /// </summary>
    public async Task<ChangeResult<T>> ChangeAsync<T>(
        OrderKey key,
        long? expectedVersion,
        Func<Order, DateTimeOffset, T> change,
        CancellationToken ct,
        string? customStatusName = null)
    {
        Guid? marker = null;
        var result = await InUnitOfWorkAsync(
            async cancel =>
            {
                marker = null;
                db.ChangeTracker.Clear();
                // One round trip: the row is found by its key, locked and read; concurrent writers of this order queue here.
                var order = await Locked(key, db.MerchantId).SingleOrDefaultAsync(cancel)
                    ?? throw UseCaseProblem.OrderNotFound(key);
                if (expectedVersion is { } expected && expected != order.Version)
                {
                    throw UseCaseProblem.VersionMismatch(order.Version);
                }

                var value = change(order, Now());
                var name = customStatusName;
                if (order.CustomStatusId is { } customId && name is null)
                {
                    name = await db.CustomStatuses.Where(s => s.Id == customId).Select(s => s.Name).FirstOrDefaultAsync(cancel);
                }

                List<OrderEventRecord> records = [];
                if (order.PendingEvents.Count > 0)
                {
                    records = Stage(order, name);
                    marker = records[0].Id;
                    await db.SaveChangesAsync(cancel);
                }

                return new ChangeResult<T>(order, value, name, records);
            },
            // This attempt's first event id is its own: if it is there, the commit whose acknowledgement was lost
            // succeeded and must not run again (it would apply the change twice). No event: nothing was written.
            cancel => marker is { } id ? db.OrderEvents.AsNoTracking().AnyAsync(e => e.Id == id, cancel) : Task.FromResult(false),
            ct);
        metrics.RecordCommitted(result.Events);
        result.Order.ClearPendingEvents();
        return result;
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> in a transaction. Inside the request's unit of work (a transaction the
    /// idempotency middleware opened, which stores the response with the change) it joins that transaction and its
    /// owner commits and retries. Else it runs in its own transaction under the retrying execution strategy;
    /// when a commit fails transiently, <paramref name="committed"/> tells from the attempt's own marker whether
    /// it had in fact committed, so a unit of work whose acknowledgement was lost is answered, not run again.
    /// </summary>
    private async Task<TResult> InUnitOfWorkAsync<TResult>(
        Func<CancellationToken, Task<TResult>> attempt, Func<CancellationToken, Task<bool>> committed, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await attempt(ct);
        }

        return await db.Database.CreateExecutionStrategy().ExecuteInTransactionAsync(attempt, committed, ct);
    }

    /// <summary>
    /// The order with <paramref name="key"/>, locked. Each kind of key has its own merchant-leading index; keys that
    /// are not unique take the newest order (ADR 0009).
    /// </summary>
    private IQueryable<Order> Locked(OrderKey key, Guid merchantId) => key.Kind switch
    {
        OrderKeyKind.Id => db.Orders.FromSql(
            $"SELECT * FROM orders WHERE id = {key.Id} AND merchant_id = {merchantId} FOR UPDATE"),
        OrderKeyKind.Number => db.Orders.FromSql(
            $"SELECT * FROM orders WHERE merchant_id = {merchantId} AND number = {key.Number} FOR UPDATE"),
        OrderKeyKind.Reference => db.Orders.FromSql(
            $"SELECT * FROM orders WHERE merchant_id = {merchantId} AND reference = {key.Text} FOR UPDATE"),
        OrderKeyKind.ExternalOrderId => db.Orders.FromSql($"""
            SELECT * FROM orders WHERE merchant_id = {merchantId} AND external_order_id = {key.Text}
            ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE
            """),
        _ => db.Orders.FromSql($"""
            SELECT * FROM orders WHERE merchant_id = {merchantId} AND tracking_numbers @> ARRAY[{key.Text}]::text[]
            ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE
            """),
    };

    /// <summary>Adds the history rows and outbox rows of the order's pending events, and the search columns.</summary>
    private List<OrderEventRecord> Stage(Order order, string? customStatusName)
    {
        var entry = db.Entry(order);
        entry.Property<string[]>(OrderConfiguration.TrackingNumbers).CurrentValue = [.. order.Trackings.Select(t => t.TrackingNumber)];
        entry.Property<string?>(OrderConfiguration.CustomerEmail).CurrentValue = order.Customer.Email?.Trim().ToLowerInvariant();

        var projection = OrderStatusView.From(order, customStatusName);
        var records = new List<OrderEventRecord>(order.PendingEvents.Count);
        // EF inserts a batch ordered by primary key, and the history's sequence is assigned at insert; events of one
        // change share a millisecond, so their UUIDv7 ids are not in event order. Hand the (same) ids out sorted.
        var ids = order.PendingEvents.Select(e => e.Id).Order().ToList();
        foreach (var (pending, index) in order.PendingEvents.Select((e, i) => (e, i)))
        {
            var e = pending with { Id = ids[index] };
            // The runtime type: each event type has its own payload record.
            var data = JsonSerializer.SerializeToElement(e.Data, e.Data.GetType(), ApiJson.Options);
            var record = new OrderEventRecord
            {
                Id = e.Id,
                MerchantId = order.MerchantId,
                OrderId = order.Id,
                Type = e.Type,
                FromStatus = e.FromStatus?.ToWireName(),
                ToStatus = e.ToStatus?.ToWireName(),
                Code = e.Code,
                Data = JsonDocument.Parse(data.GetRawText()),
                ActorClientId = actor.ClientId,
                RequestId = actor.RequestId,
                OccurredAt = e.OccurredAt,
                OrderVersion = order.Version,
            };
            records.Add(record);
            db.OrderEvents.Add(record);
            db.OutboxMessages.Add(new OutboxMessage
            {
                MerchantId = order.MerchantId,
                OrderId = order.Id,
                EventId = e.Id,
                EventType = e.Type,
                Payload = JsonSerializer.SerializeToDocument(
                    new WebhookBody(e.Id, e.Type, e.OccurredAt, order.MerchantId, projection, data),
                    ApiJson.Options),
                StatusCallbackUrl = order.StatusCallbackUrl,
                CreatedAt = e.OccurredAt,
            });
        }

        return records;
    }
}

/// <summary>What a change left behind: the order after it, the change's own result and the events it wrote.</summary>
public sealed record ChangeResult<T>(Order Order, T Value, string? CustomStatusName, IReadOnlyList<OrderEventRecord> Events)
{
    public OrderView View() => OrderView.From(Order, CustomStatusName);
}

/// <summary>The complete webhook body stored in the outbox (SPEC section 7).</summary>
public sealed record WebhookBody(Guid Id, string Type, DateTimeOffset OccurredAt, Guid MerchantId, OrderStatusView Order, JsonElement Data);
