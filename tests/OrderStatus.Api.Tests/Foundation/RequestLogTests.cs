using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Api.Tests.Orders;
using Serilog.Events;

namespace OrderStatus.Api.Tests.Foundation;

/// <summary>
/// Serilog's request log: one line per request with method, route template, status, elapsed ms,
/// request id and client id; expected client errors stay quiet (below Error, no stack trace, no
/// failing SQL statement).
/// </summary>
public sealed class RequestLogTests(RequestLogTests.Factory factory) : IClassFixture<RequestLogTests.Factory>
{
    private const string RequestLogSource = "Serilog.AspNetCore.RequestLoggingMiddleware";

    public sealed class Factory : ApiFactory
    {
        public CapturedLogs Logs { get; } = new();

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Logs:MinimumLevel"] = "Verbose",
            // Shows every statement EF runs and every one that fails (PostgreSQL logs those as ERROR).
            ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Database.Command"] = "Verbose",
            ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Update"] = "Verbose",
        };

        protected override void ConfigureTestServices(IServiceCollection services) => Logs.AddTo(services);
    }

    [Fact]
    public async Task Each_request_is_logged_once_with_its_route_status_elapsed_time_request_id_and_client()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var requestId = "log-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{Guid.NewGuid()}/status");
        request.Headers.Add("X-Request-Id", requestId);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var line = Assert.Single(RequestLines(requestId));
        Assert.Equal(LogEventLevel.Information, line.Level);
        Assert.Equal("GET", CapturedLogs.Scalar(line, "RequestMethod"));
        Assert.Equal("/api/v1/orders/{id}/status", CapturedLogs.Scalar(line, "Route"));
        Assert.Equal("404", CapturedLogs.Scalar(line, "StatusCode"));
        Assert.Equal(tenant.ClientId, CapturedLogs.Scalar(line, "ClientId"));
        Assert.True(double.Parse(CapturedLogs.Scalar(line, "Elapsed")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("/api/v1/orders/{id}/status", line.RenderMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_route_is_logged_for_a_thrown_error_and_an_unknown_route()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var malformed = "log-" + Guid.NewGuid().ToString("N");
        var unknown = "log-" + Guid.NewGuid().ToString("N");
        using var bad = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = new StringContent("{\"reference\": ", Encoding.UTF8, "application/json"),
        };
        bad.Headers.Add("X-Request-Id", malformed);
        using var nowhere = new HttpRequestMessage(HttpMethod.Get, "/api/v1/nowhere");
        nowhere.Headers.Add("X-Request-Id", unknown);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(bad)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(nowhere)).StatusCode);

        var badLine = Assert.Single(RequestLines(malformed));
        Assert.Equal("/api/v1/orders/", CapturedLogs.Scalar(badLine, "Route"));
        Assert.Equal("400", CapturedLogs.Scalar(badLine, "StatusCode"));
        Assert.Equal("(no route)", CapturedLogs.Scalar(Assert.Single(RequestLines(unknown)), "Route"));
    }

    [Fact]
    public async Task Expected_client_errors_are_logged_below_error_without_stack_traces_or_failing_statements()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var reference = $"LOG-{Guid.NewGuid():N}"[..30];
        var order = await OrderApi.CreateAsync(client, OrderApi.NewOrder(reference));
        var before = factory.Logs.Events.Count;

        var duplicate = await client.PostAsJsonAsync("/api/v1/orders", OrderApi.NewOrder(reference));
        var notFound = await client.GetAsync($"/api/v1/orders/{Guid.NewGuid()}");
        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{order.Id()}/paid") { Content = JsonContent.Create(new { }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"7\""));
        var preconditionFailed = await client.SendAsync(stale);
        var invalid = await client.PostAsJsonAsync("/api/v1/orders", new { reference = "", currency = "XXX", items = Array.Empty<object>() });
        var illegal = await client.PostAsync($"/api/v1/orders/{order.Id()}/done", null);
        var unauthorized = await factory.CreateClient().GetAsync("/api/v1/orders");

        await ProblemAssert.IsProblemAsync(duplicate, HttpStatusCode.Conflict, "duplicate_reference");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, preconditionFailed.StatusCode);
        Assert.True(invalid.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, invalid.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.Conflict, illegal.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);

        var during = factory.Logs.Events.Skip(before).ToList();
        Assert.Equal(6, during.Count(e => CapturedLogs.Source(e) == RequestLogSource));
        Assert.All(during, e =>
        {
            Assert.True(e.Level < LogEventLevel.Warning, $"{e.Level} {CapturedLogs.Source(e)}: {e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)}");
            Assert.Null(e.Exception);
        });
        // The duplicate is refused by a look-up: no INSERT reached PostgreSQL to fail there.
        Assert.DoesNotContain(during, e => e.MessageTemplate.Text.Contains("Failed executing", StringComparison.Ordinal));
        Assert.Contains(during, e => e.MessageTemplate.Text.Contains("Executed DbCommand", StringComparison.Ordinal));
    }

    private IEnumerable<LogEvent> RequestLines(string requestId) =>
        factory.Logs.Events.Where(e => CapturedLogs.Source(e) == RequestLogSource && CapturedLogs.Scalar(e, "RequestId") == requestId);
}
