using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace OrderStatus.Application.CustomerTracking;

/// <summary>
/// The signature <c>s</c> of a public tracking link: base64url of a format byte, the expiry (Unix
/// seconds, big-endian) and HMAC-SHA256(merchant's tracking secret, merchant id | order id | expiry).
/// It carries its own expiry, so a link is only <c>/track/{account}/{reference}?s=…</c> and a
/// parcelLab client can pass <c>s</c> through unchanged. See docs/decisions (public tracking ADR).
/// </summary>
public static class TrackingLinks
{
    private const byte FormatV1 = 1;
    private const int MacLength = 32;
    private const int PayloadLength = 1 + sizeof(long) + MacLength;

    /// <summary>Length of every <c>s</c> this service issues (base64url without padding).</summary>
    public static readonly int SignatureLength = Base64Url.GetEncodedLength(PayloadLength);

    public static string Sign(ReadOnlySpan<byte> secret, Guid merchantId, Guid orderId, DateTimeOffset expiresAt)
    {
        var expiry = expiresAt.ToUnixTimeSeconds();
        Span<byte> payload = stackalloc byte[PayloadLength];
        payload[0] = FormatV1;
        BinaryPrimitives.WriteInt64BigEndian(payload[1..], expiry);
        Mac(secret, merchantId, orderId, expiry, payload[(1 + sizeof(long))..]);
        return Base64Url.EncodeToString(payload);
    }

    /// <summary>
    /// Reads the expiry out of <paramref name="signature"/> without checking it; false when the text is
    /// not one of this service's signatures at all.
    /// </summary>
    public static bool TryReadExpiry(string? signature, out DateTimeOffset expiresAt)
    {
        expiresAt = default;
        Span<byte> payload = stackalloc byte[PayloadLength];
        if (!TryDecode(signature, payload))
        {
            return false;
        }

        var seconds = BinaryPrimitives.ReadInt64BigEndian(payload[1..]);
        if (seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        expiresAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="signature"/> was made with <paramref name="secret"/> for this merchant
    /// and order. The expiry is part of what is signed, but whether it has passed is the caller's
    /// check (<see cref="TryReadExpiry"/>). Always computes one HMAC and compares in constant time,
    /// also for malformed input, so that timing tells nothing.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> secret, Guid merchantId, Guid orderId, string? signature)
    {
        Span<byte> payload = stackalloc byte[PayloadLength];
        var wellFormed = TryDecode(signature, payload);
        var expiry = BinaryPrimitives.ReadInt64BigEndian(payload[1..]);
        Span<byte> expected = stackalloc byte[MacLength];
        Mac(secret, merchantId, orderId, expiry, expected);
        var matches = CryptographicOperations.FixedTimeEquals(expected, payload[(1 + sizeof(long))..]);
        return wellFormed & matches;
    }

    private static bool TryDecode(string? signature, Span<byte> payload)
    {
        payload.Clear();
        if (signature is null || signature.Length != SignatureLength)
        {
            return false;
        }

        var status = Base64Url.DecodeFromChars(signature, payload, out _, out var written);
        return status == System.Buffers.OperationStatus.Done && written == PayloadLength && payload[0] == FormatV1;
    }

    private static void Mac(ReadOnlySpan<byte> secret, Guid merchantId, Guid orderId, long expiry, Span<byte> destination)
    {
        // A fixed-width, unambiguous message: a context label, both ids as 16 bytes, the expiry.
        Span<byte> message = stackalloc byte[Context.Length + 16 + 16 + sizeof(long)];
        Context.CopyTo(message);
        var rest = message[Context.Length..];
        merchantId.TryWriteBytes(rest[..16], bigEndian: true, out _);
        orderId.TryWriteBytes(rest.Slice(16, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(rest[32..], expiry);
        HMACSHA256.HashData(secret, message, destination);
    }

    private static ReadOnlySpan<byte> Context => "orderstatus/tracking-link/v1\n"u8;
}
