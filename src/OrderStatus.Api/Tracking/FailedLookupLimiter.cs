using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OrderStatus.Api.CustomerTracking;

/// <summary>Configuration section <c>Tracking</c>.</summary>
internal sealed class TrackingOptions
{
    public const string Section = "Tracking";

    /// <summary>Failed public lookups one client IP may make per minute (a burst of as many, then one per 60/N s).</summary>
    public int FailedLookupsPerMinute { get; set; } = 10;

    /// <summary>How long links signed with the previous secret keep working after a rotation, unless the request says otherwise.</summary>
    public int RotationGraceMinutes { get; set; } = 60;

    /// <summary>Scheme, host and path base that tracking links start with (e.g. <c>https://track.example.com</c>). Empty: the request's own.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Base64 key (≥ 32 bytes) that encrypts tracking secrets at rest. Empty: derived from <c>Auth:TokenSigningKey</c>.</summary>
    public string? SecretEncryptionKey { get; set; }
}

/// <summary>
/// Rate limit on failed public lookups per client IP (a token bucket each, in memory per replica):
/// a failure takes a token, and while an IP has none left every lookup from it answers 429 with
/// <c>Retry-After</c> — found or not, so that guessing cannot go on at full speed.
/// </summary>
internal sealed class FailedLookupLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _period;

    public FailedLookupLimiter(IOptions<TrackingOptions> options)
    {
        var perMinute = Math.Max(1, options.Value.FailedLookupsPerMinute);
        _period = TimeSpan.FromTicks(TimeSpan.FromMinutes(1).Ticks / perMinute);
        _limiter = PartitionedRateLimiter.Create<string, string>(ip => RateLimitPartition.GetTokenBucketLimiter(ip, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = _period,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Whether <paramref name="ip"/> has no failures left; then how long until it has one.</summary>
    public bool IsBlocked(string ip, out int retryAfterSeconds)
    {
        var available = _limiter.GetStatistics(ip)?.CurrentAvailablePermits ?? 1;
        retryAfterSeconds = available > 0 ? 0 : Math.Max(1, (int)Math.Ceiling(_period.TotalSeconds));
        return available <= 0;
    }

    public void RecordFailure(string ip)
    {
        using var lease = _limiter.AttemptAcquire(ip);
    }

    public void Dispose() => _limiter.Dispose();

    public static string ClientKey(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
