using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OrderStatus.Faults.Harness;

/// <summary>One logical write: every attempt sends the same Idempotency-Key, also used as X-Request-Id.</summary>
public sealed record Write(string Key, string Op, Guid? OrderId, string? Reference)
{
    /// <summary>2xx: the order's version in the answer (0 when the answer carries none).</summary>
    public long? AckedVersion { get; set; }

    /// <summary>A definitive client error (4xx other than 409 in-progress / 429).</summary>
    public int? RejectedStatus { get; set; }

    public string? RejectedBody { get; set; }

    public int Attempts { get; set; }

    public bool Replayed { get; set; }

    public bool Acked => AckedVersion is not null;
}

/// <summary>
/// Clients driving whole order lives (create with an item, another item, paid, in fulfilment, sent with
/// a tracking, delivered, done) and retrying every write with its Idempotency-Key until it gets a
/// definitive answer — through crashes, outages and replica failures.
/// </summary>
public sealed class Workload(Func<HttpClient> clients, Tenant tenant, string prefix)
{
    private static readonly string[] Steps = ["items", "paid", "in-fulfilment", "sent", "delivered", "done"];

    public ConcurrentQueue<Write> Writes { get; } = new();

    /// <summary>Status codes of every attempt (0: no answer), for the report.</summary>
    public ConcurrentDictionary<int, int> AttemptStatuses { get; } = new();

    /// <summary>Longest time one attempt took to be answered (any status), in ms.</summary>
    public long MaxAnsweredMs => Interlocked.Read(ref _maxAnsweredMs);

    /// <summary>Attempts answered with problem+json 503 and a Retry-After header.</summary>
    public int Answered503WithRetryAfter => _503WithRetryAfter;

    /// <summary>5xx answers that were not 503 problem+json with Retry-After.</summary>
    public ConcurrentQueue<string> BadServerErrors { get; } = new();

    private long _maxAnsweredMs;
    private int _503WithRetryAfter;
    private int _orders;

    /// <summary>Runs <paramref name="workers"/> clients until <paramref name="stop"/>; writes in flight then still get up to <paramref name="grace"/> to finish.</summary>
    public async Task RunAsync(int workers, TimeSpan grace, CancellationToken stop)
    {
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkerAsync(grace, stop), CancellationToken.None)));
    }

    private async Task WorkerAsync(TimeSpan grace, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _orders);
            var reference = $"{prefix}-{n}-{Guid.NewGuid():N}";
            reference = reference[..Math.Min(40, reference.Length)];
            var create = new Write(NewKey(), "create", null, reference);
            var body = $$"""{"reference":"{{reference}}","currency":"EUR","items":[{"sku":"SKU-1","name":"First","quantity":1,"unitPrice":9.5}]}""";
            var created = await SendAsync(create, HttpMethod.Post, "/api/v1/orders", body, grace, stop);
            if (created is not { } order)
            {
                continue;
            }

            var orderId = order.GetProperty("id").GetGuid();
            foreach (var step in Steps)
            {
                if (stop.IsCancellationRequested)
                {
                    break;
                }

                var (path, stepBody) = step switch
                {
                    "items" => ("items", """{"sku":"SKU-2","name":"Second","quantity":2,"unitPrice":1.25}"""),
                    "sent" => ("sent", $$$"""{"tracking":{"trackingNumber":"TRK{{{n}}}X{{{Random.Shared.Next(100000, 999999)}}}","carrier":"UPS"}}"""),
                    _ => (step, "{}"),
                };
                var write = new Write(NewKey(), step, orderId, reference);
                if (await SendAsync(write, HttpMethod.Post, $"/api/v1/orders/{orderId}/{path}", stepBody, grace, stop) is null)
                {
                    break;
                }
            }
        }
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");

    /// <summary>Sends until a definitive answer; null unless 2xx.</summary>
    private async Task<JsonElement?> SendAsync(Write write, HttpMethod method, string path, string body, TimeSpan grace, CancellationToken stop)
    {
        Writes.Enqueue(write);
        var giveUp = new CancellationTokenSource();
        using var registration = stop.Register(() => giveUp.CancelAfter(grace));
        var delay = 100;
        while (!giveUp.IsCancellationRequested)
        {
            write.Attempts++;
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = tenant.Authorization;
            request.Headers.Add("Idempotency-Key", write.Key);
            request.Headers.Add("X-Request-Id", write.Key);
            var clock = Stopwatch.StartNew();
            try
            {
                using var response = await clients().SendAsync(request, giveUp.Token);
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync(giveUp.Token);
                RecordAnswer(status, clock.ElapsedMilliseconds, response, text);
                if (response.IsSuccessStatusCode)
                {
                    var json = JsonSerializer.Deserialize<JsonElement>(text);
                    write.AckedVersion = json.TryGetProperty("version", out var v) ? v.GetInt64() : 0;
                    write.Replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Contains("true");
                    return json;
                }

                var retry = status >= 500 || status == 429 || (status == 409 && text.Contains("idempotency_request_in_progress", StringComparison.Ordinal));
                if (!retry)
                {
                    write.RejectedStatus = status;
                    write.RejectedBody = text.Length > 300 ? text[..300] : text;
                    return null;
                }
            }
            catch (HttpRequestException)
            {
                AttemptStatuses.AddOrUpdate(0, 1, (_, c) => c + 1);
            }
            catch (TaskCanceledException) when (!giveUp.IsCancellationRequested)
            {
                // The client's own timeout: no answer in time.
                AttemptStatuses.AddOrUpdate(-1, 1, (_, c) => c + 1);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            try
            {
                await Task.Delay(delay, giveUp.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = Math.Min(delay * 2, 1000);
        }

        return null;
    }

    private void RecordAnswer(int status, long elapsedMs, HttpResponseMessage response, string text)
    {
        AttemptStatuses.AddOrUpdate(status, 1, (_, c) => c + 1);
        long seen;
        while (elapsedMs > (seen = Interlocked.Read(ref _maxAnsweredMs)) && Interlocked.CompareExchange(ref _maxAnsweredMs, elapsedMs, seen) != seen)
        {
        }

        if (status < 500)
        {
            return;
        }

        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
        if (status == (int)HttpStatusCode.ServiceUnavailable && problem && response.Headers.RetryAfter is not null)
        {
            Interlocked.Increment(ref _503WithRetryAfter);
        }
        else
        {
            BadServerErrors.Enqueue($"{status} {response.Content.Headers.ContentType?.MediaType} retry-after={response.Headers.RetryAfter is not null}: {(text.Length > 200 ? text[..200] : text)}");
        }
    }

    public static AuthenticationHeaderValue Basic(Tenant tenant) => tenant.Authorization;
}
