using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrderStatus.Application.Observability;

namespace OrderStatus.Api.Hosting;

/// <summary>The <c>Metrics</c> settings: the Prometheus scraping endpoint.</summary>
internal sealed record MetricsSettings(bool Enabled, string Path, int? Port)
{
    public static MetricsSettings From(IConfiguration configuration)
    {
        var path = configuration["Metrics:Path"];
        return new MetricsSettings(
            configuration.GetValue("Metrics:Enabled", true),
            string.IsNullOrWhiteSpace(path) ? "/metrics" : "/" + path.Trim().TrimStart('/'),
            configuration.GetValue<int?>("Metrics:Port"));
    }

    /// <summary>Scrapes and probes: logged at Debug, not traced.</summary>
    public bool IsOperational(PathString path) =>
        (Enabled && path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase)) || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}

internal static class Observability
{
    /// <summary>
    /// OpenTelemetry: metrics of ASP.NET Core, HttpClient (webhook deliveries), Npgsql and the service's own
    /// meter, scraped in Prometheus format at <c>Metrics:Path</c>; traces of the same three, and both
    /// pushed over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the other
    /// standard <c>OTEL_*</c> variables itself).
    /// </summary>
    public static void AddOrderStatusObservability(this WebApplicationBuilder builder)
    {
        var metrics = MetricsSettings.From(builder.Configuration);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton<OrderStatusMetrics>();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("orderstatus"));
        if (metrics.Enabled || otlp)
        {
            telemetry.WithMetrics(meters =>
            {
                meters.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(OrderStatusMetrics.MeterName);
                if (metrics.Enabled)
                {
                    meters.AddPrometheusExporter();
                }

                if (otlp)
                {
                    meters.AddOtlpExporter();
                }
            });
        }

        // Traces only go somewhere over OTLP; without an endpoint nothing records them.
        if (otlp)
        {
            telemetry.WithTracing(traces => traces
                .AddAspNetCoreInstrumentation(options => options.Filter = http => !metrics.IsOperational(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter());
        }

        if (metrics is { Enabled: true, Port: { } port })
        {
            ListenAlsoOn(builder, port);
        }
    }

    /// <summary>
    /// <c>GET {Metrics:Path}</c> in Prometheus text format, without authentication (scrapers have no API
    /// client), not in the OpenAPI document; with <c>Metrics:Port</c> only on that port.
    /// </summary>
    public static void MapOrderStatusMetrics(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<MetricsSettings>();
        // The backlog gauges exist once the meter does: create it now, not at the first order change.
        app.Services.GetRequiredService<OrderStatusMetrics>();
        if (!metrics.Enabled)
        {
            return;
        }

        var endpoint = app.MapPrometheusScrapingEndpoint(metrics.Path).AllowAnonymous().ExcludeFromDescription();
        if (metrics.Port is { } port)
        {
            endpoint.RequireHost($"*:{port}");
        }
    }

    /// <summary>Adds <c>Metrics:Port</c> to the addresses the service listens on (same host as the first one).</summary>
    private static void ListenAlsoOn(WebApplicationBuilder builder, int port)
    {
        var urls = builder.Configuration["urls"];
        var configured = string.IsNullOrWhiteSpace(urls) ? ["http://localhost:5000"] : urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (configured.Any(u => BindingAddress.Parse(u).Port == port))
        {
            return;
        }

        var first = BindingAddress.Parse(configured[0]);
        builder.WebHost.UseUrls([.. configured, $"http://{first.Host}:{port}"]);
    }
}
