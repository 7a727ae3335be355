using System.Net;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Api.Tests.Orders;

namespace OrderStatus.Api.Tests.Observability;

/// <summary>
/// Runs alone, after the parallel classes: OpenTelemetry merges same-named instruments of every host in
/// the process into one stream, and a host that stops ends that stream for all of them. With one host
/// per process (production) that cannot happen; with the test classes' many hosts it would.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsRunAlone
{
    public const string Name = "Metrics (one host at a time)";
}

/// <summary><c>/metrics</c>: Prometheus text with the framework's and the service's own metrics, without credentials.</summary>
[Collection(MetricsRunAlone.Name)]
public sealed class MetricsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string WaitingNow = """orderstatus_feed_waiters(\{[^}]*\})? [1-9]""";

    [Fact]
    public async Task Metrics_answer_prometheus_text_with_the_services_own_metrics_after_a_transition()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var order = await OrderApi.CreateAsync(client);
        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{order.Id()}/paid", new { }));
        // A long-poll from the latest cursor waits (nothing new) and is counted while it does. Events of
        // this test may become visible only later (the feed's horizon is cluster-wide, other test classes
        // hold transactions open), which answers the poll at once: then poll again from there.
        var cursor = (await OrderApi.OkJsonAsync(await client.GetAsync("/api/v1/events?after=latest"))).GetProperty("nextCursor").GetString();
        string? whileWaiting = null;
        for (var round = 0; round < 5 && whileWaiting is null; round++)
        {
            var waiting = client.GetAsync($"/api/v1/events?after={cursor}&wait=10");
            for (var attempt = 0; attempt < 40 && whileWaiting is null && !waiting.IsCompleted; attempt++)
            {
                var scraped = await factory.CreateClient().GetStringAsync("/metrics");
                if (System.Text.RegularExpressions.Regex.IsMatch(scraped, WaitingNow))
                {
                    whileWaiting = scraped;
                }
                else
                {
                    await Task.Delay(200);
                }
            }

            if (whileWaiting is not null)
            {
                await OrderApi.OkJsonAsync(
                    await OrderApi.PostAsync(client, $"/api/v1/orders/{order.Id()}/history", new { name = "ops", note = "wake the feed" }), HttpStatusCode.Created);
            }

            cursor = (await OrderApi.OkJsonAsync(await waiting)).GetProperty("nextCursor").GetString();
        }

        Assert.NotNull(whileWaiting);
        var text = await ScrapeUntilAsync(factory.CreateClient(), "orderstatus_webhook_backlog");

        Assert.Matches("""orderstatus_order_transitions_total\{[^}]*from="created"[^}]*to="paid"[^}]*\} [1-9]""", text);
        Assert.Matches("""orderstatus_order_transitions_total\{[^}]*from="none"[^}]*to="created"[^}]*\} [1-9]""", text);
        Assert.Contains("# TYPE orderstatus_order_transitions_total counter", text, StringComparison.Ordinal);
        Assert.Matches("""orderstatus_webhook_backlog\{[^}]*state="queued"[^}]*\} \d""", text);
        Assert.Matches("""orderstatus_webhook_backlog\{[^}]*state="pending"[^}]*\} \d""", text);
        Assert.Contains("orderstatus_webhook_backlog_oldest_age_seconds", text, StringComparison.Ordinal);
        // The framework's own: ASP.NET Core's request duration with the route template.
        Assert.Matches("""http_server_request_duration_seconds_count\{[^}]*http_route="/api/v1/orders/\{id\}/paid"[^}]*\} [1-9]""", text);
    }

    /// <summary>Scrapes (anonymously) until <paramref name="name"/> shows: gauges read the database in the background after the first collection.</summary>
    internal static async Task<string> ScrapeUntilAsync(HttpClient client, string name, string path = "/metrics", string? matching = null)
    {
        var text = string.Empty;
        bool Shows() => text.Contains(name, StringComparison.Ordinal) && (matching is null || System.Text.RegularExpressions.Regex.IsMatch(text, matching));
        for (var attempt = 0; attempt < 50 && !Shows(); attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(200);
            }

            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            text = await response.Content.ReadAsStringAsync();
        }

        Assert.True(Shows(), $"{name} ({matching}) not in:\n{text}");
        return text;
    }
}

/// <summary><c>Metrics:Path</c> and <c>Metrics:Port</c>: the endpoint moves, and answers only on its own port.</summary>
[Collection(MetricsRunAlone.Name)]
public sealed class MetricsOnOwnPortTests(MetricsOnOwnPortTests.Factory factory) : IClassFixture<MetricsOnOwnPortTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Metrics:Path"] = "internal/metrics",
            ["Metrics:Port"] = "9464",
        };
    }

    [Fact]
    public async Task The_scraping_endpoint_is_at_the_configured_path_and_port_only()
    {
        var onMetricsPort = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://localhost:9464"),
        });

        var text = await MetricsTests.ScrapeUntilAsync(onMetricsPort, "http_server_request_duration_seconds", "/internal/metrics");

        Assert.Contains("# TYPE", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync("/internal/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await onMetricsPort.GetAsync("/metrics")).StatusCode);
    }
}
