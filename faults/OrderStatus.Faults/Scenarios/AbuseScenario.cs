using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OrderStatus.Faults.Harness;

namespace OrderStatus.Faults.Scenarios;

/// <summary>
/// Resource abuse against one service: slow headers and slow bodies, thousands of headers, a 10 MB
/// body, JSON nested 10,000 deep, 1,000 concurrent long-polls, a burst far over the rate limit.
/// Throughout, RSS stays under 400 MiB, /health/live answers under 100 ms, and the process survives.
/// </summary>
public static class AbuseScenario
{
    private const double RssLimitMiB = 400;
    private const double LiveLimitMs = 100;
    private const int HeaderTimeoutSeconds = 5;

    public static async Task RunAsync(Suite suite)
    {
        var service = suite.NewService(0, new Dictionary<string, string>
        {
            ["RateLimiting__PermitsPerSecond"] = "100",
            ["RateLimiting__Burst"] = "1200",
            ["Limits__RequestHeadersTimeoutSeconds"] = HeaderTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        }, "service-abuse");
        await service.StartAsync();
        var tenant = await suite.CreateTenantAsync("Abuse merchant");
        var bursty = await suite.CreateTenantAsync("Burst merchant");
        using var http = Suite.NewHttpClient(service.BaseAddress, TimeSpan.FromSeconds(60), maxConnections: 1200);
        using var stop = new CancellationTokenSource();
        var monitor = new Monitor(service);
        var monitoring = monitor.RunAsync(stop.Token);
        var report = suite.Report;

        // Slow headers (slowloris): 50 connections sending one header byte per second.
        monitor.Phase = "slow headers";
        var slowHeaders = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => SlowHeadersAsync(service.Port, TimeSpan.FromSeconds(HeaderTimeoutSeconds + 10))));
        report.Check($"slow headers are cut off by the header timeout ({HeaderTimeoutSeconds} s)",
            slowHeaders.All(s => s.Closed && s.After <= TimeSpan.FromSeconds(HeaderTimeoutSeconds + 3)),
            string.Create(CultureInfo.InvariantCulture, $"50 connections at 1 byte/s: closed after {slowHeaders.Min(s => s.After.TotalSeconds):0.0}–{slowHeaders.Max(s => s.After.TotalSeconds):0.0} s, answers {string.Join(",", slowHeaders.Select(s => s.Status).Distinct())}"));

        // Slow body: a declared 100 kB order body trickling at 10 bytes/s.
        monitor.Phase = "slow bodies";
        var slowBodies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SlowBodyAsync(service.Port, tenant, TimeSpan.FromSeconds(30))));
        report.Check("slow bodies are cut off by the minimum data rate", slowBodies.All(s => s.Closed && s.After <= TimeSpan.FromSeconds(15)),
            string.Create(CultureInfo.InvariantCulture, $"20 bodies at 10 bytes/s: ended after {slowBodies.Min(s => s.After.TotalSeconds):0.0}–{slowBodies.Max(s => s.After.TotalSeconds):0.0} s, answers {string.Join(",", slowBodies.Select(s => s.Status).Distinct())}"));

        // Thousands of headers.
        monitor.Phase = "5,000 headers";
        var many = await RawAsync(service.Port, "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"X-Abuse-{i}: {i}\r\n")) + "\r\n", TimeSpan.FromSeconds(10));
        report.Check("5,000 headers answer 431", many.Status == 431, $"answer {many.Status}");

        // A 10 MB body.
        monitor.Phase = "10 MB body";
        // Sent over a raw socket: the server answers 413 from the headers and may close before the body is in.
        var hugeBody = "{\"reference\":\"" + new string('x', 10 * 1024 * 1024) + "\"}";
        var huge = await RawAsync(service.Port,
            $"POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {tenant.Basic}\r\nContent-Type: application/json\r\nContent-Length: {hugeBody.Length}\r\n\r\n{hugeBody}",
            TimeSpan.FromSeconds(20));
        var chunked = await SafeSendAsync(http, HttpMethod.Post, "/api/v1/orders", tenant, hugeBody);
        var chunkedType = chunked.Response?.Content.Headers.ContentType?.MediaType;
        chunked.Response?.Dispose();
        report.Check("a 10 MB body answers 413 (problem+json)", huge.Status == 413 && (chunked.Status == 413 || chunked.Status == 0),
            $"declared length: {huge.Status}; sent by HttpClient: {(chunked.Status == 0 ? "connection closed by the server while sending" : $"{chunked.Status} {chunkedType}")}");

        // JSON nested 10,000 deep.
        monitor.Phase = "deep JSON";
        var deep = new string('[', 10000) + new string(']', 10000);
        var deepObject = string.Concat(Enumerable.Repeat("{\"a\":", 10000)) + "1" + new string('}', 10000);
        var (deepStatus, _, deepResponse) = await SafeSendAsync(http, HttpMethod.Post, "/api/v1/orders", tenant, deep);
        deepResponse?.Dispose();
        var (deepObjectStatus, _, deepObjectResponse) = await SafeSendAsync(http, HttpMethod.Post, "/api/v1/orders", tenant, deepObject);
        var deepType = deepObjectResponse?.Content.Headers.ContentType?.MediaType;
        deepObjectResponse?.Dispose();
        report.Check("JSON nested 10,000 deep answers 400 problem+json", deepStatus == 400 && deepObjectStatus == 400 && deepType == "application/problem+json",
            $"arrays {deepStatus}, objects {deepObjectStatus} {deepType}");

        // 1,000 concurrent long-polls, then one commit wakes them all.
        monitor.Phase = "1,000 long-polls";
        var (_, latest, latestResponse) = await Api.SendAsync(http, HttpMethod.Get, "/api/v1/events?after=latest", tenant);
        latestResponse.Dispose();
        var cursor = latest.GetProperty("nextCursor").GetString();
        var polls = Enumerable.Range(0, 1000).Select(_ => SafeSendAsync(http, HttpMethod.Get, $"/api/v1/events?after={cursor}&wait=25", tenant, null)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var rssWhilePolling = service.RssMiB();
        var wake = Stopwatch.StartNew();
        monitor.Phase = "waking 1,000 polls";
        await Api.CreateOrderAsync(http, tenant, "wake-them-all");
        var answers = await Task.WhenAll(polls);
        var woken = wake.Elapsed;
        foreach (var (_, _, response) in answers)
        {
            response?.Dispose();
        }

        report.Check("1,000 concurrent long-polls are all answered when an event commits",
            answers.All(a => a.Status == 200) && woken < TimeSpan.FromSeconds(10),
            string.Create(CultureInfo.InvariantCulture, $"{answers.Count(a => a.Status == 200)} × 200 of 1,000 ({string.Join(",", answers.Select(a => a.Status).Distinct())}), all within {woken.TotalSeconds:0.0} s of the commit; RSS while they waited {rssWhilePolling:0} MiB"));

        // A burst far over the rate limit (Burst 1,200, 100/s): 6,000 requests from one client.
        monitor.Phase = "burst";
        var burst = Stopwatch.StartNew();
        var statuses = new ConcurrentDictionary<int, int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 6000), new ParallelOptions { MaxDegreeOfParallelism = 100 }, async (_, ct) =>
        {
            var (status, _, response) = await SafeSendAsync(http, HttpMethod.Get, "/api/v1/me", bursty, null);
            response?.Dispose();
            statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
        });
        report.Check("a burst of 6,000 requests is limited (429), never 5xx",
            statuses.GetValueOrDefault(429) > 0 && statuses.Keys.All(s => s is 200 or 429),
            string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"))} in {burst.Elapsed.TotalSeconds:0.0} s"));

        await stop.CancelAsync();
        await monitoring;
        report.Check("RSS stays under 400 MiB", monitor.MaxRssMiB < RssLimitMiB,
            string.Create(CultureInfo.InvariantCulture, $"max RSS {monitor.MaxRssMiB:0} MiB (peak VmHWM {service.PeakRssMiB():0} MiB), {monitor.Samples} samples"));
        report.Check("/health/live answers under 100 ms throughout", monitor.MaxLiveMs < LiveLimitMs && monitor.LiveFailures == 0,
            string.Create(CultureInfo.InvariantCulture, $"max {monitor.MaxLiveMs:0} ms, p99 {monitor.LivePercentile(0.99):0} ms over {monitor.Samples} probes every 100 ms (new connection each, from a thread of its own), {monitor.LiveFailures} failed; worst by phase (ms): {monitor.WorstByPhase()}"));
        report.Check("the service never crashed", !service.HasExited, service.HasExited ? "exited" : "still running");
        await service.StopAsync();
    }

    private static async Task<(int Status, string? Body, HttpResponseMessage? Response)> SafeSendAsync(HttpClient http, HttpMethod method, string path, Tenant tenant, string? json)
    {
        try
        {
            var (status, body, response) = await Api.SendAsync(http, method, path, tenant, json);
            return ((int)status, body.ToString(), response);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (0, ex.Message, null);
        }
    }

    private sealed record RawResult(bool Closed, int Status, TimeSpan After);

    /// <summary>Sends the request line and then one header byte per second until the server answers or closes.</summary>
    private static async Task<RawResult> SlowHeadersAsync(int port, TimeSpan limit)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var stream = socket.GetStream();
        var clock = Stopwatch.StartNew();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: "));
        var reading = ReadStatusAsync(stream);
        while (clock.Elapsed < limit && !reading.IsCompleted)
        {
            try
            {
                await stream.WriteAsync("a"u8.ToArray());
            }
            catch (IOException)
            {
                break;
            }

            await Task.WhenAny(reading, Task.Delay(1000));
        }

        var status = reading.IsCompleted ? await reading : -1;
        return new RawResult(status != -1, status, clock.Elapsed);
    }

    /// <summary>Sends a complete header block declaring 100 kB, then 10 body bytes per second.</summary>
    private static async Task<RawResult> SlowBodyAsync(int port, Tenant tenant, TimeSpan limit)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var stream = socket.GetStream();
        var clock = Stopwatch.StartNew();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {tenant.Basic}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{\"reference\":\""));
        var reading = ReadStatusAsync(stream);
        while (clock.Elapsed < limit && !reading.IsCompleted)
        {
            try
            {
                await stream.WriteAsync("aaaaaaaaaa"u8.ToArray());
            }
            catch (IOException)
            {
                break;
            }

            await Task.WhenAny(reading, Task.Delay(1000));
        }

        var status = reading.IsCompleted ? await reading : -1;
        return new RawResult(status != -1, status, clock.Elapsed);
    }

    private static async Task<RawResult> RawAsync(int port, string request, TimeSpan limit)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var stream = socket.GetStream();
        var clock = Stopwatch.StartNew();
        var reading = ReadStatusAsync(stream);
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        }
        catch (IOException)
        {
            // The server may close before reading all of it; its answer is what counts.
        }

        var done = await Task.WhenAny(reading, Task.Delay(limit));
        var status = done == reading ? await reading : -1;
        return new RawResult(status != -1, status, clock.Elapsed);
    }

    /// <summary>The status of the first response line, or 0 when the server closes without one.</summary>
    private static async Task<int> ReadStatusAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        var text = new StringBuilder();
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }

                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
                if (text.ToString().Contains("\r\n", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // Reset by the server.
        }

        var line = text.ToString().Split("\r\n")[0].Split(' ');
        return line.Length >= 2 && int.TryParse(line[1], CultureInfo.InvariantCulture, out var status) ? status : 0;
    }

    /// <summary>
    /// Probes /health/live every 100 ms and samples RSS, from a dedicated OS thread with blocking sockets, a new
    /// connection per probe (as a kubelet's liveness probe does). Not on the thread pool: the driver itself runs the
    /// abuse (1,000 polls, a 6,000-request burst) on its pool, and a probe continuation queued behind that work would
    /// measure the driver's own backlog, not the service. Each probe is tagged with the phase it ran in.
    /// </summary>
    private sealed class Monitor(Service service)
    {
        private readonly Lock _gate = new();
        private readonly List<(string Phase, double Ms)> _live = [];
        private volatile string _phase = "start";
        private int _failures;
        private double _maxRss;

        public string Phase { set => _phase = value; }

        public double MaxRssMiB { get { lock (_gate) { return _maxRss; } } }

        public double MaxLiveMs { get { lock (_gate) { return _live.Count == 0 ? 0 : _live.Max(l => l.Ms); } } }

        public int LiveFailures { get { lock (_gate) { return _failures; } } }

        public int Samples { get { lock (_gate) { return _live.Count + _failures; } } }

        public double LivePercentile(double p)
        {
            lock (_gate)
            {
                return _live.Count == 0 ? 0 : _live.Select(l => l.Ms).Order().ElementAt((int)Math.Min(_live.Count - 1, p * _live.Count));
            }
        }

        /// <summary>The worst probe of each phase, in the order the phases ran: "slow headers 12 ms, burst 48 ms …".</summary>
        public string WorstByPhase()
        {
            lock (_gate)
            {
                return string.Join(", ", _live.GroupBy(l => l.Phase).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Max(l => l.Ms):0}")));
            }
        }

        public Task RunAsync(CancellationToken stop)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try
                {
                    Probe(stop);
                    done.SetResult();
                }
                catch (Exception ex)
                {
                    done.SetException(ex);
                }
            })
            {
                IsBackground = true,
                Name = "health-live-probe",
            };
            thread.Start();
            return done.Task;
        }

        private void Probe(CancellationToken stop)
        {
            var request = Encoding.ASCII.GetBytes($"GET /health/live HTTP/1.1\r\nHost: 127.0.0.1:{service.Port}\r\nConnection: close\r\n\r\n");
            var buffer = new byte[4096];
            while (!stop.IsCancellationRequested)
            {
                var rss = service.RssMiB();
                var phase = _phase;
                var clock = Stopwatch.StartNew();
                var ok = false;
                try
                {
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 5000, SendTimeout = 5000 };
                    socket.Connect(IPAddress.Loopback, service.Port);
                    socket.Send(request);
                    var answer = new StringBuilder();
                    int read;
                    while ((read = socket.Receive(buffer)) > 0)
                    {
                        answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }

                    ok = answer.ToString().StartsWith("HTTP/1.1 200", StringComparison.Ordinal);
                }
                catch (SocketException)
                {
                }

                var elapsed = clock.Elapsed.TotalMilliseconds;
                lock (_gate)
                {
                    _maxRss = Math.Max(_maxRss, rss);
                    if (ok)
                    {
                        _live.Add((phase, elapsed));
                    }
                    else
                    {
                        _failures++;
                    }
                }

                stop.WaitHandle.WaitOne(100);
            }
        }
    }
}
