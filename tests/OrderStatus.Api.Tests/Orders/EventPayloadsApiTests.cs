using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Orders;

/// <summary>
/// History (and so webhook and feed) payloads are typed records in the domain; their JSON is a contract: these are
/// the members each event type's <c>data</c> has, with nulls shown, and STATUS_CHANGED only with the causes that apply.
/// </summary>
public sealed class EventPayloadsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Each_event_type_carries_its_documented_members()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var id = (await OrderApi.CreateAsync(client, OrderApi.NewOrder(items: 1))).Id();
        await OrderApi.OkJsonAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/items", new { name = "More", quantity = 1, unitPrice = 1m }), HttpStatusCode.Created);
        await OrderApi.OkJsonAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/paid", new { paymentReference = "P-1" }));
        await OrderApi.OkJsonAsync(await client.PatchAsJsonAsync($"/api/v1/orders/{id}/status", new { code = 512 }));
        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/hold"));
        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/release"));
        var sent = await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/sent", new { tracking = new { trackingNumber = "P-T" } }));
        await OrderApi.OkJsonAsync(await client.PostAsJsonAsync(
            $"/api/v1/orders/{id}/trackings/{sent.GetProperty("trackings")[0].Id()}/checkpoints", new { occurredAt = "2026-11-20T15:00:00Z", status = "Delivered" }),
            HttpStatusCode.Created);
        await OrderApi.OkJsonAsync(await client.PutAsJsonAsync($"/api/v1/orders/{id}/collection-status", new { collectionStatus = "COLLECTED" }));
        await OrderApi.OkJsonAsync(await client.PostAsJsonAsync($"/api/v1/orders/{id}/history", new { name = "ops", note = "ok" }), HttpStatusCode.Created);
        await OrderApi.OkJsonAsync(await client.PatchAsJsonAsync($"/api/v1/orders/{id}", new { channel = "phone" }));

        var history = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/history"));
        var members = history.GetProperty("items").EnumerateArray()
            .Select(e => $"{e.GetProperty("type").GetString()} {string.Join(",", e.GetProperty("data").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal))}")
            .ToList();

        Assert.Equal(
            [
                "ORDER_CREATED currency,itemCount,number,reference,total",
                "ITEM_ADDED itemId,lineTotal,name,quantity,sku,total,unitPrice",
                "STATUS_CHANGED ",
                "PAYMENT_RECORDED amount,currency,paymentReference,paymentUrl",
                "FULFILMENT_CODE_SET name,previousCode",
                "STATUS_CHANGED ",
                "HOLD_PLACED holdReasons,reasons",
                "HOLD_RELEASED reasons",
                "STATUS_CHANGED ",
                "TRACKING_ADDED carrier,trackingId,trackingNumber,trackingUrl",
                "CHECKPOINT_ADDED carrier,checkpointId,lifecycle,location,occurredAt,status,statusText,trackingId,trackingNumber,trackingUrl",
                "STATUS_CHANGED trackingId,trigger",
                "COLLECTION_STATUS_UPDATED collectionStatus,previousCollectionStatus",
                "NOTE_ADDED label,name,note",
                "ORDER_UPDATED changedFields",
            ],
            members);
        var payment = history.GetProperty("items")[3].GetProperty("data");
        Assert.Equal(JsonValueKind.Null, payment.GetProperty("paymentUrl").ValueKind);
        Assert.Equal("P-1", payment.GetProperty("paymentReference").GetString());
    }
}
