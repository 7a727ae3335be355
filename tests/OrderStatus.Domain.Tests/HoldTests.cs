using OrderStatus.Domain.Orders;

namespace OrderStatus.Domain.Tests;

public class HoldTests
{
    public static TheoryData<OrderState, OrderState> ForwardMoves() => new()
    {
        { OrderState.Created, OrderState.Paid },
        { OrderState.Created, OrderState.InFulfilment },
        { OrderState.Created, OrderState.Sent },
        { OrderState.Paid, OrderState.InFulfilment },
        { OrderState.Paid, OrderState.Sent },
        { OrderState.InFulfilment, OrderState.Sent },
        { OrderState.Sent, OrderState.Delivered },
        { OrderState.Sent, OrderState.Done },
        { OrderState.Delivered, OrderState.Done },
    };

    [Theory]
    [MemberData(nameof(ForwardMoves))]
    public void Forward_moves_are_blocked_while_on_hold_and_allowed_after_release(OrderState from, OrderState to)
    {
        var order = TestOrders.InState(from, onHold: true);
        var version = order.Version;

        var violation = TestOrders.Violation(() => order.Apply(StatusChange.To(to), TestOrders.Later()));

        Assert.Equal("order_on_hold", violation.Code);
        Assert.Equal(from.ToWireName(), violation.CurrentStatus);
        Assert.Equal(OrderLifecycle.CanTransition(from, OrderState.Cancelled) ? ["cancelled"] : [], violation.AllowedNext);
        Assert.Equal(from, order.State);
        Assert.Equal(version, order.Version);

        var released = order.ReleaseHold(TestOrders.Later(1));
        Assert.Equal([OrderEventTypes.HoldReleased], released.Types());
        Assert.Equal(["MANUAL"], Assert.IsType<HoldReleasedData>(released[0].Data).Reasons);
        Assert.False(order.OnHold);
        Assert.Empty(order.HoldReasons);

        order.Apply(StatusChange.To(to), TestOrders.Later(2));
        Assert.Equal(to, order.State);
        Assert.Equal(version + 2, order.Version);
    }

    [Theory]
    [InlineData(OrderState.Created)]
    [InlineData(OrderState.Paid)]
    [InlineData(OrderState.InFulfilment)]
    public void Cancelling_is_allowed_on_hold_and_releases_the_hold(OrderState from)
    {
        var order = TestOrders.InState(from, onHold: true);

        var events = order.Apply(StatusChange.Cancelled("fraud"), TestOrders.Later());

        Assert.Equal([OrderEventTypes.StatusChanged, OrderEventTypes.HoldReleased], events.Types());
        Assert.Equal(OrderState.Cancelled, order.State);
        Assert.False(order.OnHold);
        Assert.Empty(order.HoldReasons);
    }

    [Fact]
    public void Placing_a_hold_records_the_reasons_and_defaults_to_on_hold()
    {
        var order = TestOrders.InState(OrderState.Paid);

        var events = order.PlaceHold([], TestOrders.Later());

        var placed = Assert.Single(events);
        Assert.Equal(OrderEventTypes.HoldPlaced, placed.Type);
        Assert.True(order.OnHold);
        Assert.Equal(["ON_HOLD"], order.HoldReasons);
        Assert.Equal(OrderState.Paid, order.State);
    }

    [Fact]
    public void Holding_again_with_known_reasons_is_a_no_op_and_new_reasons_are_added()
    {
        var order = TestOrders.InState(OrderState.Paid, onHold: true);
        var version = order.Version;

        Assert.Empty(order.PlaceHold(["MANUAL", " MANUAL "], TestOrders.Later()));
        Assert.Equal(version, order.Version);

        order.PlaceHold(["MANUAL", "FRAUD_CHECK"], TestOrders.Later());
        Assert.Equal(["MANUAL", "FRAUD_CHECK"], order.HoldReasons);
        Assert.Equal(version + 1, order.Version);
    }

    [Fact]
    public void Releasing_when_not_on_hold_is_a_no_op()
    {
        var order = TestOrders.InState(OrderState.Paid);

        Assert.Empty(order.ReleaseHold(TestOrders.Later()));
        Assert.Equal(2, order.Version);
    }

    [Theory]
    [InlineData(OrderState.Done)]
    [InlineData(OrderState.Cancelled)]
    public void A_closed_order_cannot_be_put_on_hold(OrderState state)
    {
        var order = TestOrders.InState(state);

        var violation = TestOrders.Violation(() => order.PlaceHold(["X"], TestOrders.Later()));

        Assert.Equal("order_closed", violation.Code);
        Assert.False(order.OnHold);
    }

    [Fact]
    public void Repeating_the_current_status_on_hold_is_a_no_op()
    {
        var order = TestOrders.InState(OrderState.Paid, onHold: true);
        var version = order.Version;

        Assert.Empty(order.Apply(StatusChange.To(OrderState.Paid), TestOrders.Later()));
        Assert.Equal(version, order.Version);
    }

    [Fact]
    public void Items_can_still_change_while_on_hold()
    {
        var order = TestOrders.InState(OrderState.Paid, onHold: true);

        order.AddItem(new ItemDetails("S2", "Plate", 1, 5m), TestOrders.Later());

        Assert.Equal(30m, order.Total);
    }
}
