using OrderStatus.Domain.Orders;

namespace OrderStatus.Domain.Tests;

public class CustomStatusTests
{
    private static readonly Guid Packed = Guid.CreateVersion7();
    private static readonly Guid Closed = Guid.CreateVersion7();

    [Fact]
    public void A_custom_status_without_effect_only_sets_the_label()
    {
        var order = TestOrders.InState(OrderState.Paid);

        var events = order.Apply(StatusChange.Custom(Packed, CustomStatusEffect.None, "Packed"), TestOrders.Later());

        var set = Assert.Single(events);
        Assert.Equal(OrderEventTypes.CustomStatusSet, set.Type);
        Assert.Equal(Packed, Assert.IsType<CustomStatusSetData>(set.Data).CustomStatusId);
        Assert.Equal("Packed", Assert.IsType<CustomStatusSetData>(set.Data).Name);
        Assert.Equal("none", Assert.IsType<CustomStatusSetData>(set.Data).Effect);
        Assert.Equal(Packed, order.CustomStatusId);
        Assert.Equal(OrderState.Paid, order.State);
    }

    [Theory]
    [InlineData(OrderState.Sent, CustomStatusEffect.Done, OrderState.Done)]
    [InlineData(OrderState.Delivered, CustomStatusEffect.Done, OrderState.Done)]
    [InlineData(OrderState.Created, CustomStatusEffect.Cancelled, OrderState.Cancelled)]
    [InlineData(OrderState.Paid, CustomStatusEffect.Cancelled, OrderState.Cancelled)]
    [InlineData(OrderState.InFulfilment, CustomStatusEffect.Cancelled, OrderState.Cancelled)]
    public void A_custom_status_with_effect_performs_the_transition(OrderState from, CustomStatusEffect effect, OrderState to)
    {
        var order = TestOrders.InState(from);
        var version = order.Version;

        var events = order.Apply(StatusChange.Custom(Closed, effect), TestOrders.Later());

        Assert.Equal([OrderEventTypes.CustomStatusSet, OrderEventTypes.StatusChanged], events.Types());
        Assert.Equal(to, order.State);
        Assert.Equal(Closed, order.CustomStatusId);
        Assert.Equal(version + 1, order.Version);
    }

    [Theory]
    [InlineData(OrderState.Created, CustomStatusEffect.Done)]
    [InlineData(OrderState.Paid, CustomStatusEffect.Done)]
    [InlineData(OrderState.Sent, CustomStatusEffect.Cancelled)]
    [InlineData(OrderState.Done, CustomStatusEffect.Cancelled)]
    [InlineData(OrderState.Cancelled, CustomStatusEffect.Done)]
    public void A_custom_status_whose_effect_is_illegal_is_refused(OrderState from, CustomStatusEffect effect)
    {
        var order = TestOrders.InState(from);
        var version = order.Version;

        var violation = TestOrders.Violation(() => order.Apply(StatusChange.Custom(Closed, effect), TestOrders.Later()));

        Assert.Equal("invalid_transition", violation.Code);
        Assert.Null(order.CustomStatusId);
        Assert.Equal(from, order.State);
        Assert.Equal(version, order.Version);
    }

    [Fact]
    public void A_custom_status_with_an_effect_already_reached_only_sets_the_label()
    {
        var order = TestOrders.InState(OrderState.Done);

        var events = order.Apply(StatusChange.Custom(Closed, CustomStatusEffect.Done), TestOrders.Later());

        Assert.Equal([OrderEventTypes.CustomStatusSet], events.Types());
    }

    [Fact]
    public void Setting_the_same_custom_status_again_is_a_no_op()
    {
        var order = TestOrders.InState(OrderState.Paid);
        order.Apply(StatusChange.Custom(Packed, CustomStatusEffect.None), TestOrders.T0);
        var version = order.Version;

        Assert.Empty(order.Apply(StatusChange.Custom(Packed, CustomStatusEffect.None), TestOrders.Later()));
        Assert.Equal(version, order.Version);
    }

    [Fact]
    public void A_custom_done_is_a_forward_move_and_blocked_by_a_hold()
    {
        var order = TestOrders.InState(OrderState.Sent, onHold: true);

        Assert.Equal("order_on_hold", TestOrders.Violation(() => order.Apply(StatusChange.Custom(Closed, CustomStatusEffect.Done), TestOrders.Later())).Code);
        Assert.Null(order.CustomStatusId);
    }

    [Fact]
    public void A_canonical_status_change_clears_the_custom_status()
    {
        var order = TestOrders.InState(OrderState.Paid);
        order.Apply(StatusChange.Custom(Packed, CustomStatusEffect.None), TestOrders.T0);

        var events = order.Apply(StatusChange.Sent(), TestOrders.Later());

        Assert.Null(order.CustomStatusId);
        Assert.Equal(Packed, Assert.IsType<StatusChangedData>(events[0].Data).ClearedCustomStatusId);
    }
}
