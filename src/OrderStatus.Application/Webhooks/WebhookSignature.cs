using System.Security.Cryptography;
using System.Text;

namespace OrderStatus.Application.Webhooks;

/// <summary>
/// Signing secrets and the signature of a delivery: hex HMAC-SHA256, keyed with the secret's UTF-8
/// bytes, over <c>"{timestamp}.{body}"</c> (docs/webhooks.md shows how receivers verify it).
/// </summary>
public static class WebhookSignature
{
    public const string EventIdHeader = "X-OrderStatus-Event-Id";
    public const string EventTypeHeader = "X-OrderStatus-Event-Type";
    public const string DeliveryIdHeader = "X-OrderStatus-Delivery-Id";
    public const string TimestampHeader = "X-OrderStatus-Timestamp";
    public const string SignatureHeader = "X-OrderStatus-Signature";

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The header value: <c>v1=&lt;hex&gt;</c>.</summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return "v1=" + Convert.ToHexStringLower(mac);
    }

    public static bool Verify(string secret, long timestamp, string body, string header) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(header));
}
