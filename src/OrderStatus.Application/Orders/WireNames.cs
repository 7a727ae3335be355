using System.Diagnostics.CodeAnalysis;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Orders;

/// <summary>
/// The names enums have on the wire and in the database: statuses <c>in_fulfilment</c>, collection statuses
/// <c>COLLECTED</c>, tracking lifecycles <c>LastMile</c> (SPEC sections 2, 3 and 6).
/// </summary>
public static class WireNames
{
    public static OrderState ParseState(string name) =>
        OrderStates.TryParseWireName(name, out var state) ? state : throw new ArgumentOutOfRangeException(nameof(name), name, "Not an order status.");

    public static string ToWireName(this CollectionStatus status) => status.ToString().ToUpperInvariant();

    public static IReadOnlyList<string> CollectionStatusNames { get; } = [.. Enum.GetValues<CollectionStatus>().Select(ToWireName)];

    public static bool TryParseCollectionStatus([NotNullWhen(true)] string? name, out CollectionStatus status)
    {
        foreach (var value in Enum.GetValues<CollectionStatus>())
        {
            if (string.Equals(value.ToWireName(), name, StringComparison.Ordinal))
            {
                status = value;
                return true;
            }
        }

        status = default;
        return false;
    }

    public static CollectionStatus ParseCollectionStatus(string name) =>
        TryParseCollectionStatus(name, out var status) ? status : throw new ArgumentOutOfRangeException(nameof(name), name, "Not a collection status.");

    public static IReadOnlyList<string> TrackingLifecycleNames { get; } = Enum.GetNames<TrackingLifecycle>();

    /// <summary>The enum name (<c>LastMile</c>); case and underscores are forgiven (<c>last_mile</c>, <c>LASTMILE</c>).</summary>
    public static bool TryParseLifecycle([NotNullWhen(true)] string? name, out TrackingLifecycle lifecycle)
    {
        lifecycle = default;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        var compact = name.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        foreach (var value in Enum.GetValues<TrackingLifecycle>())
        {
            if (string.Equals(value.ToString(), compact, StringComparison.OrdinalIgnoreCase))
            {
                lifecycle = value;
                return true;
            }
        }

        return false;
    }
}
