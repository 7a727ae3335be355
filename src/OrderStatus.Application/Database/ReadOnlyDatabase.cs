using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Application.Database;

/// <summary>
/// The optional read-only standby (<c>ConnectionStrings:OrdersReadOnly</c>, a PostgreSQL hot standby of the
/// primary): its own data source and context pool, and whether reads may go to it right now (ADR 0016).
/// It may while the last background check (<see cref="ReadOnlyMonitor"/>) found it in recovery and at most
/// <see cref="DatabaseOptions.ReadOnlyMaxLagSeconds"/> behind, and no read on it has failed during the last
/// <see cref="DatabaseOptions.ReadOnlyRetryAfter"/>. Not configured: <see cref="IsUsable"/> is false and
/// nothing else here is touched.
/// </summary>
public sealed partial class ReadOnlyDatabase : IAsyncDisposable
{
    public const string ConnectionStringName = "OrdersReadOnly";

    private readonly Lock _gate = new();
    private readonly string? _connectionString;
    private readonly DatabaseOptions _options;
    private readonly bool _prepareReads;
    private readonly TimeProvider _clock;
    private readonly ILogger<ReadOnlyDatabase> _logger;
    private readonly IServiceProvider _services;
    private NpgsqlDataSource? _dataSource;
    private PooledDbContextFactory<OrdersDbContext>? _contexts;

    // Written by the monitor, read by every request: plain volatile fields, no lock on the hot path.
    private volatile bool _checkedUsable;
    private long _retryAtTicks;
    private long _lagMilliseconds = -1;
    private string? _unusableReason = "not checked yet";

    public ReadOnlyDatabase(
        IConfiguration configuration, IOptions<DatabaseOptions> options, TimeProvider clock, ILogger<ReadOnlyDatabase> logger, IServiceProvider services)
    {
        _services = services;
        var configured = configuration.GetConnectionString(ConnectionStringName);
        _connectionString = string.IsNullOrWhiteSpace(configured) ? null : configured;
        _prepareReads = configuration.GetValue("Database:PrepareReads", true);
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Is a standby configured at all? Decided at start-up.</summary>
    public bool IsConfigured => _connectionString is not null;

    /// <summary>May a read go to the standby now? Two field reads; false when none is configured.</summary>
    public bool IsUsable => _checkedUsable && _clock.GetUtcNow().UtcTicks >= Interlocked.Read(ref _retryAtTicks);

    /// <summary>The standby's replay lag at the last check, in seconds; null when unknown or not configured.</summary>
    public double? LagSeconds => Interlocked.Read(ref _lagMilliseconds) is var ms and >= 0 ? ms / 1000.0 : null;

    public NpgsqlDataSource DataSource
    {
        get
        {
            lock (_gate)
            {
                // Same builder defaults as the primary's (DatabaseConnection): no automatic preparation.
                return _dataSource ??= new NpgsqlDataSourceBuilder(_connectionString
                    ?? throw new InvalidOperationException("No read-only connection is configured.")).Build();
            }
        }
    }

    /// <summary>
    /// A context on the standby, scoped to <paramref name="tenant"/> exactly as the request's primary context is
    /// (the same model, so the same tenant query filters). No retry strategy: a failure falls back to the primary at
    /// once instead of being retried against a standby that is down. Dispose it to return it to the pool.
    /// </summary>
    public OrdersDbContext Lease(TenantScope tenant)
    {
        PooledDbContextFactory<OrdersDbContext> contexts;
        lock (_gate)
        {
            contexts = _contexts ??= BuildContexts();
        }

        var db = contexts.CreateDbContext();
        db.UseTenant(tenant);
        return db;
    }

    private PooledDbContextFactory<OrdersDbContext> BuildContexts()
    {
        // The primary's model instance, not an equal one built again: compiled queries (OrderQueries) refuse to
        // run on a context whose model is another instance than the one they were compiled against.
        IModel model;
        using (var primary = _services.GetRequiredService<IDbContextFactory<OrdersDbContext>>().CreateDbContext())
        {
            model = primary.Model;
        }

        var options = new DbContextOptionsBuilder<OrdersDbContext>();
        OrdersDbContext.Configure(options, DataSource, retryOnFailure: false, prepareReads: _prepareReads);
        options.UseModel(model);
        return new PooledDbContextFactory<OrdersDbContext>(options.Options);
    }

    /// <summary>
    /// A read on the standby failed in a way that says it is down or unreachable: reads go to the primary for
    /// <see cref="DatabaseOptions.ReadOnlyRetryAfter"/>, so that requests do not each wait for the failure. Logged
    /// once per back-off, not per request.
    /// </summary>
    public void ReportFailure(Exception exception)
    {
        var now = _clock.GetUtcNow().UtcTicks;
        var previous = Interlocked.Exchange(ref _retryAtTicks, now + _options.ReadOnlyRetryAfter.Ticks);
        if (previous <= now)
        {
            LogStandbyFailed(_logger, _options.ReadOnlyRetryAfter.TotalSeconds, exception);
        }
    }

    /// <summary>The outcome of one background check: usable (lag within the bound), or why not.</summary>
    internal void ReportCheck(double? lagSeconds, string? unusableReason)
    {
        Interlocked.Exchange(ref _lagMilliseconds, lagSeconds is { } lag ? (long)(lag * 1000) : -1);
        var usable = unusableReason is null;
        var was = _checkedUsable;
        _unusableReason = unusableReason;
        _checkedUsable = usable;
        if (was && !usable)
        {
            LogStandbyUnusable(_logger, unusableReason!);
        }
        else if (!was && usable)
        {
            LogStandbyUsable(_logger, lagSeconds ?? 0);
        }
    }

    /// <summary>Why reads do not go to the standby now (null while they do): for logs and diagnostics.</summary>
    public string? UnusableReason => _checkedUsable ? null : _unusableReason;

    internal DatabaseOptions Options => _options;

    internal TimeProvider Clock => _clock;

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 520, Level = LogLevel.Warning,
        Message = "A read on the read-only standby failed; reads go to the primary for {RetryAfterSeconds} s")]
    private static partial void LogStandbyFailed(ILogger logger, double retryAfterSeconds, Exception exception);

    [LoggerMessage(EventId = 521, Level = LogLevel.Warning, Message = "Reads go to the primary: the read-only standby {Reason}")]
    private static partial void LogStandbyUnusable(ILogger logger, string reason);

    [LoggerMessage(EventId = 522, Level = LogLevel.Information, Message = "Reads go to the read-only standby (replay lag {LagSeconds} s)")]
    private static partial void LogStandbyUsable(ILogger logger, double lagSeconds);
}
