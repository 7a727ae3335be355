using OrderStatus.Application.Idempotency;

namespace OrderStatus.Api.Idempotency;

internal static class IdempotencySetup
{
    public static IServiceCollection AddOrderStatusIdempotency(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IdempotencyOptions>(configuration.GetSection(IdempotencyOptions.Section));
        services.AddSingleton<IdempotencyStore>();
        services.AddHostedService<IdempotencyPurge>();
        return services;
    }
}

/// <summary>Deletes expired idempotency records every few minutes, in small batches.</summary>
internal sealed partial class IdempotencyPurge(IdempotencyStore store, ILogger<IdempotencyPurge> logger)
    : BackgroundService
{
    private const int Batch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                int deleted;
                do
                {
                    deleted = await store.PurgeExpiredAsync(Batch, stoppingToken);
                }
                while (deleted == Batch);
            }
            catch (Npgsql.NpgsqlException ex)
            {
                // The database being briefly unreachable must not stop the service; the next tick retries.
                LogPurgeFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Purging expired idempotency records failed")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
