using System.Buffers.Binary;

namespace OrderStatus.Application.Feed;

/// <summary>
/// A position in the change feed: after the event written by transaction <see cref="TxId"/> with
/// <see cref="Sequence"/>. Opaque to clients (base64url of both numbers).
/// </summary>
public readonly record struct FeedCursor(long TxId, long Sequence) : IComparable<FeedCursor>
{
    public static readonly FeedCursor Start = new(0, 0);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, TxId);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], Sequence);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryParse(string? text, out FeedCursor cursor)
    {
        cursor = Start;
        if (text is null || text.Length != 22)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!Convert.TryFromBase64String(text.Replace('-', '+').Replace('_', '/') + "==", bytes, out var written) || written != 16)
        {
            return false;
        }

        cursor = new FeedCursor(BinaryPrimitives.ReadInt64BigEndian(bytes), BinaryPrimitives.ReadInt64BigEndian(bytes[8..]));
        return cursor.TxId >= 0 && cursor.Sequence >= 0;
    }

    public int CompareTo(FeedCursor other) => (TxId, Sequence).CompareTo((other.TxId, other.Sequence));

    public static bool operator <(FeedCursor left, FeedCursor right) => left.CompareTo(right) < 0;

    public static bool operator >(FeedCursor left, FeedCursor right) => left.CompareTo(right) > 0;

    public static bool operator <=(FeedCursor left, FeedCursor right) => left.CompareTo(right) <= 0;

    public static bool operator >=(FeedCursor left, FeedCursor right) => left.CompareTo(right) >= 0;
}
