using System.Security.Claims;
using OrderStatus.Api.Access;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace OrderStatus.Api.Hosting;

internal static class Logging
{
    /// <summary>
    /// Serilog (Serilog.AspNetCore) as the host's logger. Levels come from the <c>Serilog</c> configuration
    /// section (or all at once from <c>Logs:MinimumLevel</c>); the console format from <c>Logs:Format</c>
    /// (<c>text</c> or <c>json</c>; default text in Development, one JSON object per line elsewhere).
    /// Command-line verbs log to stderr so that stdout carries only their result. Sinks registered in
    /// DI (<c>ILogEventSink</c>) are added too — the tests capture logs that way.
    /// </summary>
    public static void AddOrderStatusLogging(this WebApplicationBuilder builder, bool toStandardError)
    {
        var settings = builder.Configuration;
        var development = builder.Environment.IsDevelopment();
        builder.Logging.ClearProviders();
        // preserveStaticLogger: each host has its own logger (the tests run many hosts at once);
        // nothing here uses the static Log.Logger.
        builder.Services.AddSerilog(
            (services, logger) => Configure(logger, services, settings, development, toStandardError),
            preserveStaticLogger: true);
    }

    private static void Configure(
        LoggerConfiguration configuration, IServiceProvider services, ConfigurationManager settings, bool development, bool toStandardError)
    {
        var format = settings["Logs:Format"];
        if (string.IsNullOrEmpty(format))
        {
            format = development ? "text" : "json";
        }

        var stderrFrom = toStandardError ? LogEventLevel.Verbose : (LogEventLevel?)null;

        configuration
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            // A failing command or SaveChanges is also an exception that reaches its caller (and, if
            // unexpected, the exception handler's Error log with the request id); logged here too it
            // would turn expected outcomes such as a concurrent duplicate reference (409) or the first
            // migration's history probe into Error lines with stack traces.
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Command", LogEventLevel.Fatal)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Update", LogEventLevel.Fatal)
            .ReadFrom.Configuration(settings)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext();

        // A single switch that wins over the Serilog section: handy from an environment variable
        // (Logs__MinimumLevel=Warning) and for the tests, which keep their output quiet.
        if (Enum.TryParse<LogEventLevel>(settings["Logs:MinimumLevel"], ignoreCase: true, out var minimum))
        {
            configuration.MinimumLevel.Is(minimum);
        }

        if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            configuration.WriteTo.Console(new JsonFormatter(renderMessage: true), standardErrorFromLevel: stderrFrom);
        }
        else
        {
            configuration.WriteTo.Console(
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}",
                standardErrorFromLevel: stderrFrom,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// One line per request (Serilog's request logging): method, route template, path, status, elapsed
    /// ms, request id and client id. 5xx and unhandled exceptions are Error; successful scrapes and
    /// health probes Debug; everything else — client errors included — Information.
    /// </summary>
    public static WebApplication UseOrderStatusRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            // This host's logger, not the static one (see AddOrderStatusLogging).
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate =
                "HTTP {RequestMethod} {Route} ({RequestPath}) responded {StatusCode} in {Elapsed:0.00} ms [{RequestId}]";
            // Scrapes and probes every few seconds would drown the log: Debug unless they fail.
            var operational = app.Services.GetRequiredService<MetricsSettings>();
            options.GetLevel = (http, _, exception) =>
                exception is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error
                : operational.IsOperational(http.Request.Path) && http.Response.StatusCode < 400 ? LogEventLevel.Debug
                : LogEventLevel.Information;
            options.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                diagnostics.Set("RequestId", http.TraceIdentifier);
                if (http.User.FindFirstValue(AccessClaims.ClientId) is { } clientId)
                {
                    diagnostics.Set("ClientId", clientId);
                }
            };
        });

        // Routing has matched before this point; the route is read now because the exception handler
        // clears the endpoint before it writes an error response, and the enricher above runs last.
        var diagnostics = app.Services.GetRequiredService<IDiagnosticContext>();
        app.Use((context, next) =>
        {
            diagnostics.Set("Route", (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)");
            return next(context);
        });
        return app;
    }
}
