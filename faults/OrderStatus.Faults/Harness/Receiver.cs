using System.Collections.Concurrent;
using System.Text.Json;

namespace OrderStatus.Faults.Harness;

/// <summary>One webhook as the receiver got it.</summary>
public sealed record Delivery(Guid EventId, Guid OrderId, string Path, DateTimeOffset At);

/// <summary>A webhook receiver on 127.0.0.1 inside the driver: records every POST and answers 200.</summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Delivery> _received = new();

    private Receiver(WebApplication app) => _app = app;

    public IReadOnlyList<Delivery> Received => [.. _received];

    public string Url(string path) => $"http://127.0.0.1:{Suite.ReceiverPort}/{path}";

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Suite.ReceiverPort}");
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            var eventId = Guid.Parse(context.Request.Headers["X-OrderStatus-Event-Id"].ToString() is { Length: > 0 } header
                ? header
                : body.GetProperty("id").GetString()!);
            var orderId = body.TryGetProperty("order", out var order) && order.TryGetProperty("id", out var id) ? id.GetGuid() : Guid.Empty;
            receiver._received.Enqueue(new Delivery(eventId, orderId, context.Request.Path.Value ?? string.Empty, DateTimeOffset.UtcNow));
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
