using System.Diagnostics.CodeAnalysis;

namespace OrderStatus.Domain.Orders;

/// <summary>The canonical lifecycle status of an order (SPEC section 3).</summary>
public enum OrderState
{
    Created,
    Paid,
    InFulfilment,
    Sent,
    Delivered,
    Done,
    Cancelled,
}

/// <summary>Conversion between <see cref="OrderState"/> and its wire name (<c>in_fulfilment</c> …).</summary>
public static class OrderStates
{
    private static readonly (OrderState State, string Name)[] Names =
    [
        (OrderState.Created, "created"),
        (OrderState.Paid, "paid"),
        (OrderState.InFulfilment, "in_fulfilment"),
        (OrderState.Sent, "sent"),
        (OrderState.Delivered, "delivered"),
        (OrderState.Done, "done"),
        (OrderState.Cancelled, "cancelled"),
    ];

    /// <summary>All states in lifecycle order.</summary>
    public static IReadOnlyList<OrderState> All { get; } = [.. Names.Select(n => n.State)];

    /// <summary>All wire names in lifecycle order.</summary>
    public static IReadOnlyList<string> WireNames { get; } = [.. Names.Select(n => n.Name)];

    public static string ToWireName(this OrderState state)
    {
        foreach (var (s, name) in Names)
        {
            if (s == state)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(state), state, "Not a defined order state.");
    }

    /// <summary>Parses a wire name exactly (lower case, underscores); anything else is rejected.</summary>
    public static bool TryParseWireName([NotNullWhen(true)] string? name, out OrderState state)
    {
        foreach (var (s, n) in Names)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                state = s;
                return true;
            }
        }

        state = default;
        return false;
    }
}
