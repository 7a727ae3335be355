using System.Security.Cryptography;

namespace OrderStatus.Application.CustomerTracking;

/// <summary>Supplies the key that encrypts tracking secrets at rest (the host decides where it comes from).</summary>
public interface ITrackingKeyProvider
{
    /// <summary>At least 32 bytes, the same on every replica.</summary>
    ValueTask<byte[]> GetKeyAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Encrypts merchants' tracking secrets for the database with AES-256-GCM (System.Security.Cryptography),
/// so that a copy of the database alone does not let anyone sign tracking links. The stored form is
/// key id (4 bytes) | nonce (12) | ciphertext | tag (16); the key id tells a secret sealed under
/// another key from a tampered one. HMAC needs the secret itself, so it cannot be hashed.
/// </summary>
public sealed class TrackingSecretProtector(ITrackingKeyProvider keys)
{
    public const int SecretLength = 32;
    private const int KeyIdLength = 4;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int SealedLength = KeyIdLength + NonceLength + SecretLength + TagLength;

    private static ReadOnlySpan<byte> Info => "orderstatus/tracking-secret-encryption/v1"u8;

    private byte[]? _key;
    private byte[]? _keyId;

    /// <summary>A new random secret, sealed for storage.</summary>
    public async ValueTask<byte[]> NewSealedSecretAsync(CancellationToken cancellationToken) =>
        await SealAsync(RandomNumberGenerator.GetBytes(SecretLength), cancellationToken);

    public async ValueTask<byte[]> SealAsync(byte[] secret, CancellationToken cancellationToken)
    {
        var (key, keyId) = await KeyAsync(cancellationToken);
        var sealedSecret = new byte[SealedLength];
        var span = sealedSecret.AsSpan();
        keyId.CopyTo(span);
        var nonce = span.Slice(KeyIdLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagLength);
        aes.Encrypt(nonce, secret, span.Slice(KeyIdLength + NonceLength, SecretLength), span[^TagLength..], keyId);
        return sealedSecret;
    }

    /// <summary>The secret, or null when it was sealed under another key or has been altered.</summary>
    public async ValueTask<byte[]?> UnsealAsync(byte[]? sealedSecret, CancellationToken cancellationToken)
    {
        var (key, keyId) = await KeyAsync(cancellationToken);
        if (sealedSecret is not { Length: SealedLength } || !sealedSecret.AsSpan(0, KeyIdLength).SequenceEqual(keyId))
        {
            return null;
        }

        var secret = new byte[SecretLength];
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(sealedSecret.AsSpan(KeyIdLength, NonceLength), sealedSecret.AsSpan(KeyIdLength + NonceLength, SecretLength),
                sealedSecret.AsSpan(SealedLength - TagLength), secret, keyId);
            return secret;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private async ValueTask<(byte[] Key, byte[] KeyId)> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } cached && _keyId is { } cachedId)
        {
            return (cached, cachedId);
        }

        var master = await keys.GetKeyAsync(cancellationToken);
        if (master.Length < 32)
        {
            throw new InvalidOperationException("The tracking secret encryption key must be at least 32 bytes.");
        }

        // A key of its own, derived (HKDF, RFC 5869), so that the encryption key is never the key
        // material used for anything else.
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, salt: [], info: Info.ToArray());
        var keyId = SHA256.HashData(key).AsSpan(0, KeyIdLength).ToArray();
        _keyId = keyId;
        _key = key;
        return (key, keyId);
    }
}
