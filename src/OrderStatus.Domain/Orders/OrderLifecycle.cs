namespace OrderStatus.Domain.Orders;

/// <summary>
/// The one transition table of SPEC section 3. Every route (canonical status, fulfilment code,
/// custom status, dialect, automatic delivery) asks this table through <see cref="Order.Apply"/>.
/// </summary>
public static class OrderLifecycle
{
    private static readonly Dictionary<OrderState, OrderState[]> Next = new()
    {
        // Created → in_fulfilment is "pay later", created → sent is "cash on delivery".
        [OrderState.Created] = [OrderState.Paid, OrderState.InFulfilment, OrderState.Sent, OrderState.Cancelled],
        [OrderState.Paid] = [OrderState.InFulfilment, OrderState.Sent, OrderState.Cancelled],
        [OrderState.InFulfilment] = [OrderState.Sent, OrderState.Cancelled],
        [OrderState.Sent] = [OrderState.Delivered, OrderState.Done],
        [OrderState.Delivered] = [OrderState.Done],
        [OrderState.Done] = [],
        [OrderState.Cancelled] = [],
    };

    /// <summary>The states reachable in one step from <paramref name="from"/>, in lifecycle order.</summary>
    public static IReadOnlyList<OrderState> AllowedNext(OrderState from) =>
        Next.TryGetValue(from, out var next)
            ? next
            : throw new ArgumentOutOfRangeException(nameof(from), from, "Not a defined order state.");

    /// <summary>Whether the table allows <paramref name="from"/> → <paramref name="to"/>. A state is never its own successor.</summary>
    public static bool CanTransition(OrderState from, OrderState to) => AllowedNext(from).Contains(to);

    public static bool IsTerminal(OrderState state) => AllowedNext(state).Count == 0;
}
