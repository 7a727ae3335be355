using System.Net;
using System.Net.Http.Json;
using Npgsql;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Idempotency;

public sealed class IdempotencyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static object NewOrder(string reference) => new
    {
        reference,
        currency = "EUR",
        items = new[] { new { sku = "SKU-1", name = "Mug", quantity = 2, unitPrice = 9.50m } },
    };

    private static HttpRequestMessage Post(string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task A_retry_with_the_same_key_replays_the_first_response_without_running_again()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var key = Guid.NewGuid().ToString();

        var first = await client.SendAsync(Post("/api/v1/orders", NewOrder("IDEM-1"), key));
        var second = await client.SendAsync(Post("/api/v1/orders", NewOrder("IDEM-1"), key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await CountOrdersAsync(tenant.MerchantId, "IDEM-1"));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_answers_422_and_changes_nothing()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var key = Guid.NewGuid().ToString();
        await client.SendAsync(Post("/api/v1/orders", NewOrder("IDEM-2"), key));

        var reused = await client.SendAsync(Post("/api/v1/orders", NewOrder("IDEM-2-OTHER"), key));

        await ProblemAssert.IsProblemAsync(reused, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(0, await CountOrdersAsync(tenant.MerchantId, "IDEM-2-OTHER"));
    }

    [Fact]
    public async Task Concurrent_duplicates_create_exactly_one_order()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12)
            .Select(_ => client.SendAsync(Post("/api/v1/orders", NewOrder("IDEM-3"), key))));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict,
            $"unexpected {(int)r.StatusCode}"));
        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(created);
        // Every 201 is the same order: one ran, the others waited and replayed it.
        Assert.Single(created.Select(r => r.Headers.Location).Distinct());
        Assert.Equal(1, await CountOrdersAsync(tenant.MerchantId, "IDEM-3"));
    }

    [Fact]
    public async Task Keys_are_per_merchant()
    {
        var a = await factory.CreateTenantAsync("A");
        var b = await factory.CreateTenantAsync("B");
        var key = Guid.NewGuid().ToString();

        var fromA = await factory.CreateClientFor(a).SendAsync(Post("/api/v1/orders", NewOrder("IDEM-4"), key));
        var fromB = await factory.CreateClientFor(b).SendAsync(Post("/api/v1/orders", NewOrder("IDEM-4"), key));

        Assert.Equal(HttpStatusCode.Created, fromA.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fromB.StatusCode);
        Assert.False(fromB.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(fromA.Headers.Location, fromB.Headers.Location);
    }

    [Fact]
    public async Task Client_errors_are_replayed_too_so_a_retry_sees_the_same_answer()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var key = Guid.NewGuid().ToString();
        var invalid = new { reference = "IDEM-5", currency = "EUR", items = new[] { new { sku = "S", name = "N", quantity = 0, unitPrice = 1m } } };

        var first = await client.SendAsync(Post("/api/v1/orders", invalid, key));
        var second = await client.SendAsync(Post("/api/v1/orders", invalid, key));

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task An_invalid_key_answers_400()
    {
        var tenant = await factory.CreateTenantAsync();
        using var request = Post("/api/v1/orders", NewOrder("IDEM-6"), new string('k', 256));

        var response = await factory.CreateClientFor(tenant).SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid_idempotency_key");
        Assert.Equal(0, await CountOrdersAsync(tenant.MerchantId, "IDEM-6"));
    }

    [Fact]
    public async Task The_stored_record_expires_after_the_retention_period()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var key = Guid.NewGuid().ToString();
        await client.SendAsync(Post("/api/v1/orders", NewOrder("IDEM-7"), key));
        await using (var connection = new NpgsqlConnection(factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var age = new NpgsqlCommand(
                "UPDATE idempotency_records SET expires_at = now() - interval '1 second' WHERE key = @key", connection);
            age.Parameters.AddWithValue("key", key);
            Assert.Equal(1, await age.ExecuteNonQueryAsync());
        }

        // Past retention the key is free again: the request runs (and meets the duplicate reference).
        var again = await client.SendAsync(Post("/api/v1/orders", NewOrder("IDEM-7"), key));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
    }

    private async Task<long> CountOrdersAsync(Guid merchantId, string reference)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orders WHERE merchant_id = @m AND reference = @r", connection);
        command.Parameters.AddWithValue("m", merchantId);
        command.Parameters.AddWithValue("r", reference);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
