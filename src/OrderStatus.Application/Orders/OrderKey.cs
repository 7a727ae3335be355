using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OrderStatus.Application.Orders;

/// <summary>How an order is addressed: <see cref="OrderKey"/>'s kinds.</summary>
public enum OrderKeyKind
{
    /// <summary>The canonical id (a UUIDv7).</summary>
    Id,

    /// <summary>The per-merchant order number.</summary>
    Number,

    /// <summary>The merchant's reference (unique per merchant).</summary>
    Reference,

    /// <summary>The merchant's external order id (not unique: the newest order with it wins).</summary>
    ExternalOrderId,

    /// <summary>A tracking number on the order (not unique: the newest order with it wins).</summary>
    TrackingNumber,
}

/// <summary>
/// One order of the caller's merchant, addressed the way a surface knows it. Every use case takes one and resolves
/// it inside the same (locked, for changes) read it uses, so addressing by number or reference costs no extra
/// round trip. Keys that are not unique (external order id, tracking number) resolve to the newest matching order.
/// </summary>
public sealed record OrderKey
{
    private OrderKey(OrderKeyKind kind, Guid id, long number, string? text)
    {
        Kind = kind;
        Id = id;
        Number = number;
        Text = text;
    }

    public OrderKeyKind Kind { get; }

    /// <summary>Set for <see cref="OrderKeyKind.Id"/>.</summary>
    public Guid Id { get; }

    /// <summary>Set for <see cref="OrderKeyKind.Number"/>.</summary>
    public long Number { get; }

    /// <summary>The reference, external order id or tracking number.</summary>
    public string? Text { get; }

    public static OrderKey ById(Guid id) => new(OrderKeyKind.Id, id, 0, null);

    public static OrderKey ByNumber(long number) => new(OrderKeyKind.Number, Guid.Empty, number, null);

    public static OrderKey ByReference(string reference) => new(OrderKeyKind.Reference, Guid.Empty, 0, reference);

    public static OrderKey ByExternalOrderId(string externalOrderId) => new(OrderKeyKind.ExternalOrderId, Guid.Empty, 0, externalOrderId);

    public static OrderKey ByTrackingNumber(string trackingNumber) => new(OrderKeyKind.TrackingNumber, Guid.Empty, 0, trackingNumber);

    public static implicit operator OrderKey(Guid id) => ById(id);

    /// <summary>A route segment that is an id or a number (<c>{id}</c> of most dialects): a GUID is an id, a decimal integer a number.</summary>
    public static bool TryParseIdOrNumber([NotNullWhen(true)] string? text, [NotNullWhen(true)] out OrderKey? key)
    {
        key = Guid.TryParse(text, out var id) ? ById(id)
            : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? ByNumber(number)
            : null;
        return key is not null;
    }

    public override string ToString() => Kind switch
    {
        OrderKeyKind.Id => Id.ToString(),
        OrderKeyKind.Number => "number " + Number.ToString(CultureInfo.InvariantCulture),
        OrderKeyKind.Reference => "with that reference",
        OrderKeyKind.ExternalOrderId => "with that external order id",
        _ => "with that tracking number",
    };
}
