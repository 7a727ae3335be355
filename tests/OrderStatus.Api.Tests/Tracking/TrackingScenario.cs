using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Api.Tests.Orders;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Tests.Tracking;

/// <summary>
/// The app on a <see cref="FakeTimeProvider"/> (starts at the real time, moves only forward when a test
/// advances it: links that expire, secrets past their grace) and a failed-lookup limit high enough not to get in the way.
/// </summary>
public class TrackingApiFactory : ApiFactory
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected virtual int FailedLookupsPerMinute => 100_000;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Tracking:FailedLookupsPerMinute"] = FailedLookupsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimiting:Enabled"] = "false",
    };

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    public async Task<long> AccountNumberAsync(Guid merchantId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        return await db.Merchants.Where(m => m.Id == merchantId).Select(m => m.AccountNumber).SingleAsync();
    }
}

/// <summary>A shipped order with two items, a tracking and three checkpoints, as a customer would follow it.</summary>
internal sealed record ShippedOrder(string Id, string Reference, long Account, string TrackingNumber)
{
    public const string Email = "Ada.Lovelace@Example.com";
    public const string PostalCode = "N1 9GU";
    public const string Street = "12 Analytical Row";
    public const string Note = "internal: customer is difficult";
    public const string PaymentReference = "psp-secret-8812";

    public static async Task<ShippedOrder> CreateAsync(TrackingApiFactory factory, HttpClient client, TestTenant tenant,
        string? itemName = null, string? statusText = null, string? merchantCheckpointLocation = null)
    {
        var reference = "SO-" + Guid.NewGuid().ToString("N")[..10];
        var order = await OrderApi.CreateAsync(client, new
        {
            reference,
            currency = "EUR",
            channel = "web",
            customer = new { name = "Ada Lovelace", email = Email, phone = "+44 20 7946 0000" },
            shippingAddress = new { line1 = Street, line2 = "Flat 2", city = "London", postalCode = PostalCode, countryCode = "GB" },
            items = new object[]
            {
                new { sku = "MUG-01", name = itemName ?? "Tea mug", quantity = 2, unitPrice = 9.95m, note = "gift wrap, staff only" },
                new { sku = "TEA-05", name = "Earl Grey", quantity = 1, unitPrice = 6.50m },
            },
        });
        var id = order.Id();
        await OrderApi.OkJsonAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/paid", new { paymentReference = PaymentReference }));
        await OrderApi.OkJsonAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/history", new { name = "call", note = Note }), HttpStatusCode.Created);
        var trackingNumber = "1Z" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var sent = await OrderApi.OkJsonAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/sent",
            new { tracking = new { trackingNumber, carrier = "UPS", trackingUrl = "https://www.ups.com/track?tracknum=" + trackingNumber } }));
        var trackingId = sent.GetProperty("trackings")[0].Id();
        foreach (var (at, status, text, location) in new[]
        {
            ("2026-11-20T08:00:00Z", "Pending", "Label created", "Leeds"),
            ("2026-11-21T09:30:00Z", "Transit", statusText ?? "Departed facility", merchantCheckpointLocation ?? "Manchester"),
            ("2026-11-22T07:15:00Z", "LastMile", "Out for delivery", "London"),
        })
        {
            await OrderApi.OkJsonAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/trackings/{trackingId}/checkpoints",
                new { occurredAt = at, status, statusText = text, location }), HttpStatusCode.Created);
        }

        return new ShippedOrder(id, reference, await factory.AccountNumberAsync(tenant.MerchantId), trackingNumber);
    }

    public string Path => $"/track/{Account}/{Uri.EscapeDataString(Reference)}";

    public static async Task<JsonElement> LinkAsync(HttpClient client, string orderId, object? body = null) =>
        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{orderId}/tracking-link", body ?? new { }));
}
