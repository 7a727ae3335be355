using Microsoft.EntityFrameworkCore;
using OrderStatus.Application.Persistence;
using OrderStatus.Application.Statuses;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Orders;

/// <summary>
/// Filters of an offset-paged order list (the Retailys <c>GET /System/Orders</c>); all combine with AND.
/// The order date is the merchant's own creation time where it gave one, else the service's
/// (<see cref="OrderConfiguration.OrderDate"/>).
/// </summary>
public sealed record OrderPageFilter
{
    /// <summary>Exact canonical channel.</summary>
    public string? Channel { get; init; }

    /// <summary>Exact canonical customer number.</summary>
    public string? CustomerNumber { get; init; }

    /// <summary>true: only done orders; false: every other status.</summary>
    public bool? Done { get; init; }

    /// <summary>true: only cancelled orders; false: every other status.</summary>
    public bool? Cancelled { get; init; }

    /// <summary>Orders that carry the merchant's custom status with this number (an unknown one is 404).</summary>
    public int? CustomStatusNumber { get; init; }

    /// <summary>Inclusive lower bound of the order date.</summary>
    public DateTimeOffset? OrderedFrom { get; init; }

    /// <summary>Inclusive upper bound of the order date.</summary>
    public DateTimeOffset? OrderedTo { get; init; }

    /// <summary>Orders with a tracking of this number.</summary>
    public string? TrackingNumber { get; init; }

    /// <summary>A filter that no order can match (a company, which OrderStatus does not have): an empty page, no query.</summary>
    public bool MatchesNothing { get; init; }
}

/// <summary>
/// What a view of an order needs beyond its row: from its history, when it was paid and whether it was ever
/// delivered; from the catalogue, the number of its custom status.
/// </summary>
public sealed record OrderFacts(DateTimeOffset? PaidAt, bool EverDelivered, int? CustomStatusNumber)
{
    public static OrderFacts None { get; } = new(null, false, null);
}

/// <summary>One page: the total over all pages, the orders of this page (newest order date first) and their history facts.</summary>
public sealed record OrderOffsetPage(long Total, IReadOnlyList<OrderView> Orders, IReadOnlyDictionary<Guid, OrderFacts> Facts);

/// <summary>
/// Offset-paged order lists for the surfaces that page by number, and the history facts their views
/// show. Three indexed statements per page: a count, the page (the offset is walked in
/// <c>ix_orders_merchant_id_order_date_id</c> by id only, then the rows of the page are read by
/// primary key), and the history facts of the page's orders (docs/decisions/0011-retailys-dialect.md).
/// </summary>
public sealed class OrderPages(OrdersDbContext db)
{
    public async Task<OrderOffsetPage> ListAsync(OrderPageFilter filter, long offset, int limit, CancellationToken ct)
    {
        if (filter.MatchesNothing)
        {
            return new OrderOffsetPage(0, [], new Dictionary<Guid, OrderFacts>());
        }

        Guid? customStatusId = null;
        if (filter.CustomStatusNumber is { } statusNumber)
        {
            var key = CustomStatusKey.ByNumber(statusNumber);
            customStatusId = await db.CustomStatuses.Where(s => s.Number == statusNumber).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(ct)
                ?? throw UseCaseProblem.CustomStatusNotFound(key);
        }

        var orders = Filter(db.Orders.AsNoTracking(), filter, customStatusId);
        var total = await orders.LongCountAsync(ct);
        // Past the last page (an offset beyond int as well, since no merchant has that many orders).
        if (total <= offset || offset > int.MaxValue)
        {
            return new OrderOffsetPage(total, [], new Dictionary<Guid, OrderFacts>());
        }

        // The offset is skipped in the index (id only, no heap rows); then only the page's rows are read.
        var pageIds = Newest(orders).Skip((int)offset).Take(limit).Select(o => o.Id);
        var rows = await Newest(db.Orders.AsNoTracking().Where(o => pageIds.Contains(o.Id)))
            .Select(o => new
            {
                Order = o,
                CustomStatusName = o.CustomStatusId == null ? null
                    : db.CustomStatuses.Where(s => s.Id == o.CustomStatusId).Select(s => s.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var views = rows.Select(r => OrderView.From(r.Order, r.CustomStatusName)).ToList();
        return new OrderOffsetPage(total, views, await FactsAsync(views, ct));
    }

    /// <summary>
    /// For each order: the time of its payment (PAYMENT_RECORDED), whether it ever reached delivered, and the
    /// number of its custom status. One query on the history's (order_id, sequence) index, one on the catalogue.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, OrderFacts>> FactsAsync(IReadOnlyCollection<OrderView> orders, CancellationToken ct)
    {
        var facts = orders.ToDictionary(o => o.Id, _ => OrderFacts.None);
        if (orders.Count == 0)
        {
            return facts;
        }

        var orderIds = facts.Keys.ToList();
        var statusIds = orders.Select(o => o.CustomStatus?.Id).OfType<Guid>().Distinct().ToList();
        var statusNumbers = statusIds.Count == 0 ? new Dictionary<Guid, int>()
            : await db.CustomStatuses.AsNoTracking().Where(s => statusIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Number, ct);

        var delivered = OrderState.Delivered.ToWireName();
        var events = await db.OrderEvents.AsNoTracking()
            .Where(e => orderIds.Contains(e.OrderId)
                && (e.Type == OrderEventTypes.PaymentRecorded || (e.Type == OrderEventTypes.StatusChanged && e.ToStatus == delivered)))
            .Select(e => new { e.OrderId, e.Type, e.OccurredAt })
            .ToListAsync(ct);
        var byOrder = events.ToLookup(e => e.OrderId);
        foreach (var order in orders)
        {
            var history = byOrder[order.Id].ToList();
            facts[order.Id] = new OrderFacts(
                history.Where(e => e.Type == OrderEventTypes.PaymentRecorded).Select(e => (DateTimeOffset?)e.OccurredAt).Max(),
                history.Any(e => e.Type == OrderEventTypes.StatusChanged),
                order.CustomStatus is { } custom && statusNumbers.TryGetValue(custom.Id, out var number) ? number : null);
        }

        return facts;
    }

    private static IQueryable<Order> Newest(IQueryable<Order> orders) => orders
        .OrderByDescending(o => EF.Property<DateTimeOffset>(o, OrderConfiguration.OrderDate))
        .ThenByDescending(o => o.Id);

    private static IQueryable<Order> Filter(IQueryable<Order> orders, OrderPageFilter filter, Guid? customStatusId)
    {
        if (filter.Channel is { } channel)
        {
            orders = orders.Where(o => o.Channel == channel);
        }

        if (filter.CustomerNumber is { } customer)
        {
            orders = orders.Where(o => o.CustomerNumber == customer);
        }

        if (filter.Done is { } done)
        {
            orders = done ? orders.Where(o => o.State == OrderState.Done) : orders.Where(o => o.State != OrderState.Done);
        }

        if (filter.Cancelled is { } cancelled)
        {
            orders = cancelled ? orders.Where(o => o.State == OrderState.Cancelled) : orders.Where(o => o.State != OrderState.Cancelled);
        }

        if (customStatusId is { } customStatus)
        {
            orders = orders.Where(o => o.CustomStatusId == customStatus);
        }

        if (filter.OrderedFrom is { } from)
        {
            var fromUtc = from.ToUniversalTime();
            orders = orders.Where(o => EF.Property<DateTimeOffset>(o, OrderConfiguration.OrderDate) >= fromUtc);
        }

        if (filter.OrderedTo is { } to)
        {
            var toUtc = to.ToUniversalTime();
            orders = orders.Where(o => EF.Property<DateTimeOffset>(o, OrderConfiguration.OrderDate) <= toUtc);
        }

        if (filter.TrackingNumber is { } tracking)
        {
            var number = tracking.Trim();
            orders = orders.Where(o => EF.Property<string[]>(o, OrderConfiguration.TrackingNumbers).Contains(number));
        }

        return orders;
    }
}
