using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Foundation;

/// <summary>
/// The database unreachable (here: the service's connection pool exhausted, as the fault suite also
/// does) answers 503 problem+json with Retry-After in bounded time, never 500; Kestrel's limits come
/// from configuration.
/// </summary>
public sealed class DatabaseUnavailableTests(DatabaseUnavailableTests.Factory factory) : IClassFixture<DatabaseUnavailableTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            // One connection listens for events; the other is the only one requests get.
            ["ConnectionStrings:Orders"] = ConnectionString + ";Maximum Pool Size=2;Timeout=1",
            ["Webhooks:DispatcherEnabled"] = "false",
            ["Database:MaxRetryCount"] = "1",
            ["Database:MaxRetryDelay"] = "00:00:00.200",
            ["Limits:RequestHeadersTimeoutSeconds"] = "7",
            ["Limits:MaxRequestHeaderCount"] = "64",
            ["Limits:MinRequestBodyBytesPerSecond"] = "500",
        };
    }

    [Fact]
    public async Task An_exhausted_pool_answers_503_problem_json_with_Retry_After_in_bounded_time()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var locked = await CreateOrderAsync(client, "locked");
        var other = await CreateOrderAsync(client, "other");

        // The request behind this row lock holds the pool's only free connection.
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM orders WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            lockRow.Parameters.Add(new NpgsqlParameter { Value = locked });
            await lockRow.ExecuteNonQueryAsync();
        }

        var stuck = client.PatchAsJsonAsync($"/api/v1/orders/{locked}", new { channel = "stuck" });
        await Task.Delay(500);
        var clock = Stopwatch.StartNew();
        var response = await client.GetAsync($"/api/v1/orders/{other}");
        var elapsed = clock.Elapsed;
        var ready = await factory.CreateClient().GetAsync("/health/ready");
        await transaction.RollbackAsync();

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "database_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        // (1 try + 1 retry) × 1 s connect timeout + 0.2 s delay, with slack for a busy machine.
        Assert.True(elapsed < TimeSpan.FromSeconds(8), $"The 503 took {elapsed}.");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stuck).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/orders/{other}")).StatusCode);
    }

    [Fact]
    public void Kestrel_limits_come_from_configuration()
    {
        var limits = factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(TimeSpan.FromSeconds(7), limits.RequestHeadersTimeout);
        Assert.Equal(64, limits.MaxRequestHeaderCount);
        Assert.Equal(500, limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(1024 * 1024, limits.MaxRequestBodySize);
    }

    private static async Task<Guid> CreateOrderAsync(HttpClient client, string reference)
    {
        var response = await client.PostAsJsonAsync("/api/v1/orders", new { reference, currency = "EUR", items = new[] { new { sku = "S", name = "Item", quantity = 1, unitPrice = 5m } } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
