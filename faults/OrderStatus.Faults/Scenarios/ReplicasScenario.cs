using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OrderStatus.Faults.Harness;

namespace OrderStatus.Faults.Scenarios;

/// <summary>
/// Two and three replicas on one database behind HAProxy: a full order life through the balancer,
/// webhooks exactly once and in order, a long-poll woken by a write on another replica, tokens and
/// rate limits across replicas, and one replica killed mid-load without losing an acknowledged write.
/// </summary>
public static class ReplicasScenario
{
    private const int PermitsPerSecond = 50;
    private const int Burst = 100;

    public static async Task RunAsync(Suite suite, Receiver receiver, int count)
    {
        var replicas = Enumerable.Range(0, count).Select(i => suite.NewService(i, new Dictionary<string, string>
        {
            ["Auth__ClientCacheSeconds"] = "2",
            // The service's defaults: the workload stays under them, the burst below goes far over.
            ["RateLimiting__PermitsPerSecond"] = PermitsPerSecond.ToString(CultureInfo.InvariantCulture),
            ["RateLimiting__Burst"] = Burst.ToString(CultureInfo.InvariantCulture),
        }, $"replica-{count}-{i}")).ToList();
        await Task.WhenAll(replicas.Select(r => r.StartAsync()));
        var balancer = new Balancer(suite.Processes, suite.WorkDirectory);
        await balancer.StartAsync(replicas);
        try
        {
            using var http = Suite.NewHttpClient(balancer.BaseAddress, TimeSpan.FromSeconds(30));
            await OrderLifeAsync(suite, http);
            await WebhooksExactlyOnceAsync(suite, receiver, http, count);
            await LongPollAcrossReplicasAsync(suite, replicas);
            await TokensAcrossReplicasAsync(suite, replicas);
            await RateLimitsAsync(suite, replicas, balancer);
            await KillOneMidLoadAsync(suite, receiver, http, replicas[^1], count);
        }
        finally
        {
            await balancer.StopAsync();
            foreach (var replica in replicas)
            {
                await replica.StopAsync();
            }
        }
    }

    private static async Task OrderLifeAsync(Suite suite, HttpClient http)
    {
        var tenant = await suite.CreateTenantAsync("Replica life merchant");
        var id = await Api.CreateOrderAsync(http, tenant, $"life-{Guid.NewGuid():N}"[..30]);
        var statuses = new List<string>();
        foreach (var (path, body) in new[]
                 {
                     ("items", """{"sku":"B","name":"Second","quantity":1,"unitPrice":2}"""), ("paid", "{}"), ("in-fulfilment", "{}"),
                     ("sent", """{"tracking":{"trackingNumber":"1Z999AA10123456784","carrier":"UPS"}}"""), ("delivered", "{}"), ("done", "{}"),
                 })
        {
            var (status, json, response) = await Api.SendAsync(http, HttpMethod.Post, $"/api/v1/orders/{id}/{path}", tenant, body);
            response.Dispose();
            statuses.Add(status == HttpStatusCode.OK || status == HttpStatusCode.Created ? json.GetProperty("status").GetString()! : ((int)status).ToString(CultureInfo.InvariantCulture));
        }

        var (_, history, historyResponse) = await Api.SendAsync(http, HttpMethod.Get, $"/api/v1/orders/{id}/history?limit=100", tenant);
        historyResponse.Dispose();
        var (_, order, orderResponse) = await Api.SendAsync(http, HttpMethod.Get, $"/api/v1/orders/{id}", tenant);
        orderResponse.Dispose();
        var events = history.GetProperty("items").GetArrayLength();
        suite.Report.Check("a full order life through the balancer", statuses[^1] == "done" && order.GetProperty("status").GetString() == "done",
            $"statuses {string.Join(" → ", statuses)}; final version {order.GetProperty("version")}, {events} history events");
    }

    private static async Task WebhooksExactlyOnceAsync(Suite suite, Receiver receiver, HttpClient http, int count)
    {
        var tenant = await suite.CreateTenantAsync("Replica webhook merchant");
        var path = $"replicas-{count}";
        await Api.SubscribeAsync(http, tenant, receiver.Url(path));
        var workload = new Workload(() => http, tenant, path);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(suite.Smoke ? 3 : 6));
        await workload.RunAsync(workers: 4, TimeSpan.FromSeconds(30), stop.Token);
        suite.Report.Figure($"webhook load through the balancer ({count} dispatchers)", $"{workload.Writes.Count(w => w.Acked)} acknowledged writes");
        await Verify.EventsDeliveredAsync(suite, receiver, tenant, path, TimeSpan.FromSeconds(60), exactlyOnce: true);
    }

    private static async Task LongPollAcrossReplicasAsync(Suite suite, List<Service> replicas)
    {
        var tenant = await suite.CreateTenantAsync("Replica feed merchant");
        using var reader = Suite.NewHttpClient(replicas[0].BaseAddress, TimeSpan.FromSeconds(40));
        using var writer = Suite.NewHttpClient(replicas[1].BaseAddress);
        var (_, latest, latestResponse) = await Api.SendAsync(reader, HttpMethod.Get, "/api/v1/events?after=latest", tenant);
        latestResponse.Dispose();
        var poll = Api.SendAsync(reader, HttpMethod.Get, $"/api/v1/events?after={latest.GetProperty("nextCursor").GetString()}&wait=20", tenant);
        await Task.Delay(1000);
        var early = poll.IsCompleted;
        var clock = Stopwatch.StartNew();
        var id = await Api.CreateOrderAsync(writer, tenant, "feed-across");
        var written = clock.Elapsed;
        var (status, page, pageResponse) = await poll;
        pageResponse.Dispose();
        var woken = clock.Elapsed - written;
        var got = status == HttpStatusCode.OK && page.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("orderId").GetGuid() == id);
        suite.Report.Check("a long-poll on one replica is woken by a write on another", !early && got && woken < TimeSpan.FromSeconds(3),
            string.Create(CultureInfo.InvariantCulture, $"answered {woken.TotalMilliseconds:0} ms after the write was acknowledged (wait=20 s); event received: {got}"));
    }

    private static async Task TokensAcrossReplicasAsync(Suite suite, List<Service> replicas)
    {
        var tenant = await suite.CreateTenantAsync("Replica token merchant");
        var clients = replicas.Select(r => Suite.NewHttpClient(r.BaseAddress)).ToList();
        try
        {
            var token = await Api.TokenAsync(clients[0], tenant);
            var bearer = new AuthenticationHeaderValue("Bearer", token);
            var accepted = 0;
            foreach (var client in clients)
            {
                var (status, _, response) = await Api.SendAsync(client, HttpMethod.Get, "/api/v1/me", authorization: bearer);
                response.Dispose();
                accepted += status == HttpStatusCode.OK ? 1 : 0;
            }

            suite.Report.Check("a token issued by one replica is accepted by every replica", accepted == replicas.Count, $"{accepted}/{replicas.Count}");

            await suite.CliAsync("clients", "revoke", "--client", tenant.ClientId, "--json");
            var clock = Stopwatch.StartNew();
            var rejectedAfter = new double[clients.Count];
            for (var i = 0; i < clients.Count; i++)
            {
                while (clock.Elapsed < TimeSpan.FromSeconds(20))
                {
                    var (status, _, response) = await Api.SendAsync(clients[i], HttpMethod.Get, "/api/v1/me", authorization: bearer);
                    response.Dispose();
                    if (status == HttpStatusCode.Unauthorized)
                    {
                        break;
                    }

                    await Task.Delay(100);
                }

                rejectedAfter[i] = clock.Elapsed.TotalSeconds;
            }

            suite.Report.Check("a revoked client's token is refused by every replica within Auth:ClientCacheSeconds (2 s) + 1 s", rejectedAfter.All(s => s <= 3),
                string.Join(", ", rejectedAfter.Select((s, i) => string.Create(CultureInfo.InvariantCulture, $"{replicas[i].Name} after {s:0.0} s"))));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static async Task KillOneMidLoadAsync(Suite suite, Receiver receiver, HttpClient http, Service victim, int count)
    {
        var tenant = await suite.CreateTenantAsync("Replica kill merchant");
        var path = $"replica-kill-{count}";
        await Api.SubscribeAsync(http, tenant, receiver.Url(path));
        var workload = new Workload(() => http, tenant, path);
        using var stop = new CancellationTokenSource();
        var load = workload.RunAsync(workers: 4, TimeSpan.FromSeconds(30), stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await victim.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(suite.Smoke ? 3 : 5));
        await stop.CancelAsync();
        await load;
        suite.Report.Figure($"one of {count} replicas killed (SIGKILL) mid-load", victim.Name);
        await Verify.AcknowledgedWritesAsync(suite, workload, tenant);
        await Verify.HistoryConsistentAsync(suite, tenant);
        await Verify.EventsDeliveredAsync(suite, receiver, tenant, path, TimeSpan.FromSeconds(90), exactlyOnce: false);
    }

    /// <summary>Every replica enforces the same limit (429 problem+json with Retry-After); behind the balancer the limits add up.</summary>
    private static async Task RateLimitsAsync(Suite suite, List<Service> replicas, Balancer balancer)
    {
        var perReplica = new List<(int Ok, int Limited, bool Shape, double Seconds)>();
        foreach (var replica in replicas)
        {
            var tenant = await suite.CreateTenantAsync($"Limit merchant {replica.Name}");
            using var direct = Suite.NewHttpClient(replica.BaseAddress);
            perReplica.Add(await BurstAsync(direct, tenant, Burst * 3));
        }

        var shared = await suite.CreateTenantAsync("Limit merchant balanced");
        using var balanced = Suite.NewHttpClient(balancer.BaseAddress);
        var total = await BurstAsync(balanced, shared, Burst * 3 * replicas.Count);
        // Each replica allows the bucket (Burst) plus what refills while the burst lasts.
        var consistent = perReplica.All(p => p.Shape && p.Limited > 0 && p.Ok >= Burst && p.Ok <= Burst + PermitsPerSecond * p.Seconds + 2);
        suite.Report.Check("every replica enforces the same limit (429 problem+json with Retry-After)", consistent,
            $"burst of {Burst * 3} from one client to each replica directly: " +
            string.Join(", ", perReplica.Select(p => OpenApi.Invariant($"{p.Ok} allowed in {p.Seconds:0.0} s"))) + $" (Burst {Burst} + {PermitsPerSecond}/s)");
        suite.Report.Figure("one client behind the balancer", string.Create(CultureInfo.InvariantCulture,
            $"burst of {Burst * 3 * replicas.Count}: {total.Ok} allowed in {total.Seconds:0.0} s, {total.Limited} × 429 — the limit is per replica, so {replicas.Count} replicas allow about {replicas.Count}× Burst (docs/scale-out.md)"));
    }

    private static async Task<(int Ok, int Limited, bool Shape, double Seconds)> BurstAsync(HttpClient http, Tenant tenant, int requests)
    {
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, requests).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
            request.Headers.Authorization = tenant.Authorization;
            using var response = await http.SendAsync(request);
            var shapeOk = response.StatusCode != HttpStatusCode.TooManyRequests
                          || (response.Headers.RetryAfter is not null && response.Content.Headers.ContentType?.MediaType == "application/problem+json");
            return ((int)response.StatusCode, shapeOk);
        }));
        return (results.Count(r => r.Item1 == 200), results.Count(r => r.Item1 == 429), results.All(r => r.shapeOk), clock.Elapsed.TotalSeconds);
    }

    internal static string Describe(JsonElement element) => element.ValueKind == JsonValueKind.Undefined ? "-" : element.ToString();
}
