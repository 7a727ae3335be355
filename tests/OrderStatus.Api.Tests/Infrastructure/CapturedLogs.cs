using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace OrderStatus.Api.Tests.Infrastructure;

/// <summary>
/// A Serilog sink that keeps every event the app logs (the app adds sinks registered in DI). Register
/// it with <see cref="AddTo"/> in a factory's <c>ConfigureTestServices</c>.
/// </summary>
public sealed class CapturedLogs : ILogEventSink
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    /// <summary>Each event as one line: level, source, rendered message, properties and exception.</summary>
    public IEnumerable<string> Messages => Events.Select(Render);

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);

    public void AddTo(IServiceCollection services) => services.AddSingleton<ILogEventSink>(this);

    public static string Source(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string name } ? name : string.Empty;

    public static string? Scalar(LogEvent logEvent, string property) =>
        logEvent.Properties.TryGetValue(property, out var value)
            ? value is ScalarValue { Value: var scalar } ? Convert.ToString(scalar, CultureInfo.InvariantCulture) : value.ToString()
            : null;

    private static string Render(LogEvent logEvent) =>
        $"{logEvent.Level} {Source(logEvent)}: {logEvent.RenderMessage(CultureInfo.InvariantCulture)} "
        + string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}")) + $" {logEvent.Exception}";
}
