using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Health;

internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddOrderStatusHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous();

        group.MapGet("/live", () => TypedResults.Ok(new HealthReportDto("Healthy", [])))
            .WithName("Live")
            .WithSummary("Liveness: the process is up and serving HTTP.");

        group.MapGet("/ready", async Task<IResult> (HealthCheckService health, CancellationToken ct) =>
            {
                var report = await health.CheckHealthAsync(r => r.Tags.Contains(ReadyTag), ct);
                var dto = new HealthReportDto(report.Status.ToString(),
                    report.Entries.Select(e => new HealthEntryDto(e.Key, e.Value.Status.ToString(), e.Value.Description,
                        e.Value.Data.Count == 0 ? null : e.Value.Data.ToDictionary(d => d.Key, d => d.Value))).ToList());
                return report.Status == HealthStatus.Healthy
                    ? TypedResults.Ok(dto)
                    : TypedResults.Json(dto, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .WithName("Ready")
            .WithSummary("Readiness: the database is reachable and fully migrated.")
            .Produces<HealthReportDto>()
            .Produces<HealthReportDto>(StatusCodes.Status503ServiceUnavailable);

        return app;
    }
}

/// <summary>A health report: <c>Healthy</c>, <c>Degraded</c> or <c>Unhealthy</c>, with each check.</summary>
internal sealed record HealthReportDto(string Status, IReadOnlyList<HealthEntryDto> Checks);

/// <summary>One health check's result.</summary>
/// <param name="Data">The check's details (e.g. pending migrations).</param>
internal sealed record HealthEntryDto(string Name, string Status, string? Description, IReadOnlyDictionary<string, object>? Data);

/// <summary>Ready when the database answers and no migration is pending.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<OrdersDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("Database reachable and migrated.")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending.",
                    data: new Dictionary<string, object> { ["pending"] = pending });
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable: " + ex.Message);
        }
    }
}
