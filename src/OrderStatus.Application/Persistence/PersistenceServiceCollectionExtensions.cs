using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus.Application.Access;
using OrderStatus.Application.Database;

namespace OrderStatus.Application.Persistence;

/// <summary>Who the current caller is, as far as the data layer is concerned.</summary>
public interface ICurrentTenant
{
    /// <summary>The authenticated caller's merchant, or null for an anonymous caller (who then sees no tenant data).</summary>
    Guid? MerchantId { get; }
}

public static class PersistenceServiceCollectionExtensions
{
    public static IServiceCollection AddOrderStatusPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.AddSingleton<DatabaseConnection>();
        services.AddSingleton<DatabaseBootstrap>();

        // The optional read-only standby (ADR 0016): its own data source and context pool, built on first use
        // only when ConnectionStrings:OrdersReadOnly is set; the monitor returns at once when it is not.
        services.AddSingleton<ReadOnlyDatabase>();
        services.AddSingleton<ReadOnlyMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<ReadOnlyMonitor>());

        // Pooled: a context is reset and reused instead of built per request. The data source is
        // read lazily, after DatabaseBootstrap has decided which database this process uses.
        // Database:PrepareReads=false turns ADR 0017's prepared reads off (to measure them, or if a server refuses them).
        var prepareReads = configuration.GetValue("Database:PrepareReads", true);
        services.AddPooledDbContextFactory<OrdersDbContext>((sp, options) =>
            OrdersDbContext.Configure(options, sp.GetRequiredService<DatabaseConnection>().DataSource,
                database: sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value,
                prepareReads: prepareReads));

        // Every request's context is scoped to the request's tenant (the authenticated caller, or a
        // verified tracking grant) when it is leased from the pool.
        services.AddScoped(sp => new TenantScope(sp.GetService<ICurrentTenant>()));
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<OrdersDbContext>>().CreateDbContext();
            db.UseTenant(sp.GetRequiredService<TenantScope>());
            return db;
        });

        services.AddScoped<AccessAdministration>();
        services.AddSingleton<ServiceKeys>();
        return services;
    }
}
