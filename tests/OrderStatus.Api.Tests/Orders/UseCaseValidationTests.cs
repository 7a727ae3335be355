using Microsoft.Extensions.DependencyInjection;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Statuses;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.Tests.Orders;

/// <summary>
/// Every use case validates its own input, whoever calls it: driven directly (as a dialect endpoint would, no
/// canonical endpoint filter in front), bad input answers a typed validation error naming the field, never a 500, an
/// ArgumentOutOfRangeException or a database error, and nothing changes.
/// </summary>
public sealed class UseCaseValidationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly string Long101 = new('x', 101);

    public delegate Task UseCaseCall(OrderCommands commands, OrderQueries queries, StatusCatalogue catalogue, OrderKey order);

    public static TheoryData<string, string, UseCaseCall> Cases => new()
    {
        { "create: reference too long for its column", "reference",
            (c, _, _, _) => c.CreateAsync(new CreateOrder { Reference = Long101, Currency = "EUR" }, default) },
        { "create: no reference", "reference", (c, _, _, _) => c.CreateAsync(new CreateOrder { Currency = "EUR" }, default) },
        { "create: unknown currency", "currency", (c, _, _, _) => c.CreateAsync(new CreateOrder { Reference = "V-1", Currency = "XYZ" }, default) },
        { "create: item price finer than the currency", "items[0].unitPrice",
            (c, _, _, _) => c.CreateAsync(new CreateOrder { Reference = "V-2", Currency = "JPY", Items = [new ItemDetails(null, "Tea", 1, 1.5m)] }, default) },
        { "create: item quantity zero", "items[0].quantity",
            (c, _, _, _) => c.CreateAsync(new CreateOrder { Reference = "V-3", Currency = "EUR", Items = [new ItemDetails(null, "Tea", 0, 1m)] }, default) },
        { "create: customer e-mail", "customer.email",
            (c, _, _, _) => c.CreateAsync(new CreateOrder { Reference = "V-4", Currency = "EUR", Customer = new Customer(null, "not-an-email", null) }, default) },
        { "create: reference and reference-from-number", "reference",
            (c, _, _, _) => c.CreateAsync(new CreateOrder { Reference = "V-5", ReferenceFromNumber = true, Currency = "EUR" }, default) },
        { "update details: country code", "shippingAddress.countryCode",
            (c, _, _, o) => c.UpdateDetailsAsync(o, new OrderDetailsPatch { ShippingAddress = new Address(null, null, null, null, null, "XX") }, null, default) },
        { "update details: channel too long", "channel", (c, _, _, o) => c.UpdateDetailsAsync(o, new OrderDetailsPatch { Channel = Long101 }, null, default) },
        { "apply: undefined status", "status", (c, _, _, o) => c.ApplyAsync(o, StatusChange.To((OrderState)99), null, default) },
        { "apply: negative amount", "amount", (c, _, _, o) => c.ApplyAsync(o, StatusChange.Paid(-1m), null, default) },
        { "apply: amount finer than the currency", "amount", (c, _, _, o) => c.ApplyAsync(o, StatusChange.Paid(1.001m), null, default) },
        { "apply: payment URL", "paymentUrl", (c, _, _, o) => c.ApplyAsync(o, StatusChange.Paid(null, null, "ftp://x"), null, default) },
        { "apply: cancel reason too long", "reason", (c, _, _, o) => c.ApplyAsync(o, StatusChange.Cancelled(new string('r', 1001)), null, default) },
        { "apply: tracking without a number", "tracking.trackingNumber",
            (c, _, _, o) => c.ApplyAsync(o, StatusChange.Sent(new TrackingDetails("")), null, default) },
        { "apply: code with a hold reason too long", "holdReason",
            (c, _, _, o) => c.ApplyAsync(o, StatusChange.Fulfilment(256, null, Long101), null, default) },
        { "hold: reason too long", "reasons[0]", (c, _, _, o) => c.HoldAsync(o, new HoldReasons([Long101]), null, default) },
        { "add item: empty name", "name", (c, _, _, o) => c.AddItemAsync(o, new ItemDetails(null, "", 1, 1m), null, default) },
        { "add item: price finer than the order's currency", "unitPrice", (c, _, _, o) => c.AddItemAsync(o, new ItemDetails(null, "Mug", 1, 1.001m), null, default) },
        { "update item: quantity over the limit", "quantity",
            (c, _, _, o) => c.UpdateItemAsync(o, ItemKey.ByNumber(1), new ItemDetails(null, "Mug", 1_000_000, 1m), null, default) },
        { "add tracking: number too long", "trackingNumber", (c, _, _, o) => c.AddTrackingAsync(o, new TrackingDetails(Long101), null, default) },
        { "add checkpoint: undefined lifecycle", "status",
            (c, _, _, o) => c.AddCheckpointAsync(o, TrackingKey.ByNumber(1), new CheckpointDetails(DateTimeOffset.UtcNow, (TrackingLifecycle)42), null, default) },
        { "add checkpoint: no time", "occurredAt",
            (c, _, _, o) => c.AddCheckpointAsync(o, TrackingKey.ByNumber(1), new CheckpointDetails(default, TrackingLifecycle.Transit), null, default) },
        { "collection status: undefined", "collectionStatus", (c, _, _, o) => c.SetCollectionStatusAsync(o, (CollectionStatus)42, null, default) },
        { "note: empty text", "note", (c, _, _, o) => c.AddNoteAsync(o, new OrderNote("ops", ""), null, default) },
        { "note: label too long", "label", (c, _, _, o) => c.AddNoteAsync(o, new OrderNote("ops", "text", Long101), null, default) },
        { "custom status: name too long", "name", (_, _, s, _) => s.CreateAsync(new CustomStatusDefinition(Long101), default) },
        { "custom status: undefined effect", "effect", (_, _, s, _) => s.CreateAsync(new CustomStatusDefinition("Packed", Effect: (CustomStatusEffect)9), default) },
        { "list: limit", "limit", (_, q, _, _) => q.ListAsync(new OrderListQuery { Limit = 0 }, default) },
        { "list: undefined status", "status", (_, q, _, _) => q.ListAsync(new OrderListQuery { Status = (OrderState)77 }, default) },
        { "list: forged cursor", "cursor", (_, q, _, _) => q.ListAsync(new OrderListQuery { Cursor = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }, default) },
        { "history: limit", "limit", (_, q, _, o) => q.HistoryAsync(o, new HistoryQuery(Limit: 500), default) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Invalid_input_to_a_use_case_is_a_typed_validation_error_and_changes_nothing(string _, string field, UseCaseCall call)
    {
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var order = await OrderApi.CreateAsync(client);
        await OrderApi.OkJsonAsync(await client.PostAsync($"/api/v1/orders/{order.Id()}/trackings", System.Net.Http.Json.JsonContent.Create(new { trackingNumber = "V-T" })),
            System.Net.HttpStatusCode.Created);

        await using var scope = factory.CreateScopeFor(tenant);
        var services = scope.ServiceProvider;
        var problem = await Assert.ThrowsAsync<UseCaseProblem>(() => call(
            services.GetRequiredService<OrderCommands>(),
            services.GetRequiredService<OrderQueries>(),
            services.GetRequiredService<StatusCatalogue>(),
            OrderKey.ById(Guid.Parse(order.Id()))));

        Assert.Equal(UseCaseProblemKind.Invalid, problem.Kind);
        Assert.Equal(UseCaseCodes.ValidationFailed, problem.Code);
        Assert.NotNull(problem.Errors);
        Assert.True(problem.Errors.ContainsKey(field), $"Expected an error for '{field}', got: {string.Join(", ", problem.Errors.Keys)}");
        var after = await services.GetRequiredService<OrderQueries>().GetAsync(OrderKey.ById(Guid.Parse(order.Id())), default);
        Assert.Equal(2, after.Version);
        Assert.Empty((await services.GetRequiredService<StatusCatalogue>().GetAsync(default)).CustomStatuses);
    }
}
