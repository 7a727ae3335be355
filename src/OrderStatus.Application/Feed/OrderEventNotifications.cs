using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OrderStatus.Application.Database;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Application.Feed;

/// <summary>
/// The process's one listening connection: <c>LISTEN order_events</c> (a trigger NOTIFYs the
/// merchant id when a history event commits) fanned out to every waiter in the process — long-polling
/// change-feed requests and the webhook dispatcher.
/// </summary>
public sealed partial class OrderEventNotifications(DatabaseConnection database, ILogger<OrderEventNotifications> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _merchants = new();
    private TaskCompletionSource _any = NewSignal();

    /// <summary>Completes at the next commit of an event of <paramref name="merchantId"/>. Take it before reading, then await.</summary>
    public Task NextForMerchant(Guid merchantId) => _merchants.GetOrAdd(merchantId, _ => NewSignal()).Task;

    /// <summary>Completes at the next commit of any event.</summary>
    public Task NextForAny() => Volatile.Read(ref _any).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.DataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Publish(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {DatabaseObjects.OrderEventsChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Whatever committed while we were not listening: let every waiter look again.
                PublishAll();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                LogListenFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private void Publish(string payload)
    {
        if (Guid.TryParse(payload, out var merchantId) && _merchants.TryRemove(merchantId, out var signal))
        {
            signal.TrySetResult();
        }

        Interlocked.Exchange(ref _any, NewSignal()).TrySetResult();
    }

    private void PublishAll()
    {
        foreach (var merchantId in _merchants.Keys)
        {
            if (_merchants.TryRemove(merchantId, out var signal))
            {
                signal.TrySetResult();
            }
        }

        Interlocked.Exchange(ref _any, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 510, Level = LogLevel.Warning, Message = "Listening for order events failed; reconnecting")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}
