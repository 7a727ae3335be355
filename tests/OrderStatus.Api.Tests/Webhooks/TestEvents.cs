using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus.Application.Database;
using OrderStatus.Application.Events;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Tests.Webhooks;

/// <summary>
/// Writes what the orders feature writes for every change — a history row and its outbox message,
/// in one transaction — without the orders feature (it lives on another branch).
/// </summary>
public static class TestEvents
{
    public static async Task<OrderEventRecord> AppendAsync(
        IServiceProvider services, Guid merchantId, Guid orderId, string type = "STATUS_CHANGED", string? statusCallbackUrl = null)
    {
        await using var open = await BeginAsync(services, merchantId, orderId, type, statusCallbackUrl);
        await open.CommitAsync();
        return open.Event;
    }

    /// <summary>Inserts the rows and leaves the transaction open, for tests about commit order.</summary>
    public static async Task<OpenEvent> BeginAsync(
        IServiceProvider services, Guid merchantId, Guid orderId, string type = "STATUS_CHANGED", string? statusCallbackUrl = null)
    {
        // No retrying execution strategy: the transaction is the caller's, and may stay open.
        var options = new DbContextOptionsBuilder<OrdersDbContext>();
        OrdersDbContext.Configure(options, services.GetRequiredService<DatabaseConnection>().DataSource, retryOnFailure: false);
        var db = new OrdersDbContext(options.Options);
        db.UseTenant(Infrastructure.FixedTenant.Scope(merchantId));
        var transaction = await db.Database.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow;
        var record = new OrderEventRecord
        {
            Id = Guid.CreateVersion7(),
            MerchantId = merchantId,
            OrderId = orderId,
            Type = type,
            FromStatus = type == "STATUS_CHANGED" ? "paid" : null,
            ToStatus = type == "STATUS_CHANGED" ? "in_fulfilment" : null,
            Data = JsonDocument.Parse("""{"note":"test"}"""),
            ActorClientId = "cl_test",
            RequestId = "req-" + Guid.NewGuid().ToString("N")[..8],
            OccurredAt = now,
            OrderVersion = 1,
        };
        db.OrderEvents.Add(record);
        await db.SaveChangesAsync();

        var payload = new JsonObject
        {
            ["id"] = record.Id,
            ["type"] = type,
            ["occurredAt"] = now,
            ["merchantId"] = merchantId,
            ["order"] = new JsonObject { ["id"] = orderId, ["status"] = "in_fulfilment", ["version"] = 1 },
            ["data"] = new JsonObject { ["sequence"] = record.Sequence },
        };
        db.OutboxMessages.Add(new OutboxMessage
        {
            MerchantId = merchantId,
            OrderId = orderId,
            EventId = record.Id,
            EventType = type,
            Payload = JsonDocument.Parse(payload.ToJsonString()),
            StatusCallbackUrl = statusCallbackUrl,
            CreatedAt = now,
        });
        await db.SaveChangesAsync();
        return new OpenEvent(db, transaction, record);
    }

    public sealed class OpenEvent(OrdersDbContext db, IDbContextTransaction transaction, OrderEventRecord record) : IAsyncDisposable
    {
        public OrderEventRecord Event { get; } = record;

        public Task CommitAsync() => transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await db.DisposeAsync();
        }
    }
}
