using System.Text.Json;

// S7's webhook receiver: answers every POST with 204 and counts it; for webhook bodies it records the
// receipt latency (now − the event's occurredAt, which the service stamps inside the committing
// transaction). GET /count → the count; DELETE /count → reset; GET /latency → {count, p50_ms, p99_ms,
// max_ms} since the last reset. Kestrel rather than a script: the receiver must not be what limits
// the dispatch rate (the harness measures it alone first). Binds to 127.0.0.1 only.
var port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 55081;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
var app = builder.Build();
var state = new ReceiverState();

app.MapPost("/{**path}", async (HttpRequest request) =>
{
    var received = DateTimeOffset.UtcNow;
    using var body = await JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
    double? latency = body.RootElement.ValueKind == JsonValueKind.Object
        && body.RootElement.TryGetProperty("occurredAt", out var occurred)
        && occurred.TryGetDateTimeOffset(out var at)
        && request.Path != "/probe"
            ? (received - at).TotalMilliseconds
            : null;
    state.Record(latency);
    return Results.NoContent();
});
app.MapGet("/count", () => state.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
app.MapDelete("/count", () =>
{
    state.Reset();
    return "0";
});
app.MapGet("/latency", () => state.Latency());
app.Run();

internal sealed class ReceiverState
{
    private readonly Lock gate = new();
    private readonly List<double> latencies = [];
    private long count;

    public long Count => Interlocked.Read(ref count);

    public void Record(double? latencyMs)
    {
        Interlocked.Increment(ref count);
        if (latencyMs is { } value)
        {
            lock (gate)
            {
                latencies.Add(value);
            }
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            latencies.Clear();
            Interlocked.Exchange(ref count, 0);
        }
    }

    public object Latency()
    {
        double[] sorted;
        lock (gate)
        {
            sorted = [.. latencies.Order()];
        }

        double? At(double p) => sorted.Length == 0 ? null : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))], 2);
        return new { count = sorted.Length, p50_ms = At(0.50), p99_ms = At(0.99), max_ms = At(1.0) };
    }
}
