using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using OrderStatus.Application.Access;
using OrderStatus.Application.Events;
using OrderStatus.Application.Webhooks;

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

    public DbSet<Merchant> Merchants => Set<Merchant>();

    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    public DbSet<OrderEventRecord> OrderEvents => Set<OrderEventRecord>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();

    public DbSet<MerchantCallbackSecret> MerchantCallbackSecrets => Set<MerchantCallbackSecret>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookDeliveryAttempt> WebhookDeliveryAttempts => Set<WebhookDeliveryAttempt>();

    /// <summary>The options every OrdersDbContext is built with, the service's and the tests' alike.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource)
    {
        // Transient failures (a failover, a dropped connection) are retried; a unit of work that
        // opens its own transaction therefore runs inside Database.CreateExecutionStrategy().
        options.UseNpgsql(dataSource, npgsql => npgsql.EnableRetryOnFailure(maxRetryCount: 3));
        // Migrations are hand-written (no design-time package here); the schema test in
        // OrderStatus.Api.Tests proves they match the model instead of a model snapshot.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        // The model's DDL includes the triggers and functions migrations create (DatabaseObjects).
        options.ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsSqlGenerator, OrderStatusMigrationsSqlGenerator>();
        return options;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OrdersDbContext).Assembly);
        ApplyTenantFilters(modelBuilder);
        SnakeCaseNames.Apply(modelBuilder);
    }

    /// <summary>
    /// Every <see cref="ITenantOwned"/> entity gets <c>e.MerchantId == this.MerchantId</c> as its query
    /// filter. It is applied by type, not per configuration, so a new tenant-owned entity cannot
    /// forget it. (EF Core swaps the context constant for the executing context at query time.)
    /// </summary>
    private void ApplyTenantFilters(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (!typeof(ITenantOwned).IsAssignableFrom(entity.ClrType) || entity.BaseType is not null)
            {
                continue;
            }

            var row = Expression.Parameter(entity.ClrType, "row");
            var filter = Expression.Lambda(
                Expression.Equal(
                    Expression.Property(row, nameof(ITenantOwned.MerchantId)),
                    Expression.Property(Expression.Constant(this), nameof(MerchantId))),
                row);
            entity.SetQueryFilter(filter);
        }
    }
}
