using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrderStatus.Api.Health;
using OrderStatus.Application.Persistence;
using OrderStatus.Application.Webhooks;

namespace OrderStatus.Api.Webhooks;

internal static class WebhookSetup
{
    /// <summary>The webhook dispatcher, change feed and their settings, plus the dispatcher's metrics on <c>/health/ready</c>.</summary>
    public static IServiceCollection AddOrderStatusWebhookServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOrderStatusWebhooks(configuration);
        services.AddHealthChecks().AddCheck<WebhookDispatcherHealthCheck>("webhooks", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }
}

/// <summary>
/// Reports the dispatcher's backlog across all merchants (queued, pending, oldest pending age); the
/// per-merchant totals are at <c>/api/v1/webhooks/stats</c>. Informational: a backlog is never a
/// reason to take a replica out of rotation.
/// </summary>
internal sealed class WebhookDispatcherHealthCheck(IDbContextFactory<OrdersDbContext> contexts, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var stats = await WebhookMetrics.ReadAsync(db, null, clock, cancellationToken);
            return HealthCheckResult.Healthy("Webhook dispatcher backlog.", new Dictionary<string, object>
            {
                ["queued"] = stats.Queued,
                ["pending"] = stats.Pending,
                ["oldestPendingAgeSeconds"] = stats.OldestPendingAgeSeconds ?? 0,
            });
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The database check reports the outage; this one only has nothing to say.
            return HealthCheckResult.Healthy("Webhook metrics unavailable: " + ex.Message);
        }
    }
}
