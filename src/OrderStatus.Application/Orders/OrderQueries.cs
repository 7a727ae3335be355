using Microsoft.EntityFrameworkCore;
using OrderStatus.Application.Events;
using OrderStatus.Application.Persistence;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Orders;

/// <summary>Reads of orders: each is one indexed query, no tracking (ADR 0005).</summary>
public sealed class OrderQueries(OrdersDbContext db, UseCaseValidation validation, OrderCursorKey cursorKey)
{
    public const int DefaultLimit = 50;

    public async Task<OrderView> GetAsync(OrderKey key, CancellationToken ct)
    {
        var row = await FindAsync(key, ct) ?? throw UseCaseProblem.OrderNotFound(key);
        return OrderView.From(row.Order, row.Name);
    }

    public async Task<OrderStatusView> GetStatusAsync(OrderKey key, CancellationToken ct)
    {
        var row = await FindAsync(key, ct) ?? throw UseCaseProblem.OrderNotFound(key);
        return OrderStatusView.From(row.Order, row.Name);
    }

    /// <summary>One indexed read per kind of key; keys that are not unique take the newest order (as the locked read does).</summary>
    private Task<OrderWithName?> FindAsync(OrderKey key, CancellationToken ct) => key.Kind switch
    {
        OrderKeyKind.Id => ById(db, key.Id, ct),
        OrderKeyKind.Number => ByNumber(db, key.Number, ct),
        OrderKeyKind.Reference => ByReference(db, key.Text!, ct),
        OrderKeyKind.ExternalOrderId => Newest(db.Orders.Where(o => o.ExternalOrderId == key.Text), ct),
        _ => Newest(db.Orders.Where(o => EF.Property<string[]>(o, OrderConfiguration.TrackingNumbers).Contains(key.Text!)), ct),
    };

    private Task<OrderWithName?> Newest(IQueryable<Order> orders, CancellationToken ct) =>
        WithCustomStatusName(orders.AsNoTracking().OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)).FirstOrDefaultAsync(ct);

    // Compiled once: the hot reads (dashboards poll them) skip EF's per-call funcletizing and
    // cache lookup of the query expression. Measured, it changes little next to the round trip,
    // but it costs nothing. The tenant filter still applies.
    private static readonly Func<OrdersDbContext, Guid, CancellationToken, Task<OrderWithName?>> ById =
        EF.CompileAsyncQuery((OrdersDbContext db, Guid id, CancellationToken ct) => db.Orders.AsNoTracking()
            .Where(o => o.Id == id)
            .Select(o => new OrderWithName(o, o.CustomStatusId == null ? null
                : db.CustomStatuses.Where(s => s.Id == o.CustomStatusId).Select(s => s.Name).FirstOrDefault()))
            .SingleOrDefault());

    private static readonly Func<OrdersDbContext, long, CancellationToken, Task<OrderWithName?>> ByNumber =
        EF.CompileAsyncQuery((OrdersDbContext db, long number, CancellationToken ct) => db.Orders.AsNoTracking()
            .Where(o => o.Number == number)
            .Select(o => new OrderWithName(o, o.CustomStatusId == null ? null
                : db.CustomStatuses.Where(s => s.Id == o.CustomStatusId).Select(s => s.Name).FirstOrDefault()))
            .SingleOrDefault());

    private static readonly Func<OrdersDbContext, string, CancellationToken, Task<OrderWithName?>> ByReference =
        EF.CompileAsyncQuery((OrdersDbContext db, string reference, CancellationToken ct) => db.Orders.AsNoTracking()
            .Where(o => o.Reference == reference)
            .Select(o => new OrderWithName(o, o.CustomStatusId == null ? null
                : db.CustomStatuses.Where(s => s.Id == o.CustomStatusId).Select(s => s.Name).FirstOrDefault()))
            .SingleOrDefault());

    /// <summary>Newest first, keyset-paginated on (created_at, id) under the merchant's indexes.</summary>
    public async Task<OrderPage> ListAsync(OrderListQuery query, CancellationToken ct)
    {
        await validation.EnsureValidAsync(query, ct);
        var key = await cursorKey.GetAsync();
        var cursor = default(OrderCursor);
        if (query.Cursor is not null && !OrderCursor.TryParse(query.Cursor, key, out cursor))
        {
            throw UseCaseProblem.Invalid("cursor", "The cursor is not valid: pass a nextCursor of this list unchanged.");
        }

        var orders = db.Orders.AsNoTracking();
        if (query.Status is { } state)
        {
            orders = orders.Where(o => o.State == state);
        }

        if (query.Number is { } number)
        {
            orders = orders.Where(o => o.Number == number);
        }

        if (query.OnHold is { } onHold)
        {
            orders = orders.Where(o => o.OnHold == onHold);
        }

        if (query.Reference is not null)
        {
            orders = orders.Where(o => o.Reference == query.Reference);
        }

        if (query.ExternalOrderId is not null)
        {
            orders = orders.Where(o => o.ExternalOrderId == query.ExternalOrderId);
        }

        if (query.CustomerNumber is not null)
        {
            orders = orders.Where(o => o.CustomerNumber == query.CustomerNumber);
        }

        if (query.CustomerEmail is not null)
        {
            var email = query.CustomerEmail.Trim().ToLowerInvariant();
            orders = orders.Where(o => EF.Property<string?>(o, OrderConfiguration.CustomerEmail) == email);
        }

        if (query.Channel is not null)
        {
            orders = orders.Where(o => o.Channel == query.Channel);
        }

        if (query.TrackingNumber is not null)
        {
            var trackingNumber = query.TrackingNumber.Trim();
            orders = orders.Where(o => EF.Property<string[]>(o, OrderConfiguration.TrackingNumbers).Contains(trackingNumber));
        }

        if (query.CreatedFrom is { } from)
        {
            var fromUtc = from.ToUniversalTime();
            orders = orders.Where(o => o.CreatedAt >= fromUtc);
        }

        if (query.CreatedTo is { } to)
        {
            var toUtc = to.ToUniversalTime();
            orders = orders.Where(o => o.CreatedAt <= toUtc);
        }

        if (query.Cursor is not null)
        {
            orders = orders.Where(o => o.CreatedAt < cursor.CreatedAt || (o.CreatedAt == cursor.CreatedAt && o.Id < cursor.Id));
        }

        var limit = query.Limit ?? DefaultLimit;
        var rows = await orders
            .OrderByDescending(o => o.CreatedAt)
            .ThenByDescending(o => o.Id)
            .Take(limit + 1)
            .Select(o => new
            {
                o.Id,
                o.Number,
                o.Reference,
                o.ExternalOrderId,
                o.CustomerNumber,
                o.Channel,
                o.Customer,
                o.Currency,
                o.Total,
                o.PaidAmount,
                o.State,
                o.FulfilmentCode,
                o.CustomStatusId,
                o.OnHold,
                o.CollectionStatus,
                o.CreatedAt,
                o.UpdatedAt,
                o.Version,
            })
            .ToListAsync(ct);
        var page = rows.Take(limit).Select(o => new OrderSummaryView(
            o.Id,
            o.Number,
            o.Reference,
            o.ExternalOrderId,
            o.CustomerNumber,
            o.Channel,
            o.Customer,
            o.Currency,
            o.Total,
            o.PaidAmount,
            o.State.ToWireName(),
            o.FulfilmentCode,
            o.CustomStatusId,
            o.OnHold,
            o.CollectionStatus?.ToWireName(),
            o.CreatedAt,
            o.UpdatedAt,
            o.Version)).ToList();
        var next = rows.Count > limit ? new OrderCursor(page[^1].CreatedAt, page[^1].Id).Format(key) : null;
        return new OrderPage(page, next);
    }

    /// <summary>An order's history in the order it was written, page by page.</summary>
    public async Task<HistoryPage> HistoryAsync(OrderKey key, HistoryQuery query, CancellationToken ct)
    {
        await validation.EnsureValidAsync(query, ct);
        var orderId = await IdOf(key).Cast<Guid?>().FirstOrDefaultAsync(ct) ?? throw UseCaseProblem.OrderNotFound(key);
        var take = query.Limit ?? 100;
        var events = db.OrderEvents.AsNoTracking().Where(e => e.OrderId == orderId);
        if (HistoryCursor.TryParse(query.Cursor, out var after))
        {
            events = events.Where(e => e.Sequence > after);
        }

        var rows = await events.OrderBy(e => e.Sequence).Take(take + 1).ToListAsync(ct);
        var page = rows.Take(take).Select(ToView).ToList();
        var next = rows.Count > take ? HistoryCursor.Format(rows[take - 1].Sequence) : null;
        return new HistoryPage(page, next);
    }

    public static HistoryEntryView ToView(OrderEventRecord e) => new(
        e.Id,
        e.OrderId,
        e.Type,
        e.FromStatus,
        e.ToStatus,
        e.Code,
        e.Data.RootElement.Clone(),
        new ActorView(e.ActorClientId),
        e.RequestId,
        e.OccurredAt,
        e.OrderVersion);

    /// <summary>The id of the order with <paramref name="key"/> (newest first where the key is not unique).</summary>
    private IQueryable<Guid> IdOf(OrderKey key)
    {
        var orders = key.Kind switch
        {
            OrderKeyKind.Id => db.Orders.Where(o => o.Id == key.Id),
            OrderKeyKind.Number => db.Orders.Where(o => o.Number == key.Number),
            OrderKeyKind.Reference => db.Orders.Where(o => o.Reference == key.Text),
            OrderKeyKind.ExternalOrderId => db.Orders.Where(o => o.ExternalOrderId == key.Text),
            _ => db.Orders.Where(o => EF.Property<string[]>(o, OrderConfiguration.TrackingNumbers).Contains(key.Text!)),
        };
        return orders.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Select(o => o.Id);
    }

    private IQueryable<OrderWithName> WithCustomStatusName(IQueryable<Order> orders) =>
        orders.Select(o => new OrderWithName(
            o,
            o.CustomStatusId == null ? null : db.CustomStatuses.Where(s => s.Id == o.CustomStatusId).Select(s => s.Name).FirstOrDefault()));

    private sealed record OrderWithName(Order Order, string? Name);
}
