using System.Globalization;
using OrderStatus.Faults.Harness;

namespace OrderStatus.Faults.Scenarios;

/// <summary>
/// Crash under write load: clients drive order lives while the service is killed with SIGKILL and
/// started again, 20 times (smoke: 2); then every acknowledged write must be there exactly once, the
/// history consistent, and every outbox event delivered at least once, in order per order.
/// </summary>
public static class CrashScenario
{
    public static async Task RunAsync(Suite suite, Receiver receiver)
    {
        var cycles = suite.Smoke ? 1 : 20;
        var tenant = await suite.CreateTenantAsync("Crash merchant");
        var service = suite.NewService(0);
        await service.StartAsync();
        using var http = Suite.NewHttpClient(service.BaseAddress, TimeSpan.FromSeconds(15));
        await Api.SubscribeAsync(http, tenant, receiver.Url("crash"));

        var workload = new Workload(() => http, tenant, "crash");
        using var stop = new CancellationTokenSource();
        var load = workload.RunAsync(workers: 6, TimeSpan.FromSeconds(60), stop.Token);
        var restarts = new List<double>();
        for (var i = 0; i < cycles; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1500, 3500)));
            await service.KillAsync();
            restarts.Add((await service.StartAsync()).TotalSeconds);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await load;

        suite.Report.Figure("kill -9 and restart cycles", string.Create(CultureInfo.InvariantCulture,
            $"{cycles}; restart to ready: median {Median(restarts):0.0} s, max {restarts.Max():0.0} s"));
        await Verify.AcknowledgedWritesAsync(suite, workload, tenant);
        await Verify.HistoryConsistentAsync(suite, tenant);
        // Deliveries in flight at a kill are sent again once their lease (request timeout + 30 s) expires.
        await Verify.EventsDeliveredAsync(suite, receiver, tenant, "crash", TimeSpan.FromSeconds(90), exactlyOnce: false);
        await service.StopAsync();
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
