using System.Security.Cryptography;
using System.Text;

namespace OrderStatus.Application.Access;

/// <summary>
/// Generates client ids and secrets and verifies secrets against their stored hash.
/// </summary>
/// <remarks>
/// Secrets are 32 random bytes, so a slow password hash (PBKDF2, Argon2) buys nothing against
/// guessing; a salted HMAC-SHA256 keeps verification in microseconds, which matters because Basic
/// auth verifies on every request. See docs/decisions/0004-client-secret-hashing.md.
/// </remarks>
public static class ClientSecrets
{
    public static string NewClientId() => "cl_" + Base64Url(RandomNumberGenerator.GetBytes(12));

    public static string NewSecret() => "sk_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static (byte[] Salt, byte[] Hash) Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return (salt, Compute(salt, secret));
    }

    public static bool Verify(string secret, byte[] salt, byte[] expectedHash) =>
        CryptographicOperations.FixedTimeEquals(Compute(salt, secret), expectedHash);

    private static byte[] Compute(byte[] salt, string secret) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
