namespace OrderStatus.Application.Database;

/// <summary>Settings of the <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>
    /// May the service start its own PostgreSQL cluster when no connection string is configured?
    /// Unset: only in Development. Production with neither fails at start-up instead.
    /// </summary>
    public bool? Embedded { get; set; }

    /// <summary>Where the embedded cluster lives when no connection string is configured. Default: <c>.data/postgres</c> in the repository.</summary>
    public string? EmbeddedDataDirectory { get; set; }

    /// <summary>Directory holding initdb, pg_ctl and postgres; found automatically when empty.</summary>
    public string? PostgresBinDirectory { get; set; }

    /// <summary>Apply pending migrations when the service starts (the <c>migrate</c> verb always does).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Database created inside the embedded cluster for the service.</summary>
    public string EmbeddedDatabaseName { get; set; } = "orderstatus";

    /// <summary>
    /// How often a unit of work is retried after a transient database failure (a dropped connection,
    /// the server restarting, the pool exhausted) before the request answers 503. With the connect
    /// timeout (<c>Timeout</c> in the connection string) and <see cref="MaxRetryDelay"/>, this bounds
    /// how long a request can take while the database is unavailable.
    /// </summary>
    public int MaxRetryCount { get; set; } = 3;

    /// <summary>The longest wait between two tries (EF Core's exponential backoff is capped here).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A read-only standby (<c>ConnectionStrings:OrdersReadOnly</c>) serves reads only while it is at most this
    /// far behind the primary, as measured by <see cref="ReadOnlyCheckInterval"/> checks (ADR 0016); further
    /// behind, reads go to the primary until it catches up.
    /// </summary>
    public double ReadOnlyMaxLagSeconds { get; set; } = 5;

    /// <summary>How often the standby's health and replay position are checked (in the background, never per request).</summary>
    public TimeSpan ReadOnlyCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After a read on the standby fails (refused, timed out), reads go to the primary for this long before the standby is tried again.</summary>
    public TimeSpan ReadOnlyRetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
