namespace OrderStatus.Api.Access;

/// <summary>Configuration section <c>Auth</c>.</summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Base64 HMAC-SHA256 key of at least 32 bytes. Empty: Development/Testing keep one in the database.</summary>
    public string? TokenSigningKey { get; set; }

    public int TokenLifetimeSeconds { get; set; } = 300;

    /// <summary>How long a client's state (revoked, secret changed, scopes) is trusted before it is read again.</summary>
    public double ClientCacheSeconds { get; set; } = 5;

    /// <summary>How often at most <c>last_used_at</c> is written per client.</summary>
    public int LastUsedResolutionSeconds { get; set; } = 60;
}

/// <summary>Configuration section <c>Demo</c>: the Development-only demo merchant and client.</summary>
internal sealed class DemoOptions
{
    public const string Section = "Demo";

    public string ClientId { get; set; } = "demo-client";

    public string ClientSecret { get; set; } = "demo-secret-change-me-0123456789abcdef";

    public string MerchantName { get; set; } = "Demo merchant";
}
