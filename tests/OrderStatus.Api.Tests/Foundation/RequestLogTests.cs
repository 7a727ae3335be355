using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Foundation;

/// <summary>One log line per request, with method, route template, status, elapsed ms and request id.</summary>
public sealed class RequestLogTests(RequestLogTests.Factory factory) : IClassFixture<RequestLogTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public CapturingLoggerProvider Logs { get; } = new();

        protected override void ConfigureTestServices(IServiceCollection services) =>
            services.AddLogging(logging => logging.AddProvider(Logs));
    }

    [Fact]
    public async Task Each_request_is_logged_once_with_its_route_status_elapsed_time_and_request_id()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var requestId = "log-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{Guid.NewGuid()}/status");
        request.Headers.Add("X-Request-Id", requestId);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var line = Assert.Single(factory.Logs.Messages, m => m.Contains("RequestLoggingMiddleware", StringComparison.Ordinal)
            && m.Contains(requestId, StringComparison.Ordinal));
        Assert.Contains("Method=GET", line, StringComparison.Ordinal);
        Assert.Contains("Route=/api/v1/orders/{id}/status", line, StringComparison.Ordinal);
        Assert.Contains("StatusCode=404", line, StringComparison.Ordinal);
        Assert.Matches(@"ElapsedMs=\d", line);
    }
}
