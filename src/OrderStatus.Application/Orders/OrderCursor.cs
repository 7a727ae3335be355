using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OrderStatus.Application.Access;

namespace OrderStatus.Application.Orders;

/// <summary>
/// The keyset cursor of order lists: the last row's (createdAt, id), with an HMAC so that a cursor a client changed
/// (even by one character) is refused instead of silently moving the page. Opaque to clients: base64url.
/// </summary>
public readonly record struct OrderCursor(DateTimeOffset CreatedAt, Guid Id)
{
    private const int PayloadLength = 8 + 16;
    private const int MacLength = 16;

    public string Format(byte[] key)
    {
        Span<byte> bytes = stackalloc byte[PayloadLength + MacLength];
        BinaryPrimitives.WriteInt64BigEndian(bytes, CreatedAt.UtcTicks);
        Id.TryWriteBytes(bytes[8..PayloadLength], bigEndian: true, out _);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, bytes[..PayloadLength], mac);
        mac[..MacLength].CopyTo(bytes[PayloadLength..]);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryParse(string? text, byte[] key, out OrderCursor cursor)
    {
        cursor = default;
        Span<byte> bytes = stackalloc byte[PayloadLength + MacLength];
        if (string.IsNullOrEmpty(text) || text.Length > 200
            || !Base64Url.IsValid(text, out var length) || length != bytes.Length
            || Base64Url.DecodeFromChars(text, bytes) != bytes.Length)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, bytes[..PayloadLength], mac);
        // Base64url has spare bits in its last character; comparing the re-encoded text catches a change there too.
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacLength], bytes[PayloadLength..]) || Base64Url.EncodeToString(bytes) != text)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        cursor = new OrderCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[8..PayloadLength], bigEndian: true));
        return true;
    }
}

/// <summary>The service key that signs order-list cursors, read once per process (shared by every replica through the database).</summary>
public sealed class OrderCursorKey(ServiceKeys keys)
{
    public const string ServiceKeyName = "order-cursor-key";

    private readonly Lazy<Task<byte[]>> _key = new(() => keys.GetOrCreateAsync(ServiceKeyName, 32));

    public Task<byte[]> GetAsync() => _key.Value;
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
