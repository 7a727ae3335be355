using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Tests.Idempotency;

/// <summary>
/// A commit that succeeded but whose outcome the service never saw: its acknowledgement lost on the
/// wire (a transient error after COMMIT, which the retrying execution strategy answers by running the
/// unit of work again), or the process failing right after it (as the fault suite's kill -9 does).
/// The write must be there exactly once, and the answer must be the committed one.
/// </summary>
public sealed class LostCommitTests(LostCommitTests.Factory factory) : IClassFixture<LostCommitTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public CommitFault Fault { get; } = new();

        protected override void ConfigureTestServices(IServiceCollection services) =>
            services.ConfigureDbContext<OrdersDbContext>(options => options.AddInterceptors(Fault));
    }

    /// <summary>Throws once, after the next commit of <see cref="Merchant"/>'s context has succeeded.</summary>
    public sealed class CommitFault : DbTransactionInterceptor
    {
        private Exception? _armed;

        public Guid Merchant { get; private set; }

        public int Fired { get; private set; }

        public void Arm(Guid merchant, Exception exception)
        {
            Merchant = merchant;
            Fired = 0;
            Volatile.Write(ref _armed, exception);
        }

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is OrdersDbContext db && db.MerchantId == Merchant && Interlocked.Exchange(ref _armed, null) is { } fault)
            {
                Fired++;
                throw fault;
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>What Npgsql raises when the connection breaks: transient, so EF's strategy retries.</summary>
    private static NpgsqlException LostAcknowledgement() => new("simulated: the COMMIT's acknowledgement was lost", new IOException("connection reset"));

    private static object NewOrder(string reference) => new
    {
        reference,
        currency = "EUR",
        items = new[] { new { sku = "SKU-1", name = "Mug", quantity = 2, unitPrice = 9.50m } },
    };

    private static object NewItem => new { sku = "SKU-2", name = "Plate", quantity = 1, unitPrice = 4.00m };

    private static HttpRequestMessage Post(string path, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_create_whose_commit_acknowledgement_is_lost_answers_the_committed_order_not_409(bool withKey)
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var reference = $"LOST-ACK-{withKey}";
        factory.Fault.Arm(tenant.MerchantId, LostAcknowledgement());

        var response = await client.SendAsync(Post("/api/v1/orders", NewOrder(reference), withKey ? Guid.NewGuid().ToString() : null));

        Assert.Equal(1, factory.Fault.Fired);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(reference, order.GetProperty("reference").GetString());
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM orders WHERE merchant_id = @m", tenant.MerchantId));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM order_events WHERE merchant_id = @m", tenant.MerchantId));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_item_add_whose_commit_acknowledgement_is_lost_is_applied_once(bool withKey)
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var created = await client.SendAsync(Post("/api/v1/orders", NewOrder("LOST-ITEM")));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        factory.Fault.Arm(tenant.MerchantId, LostAcknowledgement());

        var response = await client.SendAsync(Post($"/api/v1/orders/{id}/items", NewItem, withKey ? Guid.NewGuid().ToString() : null));

        Assert.Equal(1, factory.Fault.Fired);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, order.GetProperty("items").GetArrayLength());
        Assert.Equal(2, order.GetProperty("version").GetInt64());
        Assert.Equal(2, await ScalarAsync("SELECT version FROM orders WHERE merchant_id = @m", tenant.MerchantId));
        Assert.Equal(2, await ScalarAsync("SELECT count(*) FROM order_events WHERE merchant_id = @m", tenant.MerchantId));
    }

    [Fact]
    public async Task A_keyed_write_whose_process_fails_after_its_commit_is_replayed_on_retry_not_run_again()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var created = await client.SendAsync(Post("/api/v1/orders", NewOrder("DIES-AFTER-COMMIT")));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var key = Guid.NewGuid().ToString();
        // Not transient: nothing retries it, the request fails after its change committed — as a process
        // killed between the commit and the response would.
        factory.Fault.Arm(tenant.MerchantId, new InvalidOperationException("simulated: the process died after COMMIT"));

        var first = await client.SendAsync(Post($"/api/v1/orders/{id}/items", NewItem, key));
        var retry = await client.SendAsync(Post($"/api/v1/orders/{id}/items", NewItem, key));

        Assert.Equal(1, factory.Fault.Fired);
        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var order = await retry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, order.GetProperty("version").GetInt64());
        Assert.Equal(2, await ScalarAsync("SELECT version FROM orders WHERE merchant_id = @m", tenant.MerchantId));
        Assert.Equal(2, await ScalarAsync("SELECT count(*) FROM order_events WHERE merchant_id = @m", tenant.MerchantId));
    }

    [Fact]
    public async Task A_keyed_request_with_a_value_PostgreSQL_refuses_answers_400_and_is_replayed()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var key = Guid.NewGuid().ToString();

        // The reference look-up fails in PostgreSQL (a NUL character), inside the request's transaction.
        var first = await client.SendAsync(Post("/api/v1/orders", NewOrder("NUL\u0000REF"), key));
        var retry = await client.SendAsync(Post("/api/v1/orders", NewOrder("NUL\u0000REF"), key));

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM orders WHERE merchant_id = @m", tenant.MerchantId));
    }

    private async Task<long> ScalarAsync(string sql, Guid merchantId)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("m", merchantId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
