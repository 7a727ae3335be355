using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using OrderStatus.Faults.Harness;

namespace OrderStatus.Faults.Scenarios;

/// <summary>
/// Database down (PostgreSQL stopped under load for 10 s) and connection pool exhausted (every pooled
/// connection stuck behind a row lock for 10 s): requests answer 503 problem+json with Retry-After
/// within the configured timeouts — no hang, no 500 —, /health/ready answers 503, everything works
/// within 5 s after the fault ends, and nothing acknowledged is lost.
/// </summary>
public static class DatabaseDownScenario
{
    /// <summary>Connect timeout of the service's pool in this scenario (Npgsql <c>Timeout</c>).</summary>
    private const int ConnectTimeoutSeconds = 3;

    /// <summary>
    /// The longest a request may take while the database is unavailable: the service tries a unit of
    /// work up to <c>Database:MaxRetryCount</c> + 1 times, each bounded by the connect timeout, with
    /// at most <c>Database:MaxRetryDelay</c> between tries (settings below), plus slack for a busy machine.
    /// </summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds((1 + 2) * ConnectTimeoutSeconds + 2 * 1 + 3);

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Database__MaxRetryCount"] = "2",
        ["Database__MaxRetryDelay"] = "00:00:01",
    };

    public static async Task RunOutageAsync(Suite suite)
    {
        var tenant = await suite.CreateTenantAsync("Outage merchant");
        var service = suite.NewService(0, new Dictionary<string, string>(Settings)
        {
            ["ConnectionStrings__Orders"] = suite.Database.ConnectionString(timeoutSeconds: ConnectTimeoutSeconds),
        }, "service-outage");
        await service.StartAsync();
        using var http = Suite.NewHttpClient(service.BaseAddress, TimeSpan.FromSeconds(60));
        var orders = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            orders.Add(await Api.CreateOrderAsync(http, tenant, $"outage-read-{i}"));
        }

        var workload = new Workload(() => http, tenant, "outage");
        using var stop = new CancellationTokenSource();
        var load = workload.RunAsync(workers: 3, TimeSpan.FromSeconds(60), stop.Token);
        var probes = new Probes(http, tenant, orders);
        var probing = probes.RunAsync(stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(3));
        var outage = Stopwatch.StartNew();
        probes.Phase = "down";
        await suite.Database.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(10) - outage.Elapsed);
        probes.Phase = "recovering";
        await suite.Database.StartAsync();
        var back = Stopwatch.StartNew();
        var recovered = await UntilWorksAsync(http, tenant, TimeSpan.FromSeconds(30));
        suite.Report.Figure("outage", string.Create(CultureInfo.InvariantCulture, $"PostgreSQL stopped (fast shutdown) for {outage.Elapsed.TotalSeconds - back.Elapsed.TotalSeconds:0.0} s under load (3 writers, 2 readers, a health poller)"));
        suite.Report.Check("everything works within 5 s after the database is back", recovered <= TimeSpan.FromSeconds(5),
            $"a new write and a read succeeded {recovered.TotalSeconds:0.00} s after PostgreSQL accepted connections again");
        probes.Phase = "after";
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(load, probing);

        ReportAnswers(suite, probes, workload, "database down");
        await Verify.AcknowledgedWritesAsync(suite, workload, tenant);
        await Verify.HistoryConsistentAsync(suite, tenant);
        await service.StopAsync();
    }

    public static async Task RunPoolExhaustedAsync(Suite suite)
    {
        const int poolSize = 10;
        var tenant = await suite.CreateTenantAsync("Pool merchant");
        var service = suite.NewService(0, new Dictionary<string, string>(Settings)
        {
            ["ConnectionStrings__Orders"] = suite.Database.ConnectionString(maxPoolSize: poolSize, timeoutSeconds: ConnectTimeoutSeconds),
            ["Webhooks__DispatcherEnabled"] = "false",
        }, "service-pool");
        await service.StartAsync();
        using var http = Suite.NewHttpClient(service.BaseAddress, TimeSpan.FromSeconds(60));
        var orders = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            orders.Add(await Api.CreateOrderAsync(http, tenant, $"pool-read-{i}"));
        }

        var locked = await Api.CreateOrderAsync(http, tenant, "pool-locked");
        // Every pooled connection ends up waiting behind this row lock.
        await using var connection = await suite.Database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand("SELECT 1 FROM orders WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            lockRow.Parameters.Add(new Npgsql.NpgsqlParameter { Value = locked });
            await lockRow.ExecuteNonQueryAsync();
        }

        var workload = new Workload(() => http, tenant, "pool");
        var blocked = Enumerable.Range(0, poolSize * 2).Select(i => Task.Run(async () =>
        {
            var (status, _, response) = await Api.SendAsync(http, HttpMethod.Patch, $"/api/v1/orders/{locked}", tenant, $$"""{"channel":"c{{i}}"}""");
            response.Dispose();
            return status;
        })).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var exhausted = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var probes = new Probes(http, tenant, orders) { Phase = "down" };
        var probing = probes.RunAsync(stop.Token);
        var load = workload.RunAsync(workers: 2, TimeSpan.FromSeconds(60), stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(10));
        probes.Phase = "recovering";
        await transaction.RollbackAsync();
        var recovered = await UntilWorksAsync(http, tenant, TimeSpan.FromSeconds(30));
        suite.Report.Figure("exhaustion", string.Create(CultureInfo.InvariantCulture,
            $"pool of {poolSize} connections, {poolSize * 2} requests held behind a row lock for {exhausted.Elapsed.TotalSeconds - recovered.TotalSeconds:0.0} s, connect timeout {ConnectTimeoutSeconds} s"));
        suite.Report.Check("everything works within 5 s after the pool is free", recovered <= TimeSpan.FromSeconds(5),
            $"a new write and a read succeeded {recovered.TotalSeconds:0.00} s after the lock was released");
        probes.Phase = "after";
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(load, probing);
        var blockedStatuses = await Task.WhenAll(blocked);
        suite.Report.Figure("the requests behind the lock", string.Join(", ", blockedStatuses.GroupBy(s => (int)s).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
        suite.Report.Check("no request behind the lock answered 500", blockedStatuses.All(s => (int)s < 500 || s == HttpStatusCode.ServiceUnavailable),
            string.Join(", ", blockedStatuses.Select(s => (int)s).Distinct()));

        ReportAnswers(suite, probes, workload, "pool exhausted");
        await Verify.AcknowledgedWritesAsync(suite, workload, tenant);
        await Verify.HistoryConsistentAsync(suite, tenant);
        await service.StopAsync();
    }

    private static void ReportAnswers(Suite suite, Probes probes, Workload workload, string fault)
    {
        var down = probes.Answers.Where(a => a.Phase == "down").ToList();
        var reads = down.Where(a => a.Kind == "read").ToList();
        var ready = down.Where(a => a.Kind == "ready").ToList();
        suite.Report.Figure($"reads while {fault}", Summary(reads));
        suite.Report.Figure($"/health/ready while {fault}", Summary(ready));
        var badReads = reads.Where(a => !(a.Status == 503 && a.Problem && a.RetryAfter) && a.Status != 200).ToList();
        suite.Report.Check("reads answer 503 problem+json with Retry-After (or 200), never 500", badReads.Count == 0 && reads.Count > 0,
            badReads.Count == 0 ? $"{reads.Count(a => a.Status == 503)} × 503 with Retry-After, {reads.Count(a => a.Status == 200)} × 200" : $"{badReads.Count} other answers, e.g. {badReads[0]}");
        var writes503 = workload.Answered503WithRetryAfter;
        suite.Report.Check("writes answer 503 problem+json with Retry-After, never another 5xx", workload.BadServerErrors.IsEmpty,
            workload.BadServerErrors.IsEmpty ? $"{writes503} × 503 with Retry-After" : $"{workload.BadServerErrors.Count} others, e.g. {workload.BadServerErrors.First()}");
        var slowest = down.Concat(probes.Answers.Where(a => a.Phase == "recovering")).Select(a => a.Elapsed).DefaultIfEmpty().Max();
        var maxWrite = TimeSpan.FromMilliseconds(workload.MaxAnsweredMs);
        suite.Report.Check("no request hangs: every answer within the configured timeouts", slowest <= AnswerBound && maxWrite <= AnswerBound,
            string.Create(CultureInfo.InvariantCulture, $"slowest read/health answer {slowest.TotalSeconds:0.0} s, slowest write attempt {maxWrite.TotalSeconds:0.0} s; bound {AnswerBound.TotalSeconds:0} s ((retries 2 + 1) × connect timeout {ConnectTimeoutSeconds} s + retry delays + 3 s)"));
        suite.Report.Check("/health/ready answers 503", ready.Count > 0 && ready.All(a => a.Status == 503),
            string.Join(", ", ready.GroupBy(a => a.Status).Select(g => $"{g.Key}×{g.Count()}")));
    }

    /// <summary>Time until a new write and a read succeed (polling every 100 ms).</summary>
    private static async Task<TimeSpan> UntilWorksAsync(HttpClient http, Tenant tenant, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            try
            {
                var id = await Api.CreateOrderAsync(http, tenant, $"probe-{Guid.NewGuid():N}"[..30]);
                var (status, _, response) = await Api.SendAsync(http, HttpMethod.Get, $"/api/v1/orders/{id}/status", tenant);
                response.Dispose();
                if (status == HttpStatusCode.OK)
                {
                    return clock.Elapsed;
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TaskCanceledException)
            {
                // Not yet.
            }

            await Task.Delay(100);
        }

        return clock.Elapsed;
    }

    internal sealed record Answer(string Phase, string Kind, int Status, bool Problem, bool RetryAfter, TimeSpan Elapsed)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Kind} {Status} problem={Problem} retry-after={RetryAfter} in {Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Two readers of order statuses and a /health/ready poller, recording every answer with the phase it fell in.</summary>
    private sealed class Probes(HttpClient http, Tenant tenant, List<Guid> orders)
    {
        public ConcurrentQueue<Answer> Answers { get; } = new();

        public volatile string Phase = "before";

        public Task RunAsync(CancellationToken stop) => Task.WhenAll(
            LoopAsync("read", () => $"/api/v1/orders/{orders[Random.Shared.Next(orders.Count)]}/status", tenant, stop),
            LoopAsync("read", () => $"/api/v1/orders/{orders[Random.Shared.Next(orders.Count)]}", tenant, stop),
            LoopAsync("ready", () => "/health/ready", null, stop));

        private async Task LoopAsync(string kind, Func<string> path, Tenant? caller, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var phase = Phase;
                var clock = Stopwatch.StartNew();
                try
                {
                    var (status, _, response) = await Api.SendAsync(http, HttpMethod.Get, path(), caller, cancellationToken: CancellationToken.None);
                    using (response)
                    {
                        Answers.Enqueue(new Answer(phase, kind, (int)status,
                            response.Content.Headers.ContentType?.MediaType == "application/problem+json", response.Headers.RetryAfter is not null, clock.Elapsed));
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Answers.Enqueue(new Answer(phase, kind, 0, false, false, clock.Elapsed));
                }

                await Task.Delay(200, CancellationToken.None);
            }
        }
    }

    private static string Summary(List<Answer> answers) =>
        answers.Count == 0 ? "none" : string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => string.Create(CultureInfo.InvariantCulture,
            $"{(g.Key == 0 ? "no answer" : g.Key.ToString(CultureInfo.InvariantCulture))}×{g.Count()} (max {g.Max(a => a.Elapsed).TotalSeconds:0.0} s)")));
}
