using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace OrderStatus.Api.Hosting;

internal static class Logging
{
    /// <summary>
    /// Serilog behind Microsoft.Extensions.Logging. Levels come from the <c>Serilog</c> configuration
    /// section (or all at once from <c>Logs:MinimumLevel</c>); the console format from <c>Logs:Format</c> (<c>text</c> or <c>json</c>; default text
    /// in Development, one JSON object per line elsewhere). Command-line verbs log to stderr so that
    /// stdout carries only their result.
    /// </summary>
    public static void AddOrderStatusLogging(this WebApplicationBuilder builder, bool toStandardError)
    {
        var format = builder.Configuration["Logs:Format"]
            ?? (builder.Environment.IsDevelopment() ? "text" : "json");
        var stderrFrom = toStandardError ? LogEventLevel.Verbose : (LogEventLevel?)null;

        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            // A failing command is also an exception that reaches its caller (and, if unexpected, the
            // exception handler's log); logged here it would turn expected outcomes such as a
            // duplicate-reference 409 or the first migration's history probe into ERR noise.
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Command", LogEventLevel.Fatal)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext();

        // A single switch that wins over the Serilog section: handy from an environment variable
        // (Logs__MinimumLevel=Warning) and for the tests, which keep their output quiet.
        if (Enum.TryParse<LogEventLevel>(builder.Configuration["Logs:MinimumLevel"], ignoreCase: true, out var minimum))
        {
            configuration = configuration.MinimumLevel.Is(minimum);
        }

        configuration = string.Equals(format, "json", StringComparison.OrdinalIgnoreCase)
            ? configuration.WriteTo.Console(new JsonFormatter(renderMessage: true), standardErrorFromLevel: stderrFrom)
            : configuration.WriteTo.Console(
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}",
                standardErrorFromLevel: stderrFrom,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);

        var logger = configuration.CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
    }
}
