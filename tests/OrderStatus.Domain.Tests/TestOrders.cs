using OrderStatus.Domain.Orders;

namespace OrderStatus.Domain.Tests;

/// <summary>Builds orders in a given state through the public API only.</summary>
internal static class TestOrders
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset Later(int minutes = 1) => T0.AddMinutes(minutes);

    public static Order New(string currency = "EUR", params ItemDetails[] items) =>
        Order.Create(
            Guid.CreateVersion7(),
            1001,
            "R-1001",
            currency,
            items.Length == 0 ? [new ItemDetails("SKU-1", "Mug", 2, 12.50m)] : items,
            T0);

    /// <summary>An order in <paramref name="state"/> with its pending events cleared, reached along legal paths.</summary>
    public static Order InState(OrderState state, bool onHold = false)
    {
        var order = New();
        var path = state switch
        {
            OrderState.Created => [],
            OrderState.Paid => [OrderState.Paid],
            OrderState.InFulfilment => [OrderState.Paid, OrderState.InFulfilment],
            OrderState.Sent => [OrderState.Paid, OrderState.Sent],
            OrderState.Delivered => [OrderState.Paid, OrderState.Sent, OrderState.Delivered],
            OrderState.Done => [OrderState.Paid, OrderState.Sent, OrderState.Delivered, OrderState.Done],
            OrderState.Cancelled => new[] { OrderState.Cancelled },
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        foreach (var step in path)
        {
            order.Apply(StatusChange.To(step), T0);
        }

        if (onHold)
        {
            order.PlaceHold(["MANUAL"], T0);
        }

        order.ClearPendingEvents();
        Assert.Equal(state, order.State);
        Assert.Equal(onHold, order.OnHold);
        return order;
    }

    public static IEnumerable<string> Types(this IEnumerable<OrderEvent> events) => events.Select(e => e.Type);

    public static OrderRuleViolation Violation(Action action) => Assert.Throws<OrderRuleViolation>(action);
}
