using OrderStatus.Domain.Orders;

namespace OrderStatus.Domain.Tests;

/// <summary>
/// <see cref="FulfilmentCodeChange.ReplacesCodeHold"/> (the Custom Gateway rule): a status code sent while a
/// hold code holds the order releases that hold first; the canonical behaviour stays strict.
/// </summary>
public class CodeHoldReplacementTests
{
    private static FulfilmentCodeChange Replacing(int code, TrackingDetails? tracking = null) =>
        StatusChange.Fulfilment(code, tracking) with { ReplacesCodeHold = true };

    [Theory]
    [InlineData(32, "QC_QUERY", 512, OrderState.InFulfilment)]
    [InlineData(256, "ON_HOLD", 516, OrderState.InFulfilment)]
    [InlineData(256, "ON_HOLD", 8, OrderState.Sent)]
    [InlineData(32, "QC_QUERY", 64, OrderState.Sent)]
    public void A_status_code_releases_the_hold_a_hold_code_placed_then_applies(int holdCode, string reason, int code, OrderState target)
    {
        var order = TestOrders.InState(OrderState.Paid);
        order.Apply(StatusChange.Fulfilment(holdCode), TestOrders.Later(1));
        Assert.Equal([reason], order.HoldReasons);
        var version = order.Version;

        var events = order.Apply(Replacing(code), TestOrders.Later(2));

        Assert.Equal(
            [OrderEventTypes.HoldReleased, OrderEventTypes.FulfilmentCodeSet, OrderEventTypes.StatusChanged],
            events.Types());
        Assert.Equal([reason], Assert.IsType<HoldReleasedData>(events[0].Data).Reasons);
        Assert.False(order.OnHold);
        Assert.Equal(target, order.State);
        Assert.Equal(code, order.FulfilmentCode);
        Assert.Equal(version + 1, order.Version);
    }

    [Fact]
    public void Without_the_flag_the_hold_still_blocks_the_move()
    {
        var order = TestOrders.InState(OrderState.Paid);
        order.Apply(StatusChange.Fulfilment(256), TestOrders.Later(1));

        var violation = TestOrders.Violation(() => order.Apply(StatusChange.Fulfilment(512), TestOrders.Later(2)));

        Assert.Equal("order_on_hold", violation.Code);
        Assert.True(order.OnHold);
        Assert.Equal(256, order.FulfilmentCode);
    }

    [Fact]
    public void Another_hold_reason_stays_and_still_blocks_leaving_the_order_untouched()
    {
        var order = TestOrders.InState(OrderState.Paid);
        order.PlaceHold(["INVENTORY_HOLD"], TestOrders.Later(1));
        order.Apply(StatusChange.Fulfilment(32), TestOrders.Later(2));
        var version = order.Version;

        var violation = TestOrders.Violation(() => order.Apply(Replacing(512), TestOrders.Later(3)));

        Assert.Equal("order_on_hold", violation.Code);
        Assert.Equal(["INVENTORY_HOLD", "QC_QUERY"], order.HoldReasons);
        Assert.Equal(32, order.FulfilmentCode);
        Assert.Equal(version, order.Version);
    }

    [Fact]
    public void A_manual_hold_is_not_replaced_when_the_current_code_is_not_a_hold_code()
    {
        var order = TestOrders.InState(OrderState.Paid);
        order.Apply(StatusChange.Fulfilment(512), TestOrders.Later(1));
        order.PlaceHold(null, TestOrders.Later(2));

        var violation = TestOrders.Violation(() => order.Apply(Replacing(8), TestOrders.Later(3)));

        Assert.Equal("order_on_hold", violation.Code);
        Assert.Equal(["ON_HOLD"], order.HoldReasons);
    }

    [Fact]
    public void A_code_that_keeps_the_status_still_replaces_the_hold()
    {
        var order = TestOrders.InState(OrderState.Paid);
        order.Apply(StatusChange.Fulfilment(512), TestOrders.Later(1));
        order.Apply(StatusChange.Fulfilment(32), TestOrders.Later(2));

        var events = order.Apply(Replacing(513), TestOrders.Later(3));

        Assert.Equal([OrderEventTypes.HoldReleased, OrderEventTypes.FulfilmentCodeSet], events.Types());
        Assert.Equal(OrderState.InFulfilment, order.State);
        Assert.False(order.OnHold);
    }

    [Fact]
    public void An_illegal_move_after_the_release_is_refused_and_the_hold_stays()
    {
        var order = TestOrders.InState(OrderState.Sent);
        order.Apply(StatusChange.Fulfilment(256), TestOrders.Later(1));
        var version = order.Version;

        var violation = TestOrders.Violation(() => order.Apply(Replacing(512), TestOrders.Later(2)));

        Assert.Equal("invalid_transition", violation.Code);
        Assert.True(order.OnHold);
        Assert.Equal(version, order.Version);
    }

    [Fact]
    public void A_hold_code_after_a_hold_code_adds_its_reason_and_cancel_releases_everything()
    {
        var order = TestOrders.InState(OrderState.Paid);
        order.Apply(Replacing(256), TestOrders.Later(1));
        order.Apply(Replacing(32), TestOrders.Later(2));
        Assert.Equal(["ON_HOLD", "QC_QUERY"], order.HoldReasons);

        var events = order.Apply(Replacing(128), TestOrders.Later(3));

        Assert.Equal(
            [OrderEventTypes.HoldReleased, OrderEventTypes.FulfilmentCodeSet, OrderEventTypes.StatusChanged],
            events.Types());
        Assert.Equal(OrderState.Cancelled, order.State);
        Assert.False(order.OnHold);
    }
}
