namespace OrderStatus.Application.Access;

/// <summary>
/// A merchant's API credential. Only a salted hash of the secret is stored; the secret itself is
/// shown once when it is created or rotated.
/// </summary>
public sealed class ApiClient
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>Public, URL-safe identifier used as the user name in Basic auth and the token endpoint.</summary>
    public required string ClientId { get; init; }

    public Guid MerchantId { get; init; }

    public required string Name { get; set; }

    public required byte[] SecretSalt { get; set; }

    public required byte[] SecretHash { get; set; }

    public string[] Scopes { get; set; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>When the secret last changed; tokens issued before it are no longer accepted.</summary>
    public DateTimeOffset SecretChangedAt { get; set; }
}
