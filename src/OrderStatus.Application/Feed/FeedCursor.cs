using System.Buffers.Binary;

namespace OrderStatus.Application.Feed;

/// <summary>
/// A position in the change feed, whose order is (writing transaction id, sequence): every event up to
/// (<see cref="TxId"/>, <see cref="Sequence"/>) has been read, except the events of the transactions in
/// <see cref="Pending"/> (all below <see cref="TxId"/>), which were still running when the position was
/// taken and are still to come. Of the first pending transaction, the events up to
/// <see cref="PendingSequence"/> have been read. Opaque to clients (base64url).
/// </summary>
/// <remarks>
/// Pending transactions exist because transaction ids are handed out at the first write, not at
/// commit: <c>after=latest</c> must stand after every event committed before it was asked for, yet
/// before every event of a transaction that was still running then, even one with a lower id
/// (docs/decisions/0006).
/// </remarks>
public sealed record FeedCursor
{
    /// <summary>At most this many pending transactions (PostgreSQL's snapshot holds at most one per connection).</summary>
    public const int MaxPending = 4096;

    private const int PlainLength = 16;
    private const int PendingHeaderLength = 24;

    public FeedCursor(long txId, long sequence, IReadOnlyList<long>? pending = null, long pendingSequence = 0)
    {
        TxId = txId;
        Sequence = sequence;
        Pending = pending ?? [];
        PendingSequence = Pending.Count == 0 ? 0 : pendingSequence;
    }

    public static readonly FeedCursor Start = new(0, 0);

    public long TxId { get; }

    public long Sequence { get; }

    /// <summary>Ids of transactions below <see cref="TxId"/> whose events are still to come, ascending.</summary>
    public IReadOnlyList<long> Pending { get; }

    /// <summary>Of <c>Pending[0]</c>, the events up to this sequence have been read (0: none).</summary>
    public long PendingSequence { get; }

    public bool Equals(FeedCursor? other) =>
        other is not null && TxId == other.TxId && Sequence == other.Sequence && PendingSequence == other.PendingSequence
        && Pending.SequenceEqual(other.Pending);

    public override int GetHashCode() => HashCode.Combine(TxId, Sequence, Pending.Count, PendingSequence);

    /// <summary>The position right after the event at (<paramref name="txId"/>, <paramref name="sequence"/>), read from this one.</summary>
    public FeedCursor After(long txId, long sequence)
    {
        if (txId >= TxId)
        {
            // Events are read in feed order and only below the visible horizon, so every pending
            // transaction (all below TxId) has ended and been read by now.
            return new FeedCursor(txId, sequence);
        }

        // An event of a pending transaction: the ones below it have been read.
        return new FeedCursor(TxId, Sequence, [.. Pending.Where(x => x >= txId)], sequence);
    }

    /// <summary>
    /// Where a reader may move when nothing is visible after this position: every transaction below
    /// <paramref name="horizon"/> has ended, so pending ones below it are done and the position may move up to it.
    /// </summary>
    public FeedCursor AdvancedTo(long horizon)
    {
        var stillRunning = Pending.Where(x => x >= horizon).ToList();
        if (stillRunning.Count > 0)
        {
            return new FeedCursor(TxId, Sequence, stillRunning, stillRunning[0] == Pending[0] ? PendingSequence : 0);
        }

        return horizon > TxId ? new FeedCursor(horizon, 0) : new FeedCursor(TxId, Sequence);
    }

    public override string ToString()
    {
        var length = Pending.Count == 0 ? PlainLength : PendingHeaderLength + 4 * Pending.Count;
        var bytes = new byte[length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, TxId);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(8), Sequence);
        if (Pending.Count > 0)
        {
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(16), PendingSequence);
            for (var i = 0; i < Pending.Count; i++)
            {
                // Distances below TxId: transaction ids in flight are never 2^32 apart (wraparound protection).
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(PendingHeaderLength + 4 * i), checked((uint)(TxId - Pending[i])));
            }
        }

        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryParse(string? text, out FeedCursor cursor)
    {
        cursor = Start;
        if (text is null || text.Length < 22 || text.Length > (PendingHeaderLength + 4 * MaxPending) * 4 / 3 + 4)
        {
            return false;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += (base64.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        var bytes = new byte[base64.Length * 3 / 4];
        if (!Convert.TryFromBase64String(base64, bytes, out var written))
        {
            return false;
        }

        var data = bytes.AsSpan(0, written);
        var txId = BinaryPrimitives.ReadInt64BigEndian(data);
        var sequence = BinaryPrimitives.ReadInt64BigEndian(data[8..]);
        if (txId < 0 || sequence < 0)
        {
            return false;
        }

        if (data.Length == PlainLength)
        {
            cursor = new FeedCursor(txId, sequence);
            return true;
        }

        if (data.Length <= PendingHeaderLength || (data.Length - PendingHeaderLength) % 4 != 0)
        {
            return false;
        }

        var pendingSequence = BinaryPrimitives.ReadInt64BigEndian(data[16..]);
        var pending = new long[(data.Length - PendingHeaderLength) / 4];
        for (var i = 0; i < pending.Length; i++)
        {
            pending[i] = txId - BinaryPrimitives.ReadUInt32BigEndian(data[(PendingHeaderLength + 4 * i)..]);
            // Ascending, distinct and below TxId, as written.
            if (pending[i] >= txId || pending[i] < 0 || (i > 0 && pending[i] <= pending[i - 1]))
            {
                return false;
            }
        }

        if (pendingSequence < 0)
        {
            return false;
        }

        cursor = new FeedCursor(txId, sequence, pending, pendingSequence);
        return true;
    }
}
