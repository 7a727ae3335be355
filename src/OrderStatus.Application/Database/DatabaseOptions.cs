namespace OrderStatus.Application.Database;

/// <summary>Settings of the <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Where the embedded cluster lives when no connection string is configured. Default: <c>.data/postgres</c> in the repository.</summary>
    public string? EmbeddedDataDirectory { get; set; }

    /// <summary>Directory holding initdb, pg_ctl and postgres; found automatically when empty.</summary>
    public string? PostgresBinDirectory { get; set; }

    /// <summary>Apply pending migrations when the service starts (the <c>migrate</c> verb always does).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Database created inside the embedded cluster for the service.</summary>
    public string EmbeddedDatabaseName { get; set; } = "orderstatus";
}
