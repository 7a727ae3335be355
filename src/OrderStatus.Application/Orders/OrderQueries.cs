using Microsoft.EntityFrameworkCore;
using OrderStatus.Application.Events;
using OrderStatus.Application.Persistence;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Orders;

/// <summary>Reads of orders: each is one indexed query, no tracking (ADR 0005).</summary>
public sealed class OrderQueries(OrdersDbContext db)
{
    public const int DefaultLimit = 50;

    public async Task<OrderView> GetAsync(Guid id, CancellationToken ct)
    {
        var row = await ById(db, id, ct) ?? throw UseCaseProblem.OrderNotFound(id);
        return OrderView.From(row.Order, row.Name);
    }

    public async Task<OrderView> GetByReferenceAsync(string reference, CancellationToken ct)
    {
        var row = await ByReference(db, reference, ct) ?? throw UseCaseProblem.OrderNotFound(reference);
        return OrderView.From(row.Order, row.Name);
    }

    public async Task<OrderStatusView> GetStatusAsync(Guid id, CancellationToken ct)
    {
        var row = await ById(db, id, ct) ?? throw UseCaseProblem.OrderNotFound(id);
        return OrderStatusView.From(row.Order, row.Name);
    }

    // Compiled once: the hot reads (dashboards poll them) skip EF's per-call funcletizing and
    // cache lookup of the query expression. Measured, it changes little next to the round trip,
    // but it costs nothing. The tenant filter still applies.
    private static readonly Func<OrdersDbContext, Guid, CancellationToken, Task<OrderWithName?>> ById =
        EF.CompileAsyncQuery((OrdersDbContext db, Guid id, CancellationToken ct) => db.Orders.AsNoTracking()
            .Where(o => o.Id == id)
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
        var orders = db.Orders.AsNoTracking();
        if (query.Status is not null)
        {
            var state = WireNames.ParseState(query.Status);
            orders = orders.Where(o => o.State == state);
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

        if (OrderCursor.TryParse(query.Cursor, out var cursor))
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
        var next = rows.Count > limit ? new OrderCursor(page[^1].CreatedAt, page[^1].Id).ToString() : null;
        return new OrderPage(page, next);
    }

    /// <summary>An order's history in the order it was written, page by page.</summary>
    public async Task<HistoryPage> HistoryAsync(Guid orderId, string? cursor, int? limit, CancellationToken ct)
    {
        if (!await db.Orders.AnyAsync(o => o.Id == orderId, ct))
        {
            throw UseCaseProblem.OrderNotFound(orderId);
        }

        var take = limit ?? 100;
        var events = db.OrderEvents.AsNoTracking().Where(e => e.OrderId == orderId);
        if (HistoryCursor.TryParse(cursor, out var after))
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

    private IQueryable<OrderWithName> WithCustomStatusName(IQueryable<Order> orders) =>
        orders.Select(o => new OrderWithName(
            o,
            o.CustomStatusId == null ? null : db.CustomStatuses.Where(s => s.Id == o.CustomStatusId).Select(s => s.Name).FirstOrDefault()));

    private sealed record OrderWithName(Order Order, string? Name);
}
