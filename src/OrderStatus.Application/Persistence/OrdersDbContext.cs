using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using OrderStatus.Application.Access;
using OrderStatus.Application.Events;
using OrderStatus.Application.Idempotency;
using OrderStatus.Application.Statuses;
using OrderStatus.Application.Webhooks;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Persistence;

/// <summary>
/// The service's one DbContext. Tenant-owned entities carry a query filter on
/// <see cref="MerchantId"/>, so a query that forgets the merchant still sees only the caller's rows.
/// </summary>
public sealed class OrdersDbContext(DbContextOptions<OrdersDbContext> options) : DbContext(options)
{
    private TenantScope? _tenant;

    /// <summary>
    /// The merchant every tenant-owned query is scoped to: the request's <see cref="TenantScope"/>
    /// (the authenticated caller, or a verified tracking grant), read at query time. <see cref="Guid.Empty"/>
    /// (no caller, or a context of the service itself) matches no rows. There is deliberately no setter.
    /// </summary>
    public Guid MerchantId => _tenant?.MerchantId ?? Guid.Empty;

    /// <summary>Name of the tenant query filter (EF Core named filters: other filters can sit beside it).</summary>
    public const string TenantFilter = "Tenant";

    public DbSet<Merchant> Merchants => Set<Merchant>();

    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    public DbSet<ServiceKey> ServiceKeys => Set<ServiceKey>();

    public DbSet<OrderEventRecord> OrderEvents => Set<OrderEventRecord>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<CustomStatus> CustomStatuses => Set<CustomStatus>();

    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();

    public DbSet<MerchantCallbackSecret> MerchantCallbackSecrets => Set<MerchantCallbackSecret>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookDeliveryAttempt> WebhookDeliveryAttempts => Set<WebhookDeliveryAttempt>();

    public DbSet<CustomerTracking.MerchantTrackingSettings> MerchantTrackingSettings => Set<CustomerTracking.MerchantTrackingSettings>();

    /// <summary>
    /// The options every OrdersDbContext is built with, the service's and the tests' alike (the table
    /// and column names come from here, so build none without it). <paramref name="retryOnFailure"/>
    /// false: for a caller that holds a transaction open across calls, which a retry cannot replay.
    /// <paramref name="database"/> sets how often and how long transient failures are retried.
    /// </summary>
    public static DbContextOptionsBuilder Configure(
        DbContextOptionsBuilder options, NpgsqlDataSource dataSource, bool retryOnFailure = true, Database.DatabaseOptions? database = null,
        bool prepareReads = true)
    {
        // Transient failures (a failover, a dropped connection) are retried; a unit of work that
        // opens its own transaction therefore runs inside Database.CreateExecutionStrategy().
        options.UseNpgsql(dataSource, npgsql =>
        {
            if (retryOnFailure)
            {
                database ??= new Database.DatabaseOptions();
                npgsql.EnableRetryOnFailure(database.MaxRetryCount, database.MaxRetryDelay, errorCodesToAdd: null);
            }
        });
        // Tables, columns, keys and indexes in snake_case, so that SQL written by hand (benchmarks,
        // operators at a psql prompt) needs no quoting. JSON property names inside jsonb are not renamed.
        options.UseSnakeCaseNamingConvention();
        // Reads are prepared on their connection, batches are not (ADR 0017).
        if (prepareReads)
        {
            options.AddInterceptors(PreparedReads.Instance);
        }

        return options;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OrdersDbContext).Assembly);
        ApplyTenantFilters(modelBuilder);
    }

    /// <summary>Scopes a request's context to its tenant (<see cref="PersistenceServiceCollectionExtensions"/>, on every lease).</summary>
    internal void UseTenant(TenantScope tenant) => _tenant = tenant;

    // A pooled context goes back to the pool on dispose and keeps its fields: forget the
    // tenant, or the next lease (say, the webhook dispatcher's) would run as the last caller.
    public override void Dispose()
    {
        _tenant = null;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        _tenant = null;
        return base.DisposeAsync();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenant();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenant();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Entities whose rows are read across merchants by design: API clients are looked up before
    /// the caller's merchant is known, the outbox is drained by the dispatcher for every merchant,
    /// idempotency records are keyed by merchant explicitly.
    /// </summary>
    private static readonly HashSet<Type> CrossTenantEntities = [typeof(ApiClient), typeof(OutboxMessage), typeof(IdempotencyRecord)];

    /// <summary>
    /// Every entity with a <c>Guid MerchantId</c> (except <see cref="CrossTenantEntities"/>) gets
    /// <c>e.MerchantId == this.MerchantId</c> as its named query filter. It is applied by convention,
    /// not per configuration, so a new tenant-owned entity cannot forget it. (EF Core swaps the
    /// context constant for the executing context at query time.)
    /// </summary>
    private void ApplyTenantFilters(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (!IsTenantScoped(entity))
            {
                continue;
            }

            var row = Expression.Parameter(entity.ClrType, "e");
            var body = Expression.Equal(
                Expression.Property(row, nameof(ITenantOwned.MerchantId)),
                Expression.Property(Expression.Constant(this), nameof(MerchantId)));
            entity.SetQueryFilter(TenantFilter, Expression.Lambda(body, row));
        }
    }

    private static bool IsTenantScoped(IReadOnlyEntityType entity) =>
        entity.BaseType is null && !entity.IsOwned() && !CrossTenantEntities.Contains(entity.ClrType)
        && entity.FindProperty(nameof(ITenantOwned.MerchantId))?.ClrType == typeof(Guid);

    /// <summary>
    /// New tenant rows belong to the current merchant; a caller's context never writes a row of
    /// another merchant. A context with no merchant (operator commands, the dispatcher, the seed)
    /// is the service itself and writes rows with the merchant they carry.
    /// </summary>
    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || !IsTenantScoped(entry.Metadata))
            {
                continue;
            }

            var merchant = entry.Property(nameof(ITenantOwned.MerchantId));
            if (entry.State == EntityState.Added && (Guid)merchant.CurrentValue! == Guid.Empty)
            {
                merchant.CurrentValue = MerchantId;
            }

            if (MerchantId != Guid.Empty && (Guid)merchant.CurrentValue! != MerchantId)
            {
                throw new InvalidOperationException(
                    $"A {entry.Metadata.ClrType.Name} of another merchant cannot be written by this caller.");
            }
        }
    }
}
