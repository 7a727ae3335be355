namespace OrderStatus.Application.Webhooks;

/// <summary>Settings of the <c>Webhooks</c> configuration section (README, Configuration).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Run the background dispatcher in this process. Every replica may run one.</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>How often an idle dispatcher looks for work (it is also woken when an event commits).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Outbox messages fanned out, and deliveries sent, per round.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// Dispatcher loops in this process. They share nothing but the database: each claims its rows with
    /// SKIP LOCKED and the per-order ordering check, exactly as the dispatchers of several replicas do, so
    /// one loop's database round trips overlap another's sends.
    /// </summary>
    public int Dispatchers { get; set; } = 2;

    /// <summary>Whole-request timeout of one delivery attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Delay before the first retry; doubled after each failure, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a failing delivery keeps being retried before it is given up (at least 24 h in production).</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(72);

    /// <summary>A subscription is disabled after this many failed attempts in a row.</summary>
    public int DisableAfterConsecutiveFailures { get; set; } = 50;

    /// <summary>
    /// May deliveries go to private, loopback, link-local and other internal addresses? Unset:
    /// no in Production, yes elsewhere (Development, tests).
    /// </summary>
    public bool? AllowPrivateNetworks { get; set; }

    /// <summary>CIDR ranges never delivered to (checked first).</summary>
    public List<string> DeniedNetworks { get; set; } = [];

    /// <summary>CIDR ranges delivered to even when private networks are not allowed.</summary>
    public List<string> AllowedNetworks { get; set; } = [];
}
