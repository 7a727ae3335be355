using OrderStatus.Domain.Orders;

namespace OrderStatus.Domain.Tests;

public class OrderTests
{
    [Fact]
    public void Create_records_order_created_at_version_one()
    {
        var merchant = Guid.CreateVersion7();
        var details = new OrderDetails
        {
            ExternalOrderId = "EXT-9",
            Channel = "web",
            Customer = new Customer("Ada", "ada@example.com", null),
            ShippingAddress = new Address("Main St 1", null, "Berlin", "10115", null, "de"),
            ClientCreatedAt = TestOrders.T0.AddDays(-1),
        };

        var order = Order.Create(merchant, 1, " R-1 ", "eur", [new ItemDetails("S", "Mug", 1, 9.99m)], TestOrders.T0, details);

        Assert.Equal(7, order.Id.Version);
        Assert.Equal(merchant, order.MerchantId);
        Assert.Equal("R-1", order.Reference);
        Assert.Equal("EUR", order.Currency);
        Assert.Equal("DE", order.ShippingAddress!.CountryCode);
        Assert.Equal("Ada", order.Customer.Name);
        Assert.Equal("EXT-9", order.ExternalOrderId);
        Assert.Equal(OrderState.Created, order.State);
        Assert.Equal(9.99m, order.Total);
        Assert.Equal(1, order.Version);
        Assert.Equal(TestOrders.T0, order.CreatedAt);
        Assert.Equal(TestOrders.T0, order.UpdatedAt);
        var created = Assert.Single(order.PendingEvents);
        Assert.Equal(OrderEventTypes.OrderCreated, created.Type);
        Assert.Equal(OrderState.Created, created.ToStatus);
        Assert.Equal("R-1", Assert.IsType<OrderCreatedData>(created.Data).Reference);
        Assert.Equal(["paid", "in_fulfilment", "sent", "cancelled"], order.AllowedNext().Select(s => s.ToWireName()));
    }

    [Theory]
    [InlineData("EURO")]
    [InlineData("XXX")]
    [InlineData("")]
    public void Create_refuses_unknown_currencies(string currency) =>
        Assert.Equal(
            "invalid_argument",
            TestOrders.Violation(() => Order.Create(Guid.CreateVersion7(), 1, "R", currency, [], TestOrders.T0)).Code);

    [Fact]
    public void Create_refuses_a_blank_reference_a_bad_country_and_bad_items()
    {
        var merchant = Guid.CreateVersion7();
        Assert.Equal("invalid_argument", TestOrders.Violation(() => Order.Create(merchant, 1, " ", "EUR", [], TestOrders.T0)).Code);
        Assert.Equal("invalid_argument", TestOrders.Violation(() => Order.Create(Guid.Empty, 1, "R", "EUR", [], TestOrders.T0)).Code);
        Assert.Equal(
            "invalid_argument",
            TestOrders.Violation(() => Order.Create(merchant, 1, "R", "EUR", [], TestOrders.T0, new OrderDetails { BillingAddress = new Address(null, null, null, null, null, "XX") })).Code);
        Assert.Equal(
            "invalid_argument",
            TestOrders.Violation(() => Order.Create(merchant, 1, "R", "EUR", [new ItemDetails("S", "x", 0, 1m)], TestOrders.T0)).Code);
    }

    [Fact]
    public void UpdateDetails_records_the_changed_fields_and_is_a_no_op_without_changes()
    {
        var order = TestOrders.New();
        var next = order.CurrentDetails() with
        {
            Channel = "pos",
            StatusCallbackUrl = "https://merchant.example/hook",
            ClientUpdatedAt = TestOrders.Later(1),
        };

        var events = order.UpdateDetails(next, TestOrders.Later(2));

        var updated = Assert.Single(events);
        Assert.Equal(OrderEventTypes.OrderUpdated, updated.Type);
        Assert.Equal(["channel", "statusCallbackUrl", "clientUpdatedAt"], Assert.IsType<OrderUpdatedData>(updated.Data).ChangedFields);
        Assert.Equal("pos", order.Channel);
        Assert.Equal("https://merchant.example/hook", order.StatusCallbackUrl);
        Assert.Equal(2, order.Version);
        Assert.Empty(order.UpdateDetails(order.CurrentDetails(), TestOrders.Later(3)));
        Assert.Equal(2, order.Version);
        Assert.Equal(TestOrders.Later(2), order.UpdatedAt);
    }

    [Fact]
    public void AddNote_records_a_note_every_time()
    {
        var order = TestOrders.New();

        order.AddNote("Support", "Customer called", "call", TestOrders.Later(1));
        var events = order.AddNote("Support", "Customer called", null, TestOrders.Later(2));

        var note = Assert.Single(events);
        Assert.Equal(OrderEventTypes.NoteAdded, note.Type);
        Assert.Equal("Customer called", Assert.IsType<NoteAddedData>(note.Data).Note);
        Assert.Equal(3, order.Version);
        Assert.Equal("invalid_argument", TestOrders.Violation(() => order.AddNote("", "x", null, TestOrders.Later())).Code);
    }

    [Fact]
    public void A_call_recording_several_events_bumps_the_version_once()
    {
        var order = TestOrders.InState(OrderState.Created, onHold: true);
        var version = order.Version;

        var events = order.Apply(StatusChange.Fulfilment(128), TestOrders.Later());

        Assert.Equal(3, events.Count);
        Assert.Equal(version + 1, order.Version);
        Assert.All(events, e => Assert.Equal(TestOrders.Later(), e.OccurredAt));
    }

    [Fact]
    public void Pending_events_accumulate_until_cleared()
    {
        var order = TestOrders.New();
        order.Apply(StatusChange.Paid(), TestOrders.Later());

        Assert.Equal(
            [OrderEventTypes.OrderCreated, OrderEventTypes.StatusChanged, OrderEventTypes.PaymentRecorded],
            order.PendingEvents.Types());
        Assert.Equal(order.PendingEvents.Count, order.PendingEvents.Select(e => e.Id).Distinct().Count());

        order.ClearPendingEvents();
        Assert.Empty(order.PendingEvents);
    }

    [Fact]
    public void Event_types_include_every_type_of_the_spec()
    {
        string[] spec =
        [
            "ORDER_CREATED", "STATUS_CHANGED", "FULFILMENT_CODE_SET", "HOLD_PLACED", "HOLD_RELEASED", "ITEM_ADDED",
            "ITEM_UPDATED", "ITEM_REMOVED", "TRACKING_ADDED", "TRACKING_REMOVED", "CHECKPOINT_ADDED",
            "COLLECTION_STATUS_UPDATED", "PAYMENT_RECORDED", "CUSTOM_STATUS_SET", "NOTE_ADDED",
        ];

        Assert.Empty(spec.Except(OrderEventTypes.All));
        Assert.Equal(OrderEventTypes.All.Count, OrderEventTypes.All.Distinct().Count());
    }
}
