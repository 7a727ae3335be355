using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using OrderStatus.Application.Access;

namespace OrderStatus.Application.Persistence;

/// <summary>
/// The service's one DbContext. Tenant-owned entities carry a query filter on
/// <see cref="MerchantId"/>, so a query that forgets the merchant still sees only the caller's rows.
/// </summary>
public sealed class OrdersDbContext(DbContextOptions<OrdersDbContext> options) : DbContext(options)
{
    /// <summary>
    /// The merchant every tenant-owned query is scoped to. <see cref="Guid.Empty"/> (no caller)
    /// matches no rows. Set by <see cref="PersistenceServiceCollectionExtensions"/> on every lease
    /// from the context pool.
    /// </summary>
    public Guid MerchantId { get; set; }

    /// <summary>Name of the tenant query filter (EF Core named filters: other filters can sit beside it).</summary>
    public const string TenantFilter = "Tenant";

    public DbSet<Merchant> Merchants => Set<Merchant>();

    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    public DbSet<ServiceKey> ServiceKeys => Set<ServiceKey>();

    /// <summary>The options every OrdersDbContext is built with, the service's and the tests' alike.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource)
    {
        // Transient failures (a failover, a dropped connection) are retried; a unit of work that
        // opens its own transaction therefore runs inside Database.CreateExecutionStrategy().
        options.UseNpgsql(dataSource, npgsql => npgsql.EnableRetryOnFailure(maxRetryCount: 3));
        // Migrations are hand-written (no design-time package here); the schema test in
        // OrderStatus.Api.Tests proves they match the model instead of a model snapshot.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        return options;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OrdersDbContext).Assembly);
        ApplyTenantFilters(modelBuilder);
        SnakeCaseNames.Apply(modelBuilder);
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

    /// <summary>Every <see cref="ITenantOwned"/> entity gets <c>e.MerchantId == this.MerchantId</c> as its query filter.</summary>
    private void ApplyTenantFilters(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (!typeof(ITenantOwned).IsAssignableFrom(entity.ClrType) || entity.BaseType is not null || entity.IsOwned())
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

    /// <summary>New tenant rows belong to the current merchant; a row of another merchant is never written.</summary>
    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State == EntityState.Added && entry.Entity.MerchantId == Guid.Empty)
            {
                entry.Entity.MerchantId = MerchantId;
            }

            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && (MerchantId == Guid.Empty || entry.Entity.MerchantId != MerchantId))
            {
                throw new InvalidOperationException(
                    $"A {entry.Metadata.ClrType.Name} of another merchant (or with no merchant in scope) cannot be written.");
            }
        }
    }
}
