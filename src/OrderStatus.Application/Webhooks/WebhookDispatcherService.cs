using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderStatus.Application.Feed;

namespace OrderStatus.Application.Webhooks;

/// <summary>
/// Runs <see cref="WebhookDispatcher"/> rounds in <c>Webhooks:Dispatchers</c> loops: each at once while there is
/// work, else on the poll interval or the next commit.
/// </summary>
public sealed partial class WebhookDispatcherService(
    WebhookDispatcher dispatcher,
    OrderEventNotifications notifications,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatcherEnabled)
        {
            return;
        }

        await Task.WhenAll(Enumerable.Range(0, options.Value.Dispatchers).Select(_ => Task.Run(() => LoopAsync(stoppingToken))));
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = notifications.NextForAny();
            var worked = 0;
            try
            {
                worked = await dispatcher.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException
                                           or Microsoft.EntityFrameworkCore.DbUpdateException
                                           or Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException)
            {
                LogRoundFailed(logger, ex);
            }

            if (worked == 0)
            {
                try
                {
                    await wake.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
                catch (TimeoutException)
                {
                    // Nothing committed: look for retries that have come due.
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 503, Level = LogLevel.Error, Message = "A webhook dispatcher round failed; retrying after the poll interval")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
