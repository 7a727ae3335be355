using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OrderStatus.Domain.Orders;

/// <summary>
/// An item of one order, by its id or by its number within the order (dialects with integer ids use the number).
/// A <see cref="Guid"/> converts implicitly, so callers that hold an id pass it as it is.
/// </summary>
public readonly record struct ItemKey
{
    private ItemKey(Guid? id, int? number)
    {
        Id = id;
        Number = number;
    }

    public Guid? Id { get; }

    public int? Number { get; }

    public static ItemKey ById(Guid id) => new(id, null);

    public static ItemKey ByNumber(int number) => new(null, number);

    public static implicit operator ItemKey(Guid id) => ById(id);

    /// <summary>A route segment: a GUID is an id, a positive decimal integer a number; anything else is no item.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ItemKey key)
    {
        key = default;
        if (!KeyText.TryParse(text, out var id, out var number))
        {
            return false;
        }

        key = id is { } g ? ById(g) : ByNumber(number);
        return true;
    }

    internal bool Matches(OrderItem item) => Id is { } id ? item.Id == id : item.Number == Number;

    public override string ToString() => KeyText.Format(Id, Number);
}

/// <summary>A tracking of one order, by its id or by its number within the order.</summary>
public readonly record struct TrackingKey
{
    private TrackingKey(Guid? id, int? number)
    {
        Id = id;
        Number = number;
    }

    public Guid? Id { get; }

    public int? Number { get; }

    public static TrackingKey ById(Guid id) => new(id, null);

    public static TrackingKey ByNumber(int number) => new(null, number);

    public static implicit operator TrackingKey(Guid id) => ById(id);

    /// <summary>A route segment: a GUID is an id, a positive decimal integer a number; anything else is no tracking.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out TrackingKey key)
    {
        key = default;
        if (!KeyText.TryParse(text, out var id, out var number))
        {
            return false;
        }

        key = id is { } g ? ById(g) : ByNumber(number);
        return true;
    }

    internal bool Matches(Tracking tracking) => Id is { } id ? tracking.Id == id : tracking.Number == Number;

    public override string ToString() => KeyText.Format(Id, Number);
}

internal static class KeyText
{
    public static bool TryParse(string? text, out Guid? id, out int number)
    {
        id = null;
        number = 0;
        if (Guid.TryParse(text, out var guid))
        {
            id = guid;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;
    }

    public static string Format(Guid? id, int? number) =>
        id is { } g ? g.ToString() : "number " + number?.ToString(CultureInfo.InvariantCulture);
}
