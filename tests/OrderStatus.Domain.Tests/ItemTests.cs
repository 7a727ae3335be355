using OrderStatus.Domain.Orders;

namespace OrderStatus.Domain.Tests;

public class ItemTests
{
    [Theory]
    [InlineData("EUR", 3, "19.99", "59.97")]
    [InlineData("EUR", 1, "0.125", "0.13")] // midpoint rounds away from zero
    [InlineData("EUR", 3, "0.3333", "1.00")]
    [InlineData("JPY", 2, "100.5", "201")]
    [InlineData("JPY", 1, "99.5", "100")]
    [InlineData("KWD", 3, "1.2345", "3.704")] // 3.7035 → 3.704
    [InlineData("BHD", 1, "0.0005", "0.001")]
    [InlineData("CLF", 1, "1.23455", "1.2346")]
    [InlineData("usd", 7, "0", "0.00")]
    public void Line_totals_and_total_are_rounded_to_the_currency(string currency, int quantity, string unitPrice, string expected)
    {
        var order = TestOrders.New(currency, new ItemDetails("S", "Thing", quantity, decimal.Parse(unitPrice, System.Globalization.CultureInfo.InvariantCulture)));
        var total = decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(total, order.Items[0].LineTotal);
        Assert.Equal(total, order.Total);
        Assert.Equal(currency.ToUpperInvariant(), order.Currency);
    }

    [Fact]
    public void Total_is_the_sum_of_rounded_line_totals()
    {
        // Each line is 0.005 → 0.01; summing before rounding would give 0.02 instead of 0.03.
        var order = TestOrders.New(
            "EUR",
            new ItemDetails("A", "a", 1, 0.005m),
            new ItemDetails("B", "b", 1, 0.005m),
            new ItemDetails("C", "c", 1, 0.005m));

        Assert.Equal(0.03m, order.Total);
    }

    [Fact]
    public void Adding_updating_and_removing_items_recompute_the_total_and_record_events()
    {
        var order = TestOrders.New(); // 2 × 12.50

        var plate = order.AddItem(new ItemDetails("S2", "Plate", 3, 4.10m), TestOrders.Later(1));
        Assert.Equal(37.30m, order.Total);
        Assert.Equal(12.30m, plate.LineTotal);
        Assert.Equal(OrderEventTypes.ItemAdded, order.PendingEvents[^1].Type);
        Assert.Equal(37.30m, Assert.IsType<ItemEventData>(order.PendingEvents[^1].Data).Total);
        Assert.Equal(2, order.Version);

        var updated = order.UpdateItem(plate.Id, new ItemDetails("S2", "Plate", 1, 4.10m, "gift"), TestOrders.Later(2));
        Assert.Equal([OrderEventTypes.ItemUpdated], updated.Types());
        Assert.Equal(29.10m, order.Total);
        Assert.Equal("gift", plate.Note);
        Assert.Equal(3, order.Version);

        var removed = order.RemoveItem(plate.Id, TestOrders.Later(3));
        Assert.Equal([OrderEventTypes.ItemRemoved], removed.Types());
        Assert.Equal(plate.Id, Assert.IsType<ItemEventData>(removed[0].Data).ItemId);
        Assert.Equal(25.00m, order.Total);
        Assert.Single(order.Items);
        Assert.Equal(4, order.Version);
    }

    [Fact]
    public void Updating_an_item_with_identical_fields_is_a_no_op()
    {
        var order = TestOrders.New();
        var item = order.Items[0];

        Assert.Empty(order.UpdateItem(item.Id, new ItemDetails("SKU-1", "Mug", 2, 12.50m), TestOrders.Later()));
        Assert.Equal(1, order.Version);
    }

    [Theory]
    [InlineData(OrderState.Sent)]
    [InlineData(OrderState.Delivered)]
    [InlineData(OrderState.Done)]
    [InlineData(OrderState.Cancelled)]
    public void Items_are_frozen_once_sent_or_closed(OrderState state)
    {
        var order = TestOrders.InState(state);
        var item = order.Items[0];
        var details = new ItemDetails("S2", "Plate", 1, 1m);

        Assert.Equal("items_frozen", TestOrders.Violation(() => order.AddItem(details, TestOrders.Later())).Code);
        Assert.Equal("items_frozen", TestOrders.Violation(() => order.UpdateItem(item.Id, details, TestOrders.Later())).Code);
        Assert.Equal("items_frozen", TestOrders.Violation(() => order.RemoveItem(item.Id, TestOrders.Later())).Code);
        Assert.Single(order.Items);
        Assert.Equal(25.00m, order.Total);
        Assert.Empty(order.PendingEvents);
    }

    [Theory]
    [InlineData(OrderState.Created)]
    [InlineData(OrderState.Paid)]
    [InlineData(OrderState.InFulfilment)]
    public void Items_can_change_before_sending(OrderState state)
    {
        var order = TestOrders.InState(state);

        order.AddItem(new ItemDetails("S2", "Plate", 1, 1m), TestOrders.Later());

        Assert.Equal(26.00m, order.Total);
    }

    [Theory]
    [InlineData(0, "1")]
    [InlineData(-1, "1")]
    [InlineData(1, "-0.01")]
    public void Invalid_items_are_refused(int quantity, string unitPrice)
    {
        var order = TestOrders.New();
        var details = new ItemDetails("S", "x", quantity, decimal.Parse(unitPrice, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal("invalid_argument", TestOrders.Violation(() => order.AddItem(details, TestOrders.Later())).Code);
        Assert.Equal("invalid_argument", TestOrders.Violation(() => order.UpdateItem(order.Items[0].Id, details, TestOrders.Later())).Code);
        Assert.Single(order.Items);
        Assert.Equal(1, order.Version);
    }

    [Fact]
    public void Unknown_items_are_not_found()
    {
        var order = TestOrders.New();

        Assert.Equal("item_not_found", TestOrders.Violation(() => order.RemoveItem(Guid.NewGuid(), TestOrders.Later())).Code);
        Assert.Equal(
            "item_not_found",
            TestOrders.Violation(() => order.UpdateItem(Guid.NewGuid(), new ItemDetails("S", "x", 1, 1m), TestOrders.Later())).Code);
    }
}
