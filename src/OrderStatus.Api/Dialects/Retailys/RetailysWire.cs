using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using OrderStatus.Domain.Orders;
using OrderStatus.Domain.Reference;

namespace OrderStatus.Api.Dialects.Retailys;

/// <summary>
/// Pure conversions between Retailys wire values and canonical values: integer ids, query booleans and
/// dates, the paging bounds, the four state booleans and the price words. No I/O, unit-tested.
/// </summary>
internal static class RetailysWire
{
    public const int DefaultPerPage = 10;
    public const int MinPerPage = 10;
    public const int MaxPerPage = 250;

    /// <summary>
    /// An id in a path or body: a positive decimal integer, nothing else (no sign, spaces, exponent or
    /// fraction). Anything else is an id that cannot exist, which the routes answer with 404.
    /// </summary>
    public static bool TryParseId([NotNullWhen(true)] string? text, out long id)
    {
        id = 0;
        return text is { Length: > 0 and <= 19 }
            && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id)
            && id > 0;
    }

    /// <summary>
    /// A query boolean as PHP clients send it: <c>1</c>, <c>0</c>, <c>true</c>, <c>false</c> (any case), or
    /// empty (Guzzle's psr7 1.x renders <c>false</c> as an empty value). Absent → null.
    /// </summary>
    public static bool TryParseBool(string? text, out bool? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        switch (text.Trim().ToLowerInvariant())
        {
            case "1" or "true":
                value = true;
                return true;
            case "0" or "false" or "":
                value = false;
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Any ISO 8601 date-time, with or without an offset (without one it is UTC), or a date alone
    /// (its midnight UTC): <c>2019-12-01T08:15:30+01:00</c>, <c>2019-12-01T07:15:30Z</c>,
    /// <c>2019-12-01T07:15:30.123</c>, <c>2019-12-01</c>. Absent or empty → null.
    /// </summary>
    public static bool TryParseDate(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        // A query string turns '+' into a space when the client forgets to escape it: "…08:15:30 01:00".
        var trimmed = text.Trim();
        if (trimmed.Length > 19 && trimmed[^6] == ' ' && trimmed[^3] == ':')
        {
            trimmed = string.Concat(trimmed.AsSpan(0, trimmed.Length - 6), "+", trimmed.AsSpan(trimmed.Length - 5));
        }

        // ISO 8601 shapes only ("T" or date alone); the invariant parser alone would also take "12/1/2019".
        if (trimmed.Length < 10 || trimmed[4] != '-' || trimmed[7] != '-' || (trimmed.Length > 10 && trimmed[10] is not ('T' or 't' or ' ')))
        {
            return false;
        }

        if (!DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        value = parsed.ToUniversalTime();
        return true;
    }

    /// <summary>PHP <c>DATE_ATOM</c> in UTC, whole seconds: <c>2019-12-01T07:15:30+00:00</c>.</summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? FormatDate(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    /// <summary><c>page</c> from 1 (default 1) and <c>per_page</c> 10–250 (default 10); null when valid, else the message.</summary>
    public static string? CheckPaging(int? page, int? perPage)
    {
        if (page is < 1)
        {
            return "'page' must be 1 or greater.";
        }

        if (perPage is < MinPerPage or > MaxPerPage)
        {
            return $"'per_page' must be between {MinPerPage} and {MaxPerPage}.";
        }

        return null;
    }

    /// <summary>How many pages <paramref name="total"/> items make at <paramref name="perPage"/>.</summary>
    public static long Pages(long total, int perPage) => (total + perPage - 1) / perPage;

    /// <summary>
    /// The four booleans of <c>OrderModel</c> from the canonical status. A done order has always been sent
    /// (done is only reachable from sent or delivered); whether it was delivered before is history
    /// (<paramref name="everDelivered"/>).
    /// </summary>
    public static (bool Sent, bool Delivered, bool Done, bool Canceled) Flags(OrderState state, bool everDelivered) => state switch
    {
        OrderState.Sent => (true, false, false, false),
        OrderState.Delivered => (true, true, false, false),
        OrderState.Done => (true, everDelivered, true, false),
        OrderState.Cancelled => (false, false, false, true),
        _ => (false, false, false, false),
    };

    /// <summary>An amount in the currency's minor units with its code, e.g. <c>10.50 EUR</c>.</summary>
    public static string PriceWord(decimal amount, string currency)
    {
        var decimals = Currencies.TryGetMinorUnits(currency, out var minor) ? minor : 2;
        return amount.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + currency;
    }

    /// <summary>A Retailys integer that the canonical model keeps as text (channel, carrier, customer number).</summary>
    public static string ToText(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The integer back from such a text, or null when the text is not one (a canonical order with channel "web").</summary>
    public static long? FromText(string? text) => TryParseId(text?.Trim(), out var value) ? value : null;
}
