using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderStatus.Application.Webhooks;

namespace OrderStatus.Api.Tests.Webhooks;

/// <summary>A real HTTP endpoint on 127.0.0.1 (Kestrel, port 0) that records every webhook it receives.</summary>
public sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private TestReceiver(WebApplication app) => _app = app;

    /// <summary>Decides the answer to each request (status code, after an optional delay). Default: 200.</summary>
    public Func<ReceivedWebhook, Task<int>> Respond { get; set; } = _ => Task.FromResult(200);

    public string Url(string path = "hook") => $"{BaseAddress}/{path}";

    public string BaseAddress { get; private set; } = string.Empty;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static async Task<TestReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new TestReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var received = new ReceivedWebhook(
                context.Request.Path.Value ?? string.Empty,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body,
                DateTimeOffset.UtcNow);
            receiver._received.Enqueue(received);
            var status = await receiver.Respond(received);
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        receiver.BaseAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    /// <summary>Waits until <paramref name="condition"/> holds for what was received (or fails after <paramref name="timeout"/>).</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var received = Received;
            if (condition(received))
            {
                return received;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"The receiver did not get what was expected; got {received.Count} request(s).");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At)
{
    public Guid EventId => Guid.Parse(Headers[WebhookSignature.EventIdHeader]);

    public Guid DeliveryId => Guid.Parse(Headers[WebhookSignature.DeliveryIdHeader]);

    public bool IsSignedWith(string secret) =>
        WebhookSignature.Verify(secret, long.Parse(Headers[WebhookSignature.TimestampHeader], System.Globalization.CultureInfo.InvariantCulture),
            Body, Headers[WebhookSignature.SignatureHeader]);
}
