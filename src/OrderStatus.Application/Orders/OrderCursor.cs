using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace OrderStatus.Application.Orders;

/// <summary>The opaque keyset cursor of order lists: the last row's (createdAt, id), base64url.</summary>
public readonly record struct OrderCursor(DateTimeOffset CreatedAt, Guid Id)
{
    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{CreatedAt.UtcTicks}.{Id:N}")));

    public static bool TryParse([NotNullWhen(true)] string? text, out OrderCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 200)
        {
            return false;
        }

        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && Guid.TryParseExact(parts[1], "N", out var id))
            {
                cursor = new OrderCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}

/// <summary>History cursor: the last entry's sequence number, base64url.</summary>
public static class HistoryCursor
{
    public static string Format(long sequence) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(sequence.ToString(CultureInfo.InvariantCulture)));

    public static bool TryParse(string? text, out long sequence)
    {
        sequence = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 40)
        {
            return false;
        }

        try
        {
            return long.TryParse(Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
