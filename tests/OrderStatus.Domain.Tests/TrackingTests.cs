using OrderStatus.Domain.Orders;

namespace OrderStatus.Domain.Tests;

public class TrackingTests
{
    private static CheckpointDetails At(int minutes, TrackingLifecycle status) =>
        new(TestOrders.T0.AddMinutes(minutes), status, status.ToString(), "Berlin");

    [Fact]
    public void A_delivered_checkpoint_on_the_only_tracking_delivers_a_sent_order()
    {
        var order = TestOrders.InState(OrderState.Sent);
        var tracking = order.AddTracking(new TrackingDetails("A1", "DHL"), TestOrders.Later(1));
        var version = order.Version;
        order.ClearPendingEvents();

        var checkpoint = order.AddCheckpoint(tracking.Id, At(10, TrackingLifecycle.Delivered), TestOrders.Later(2));

        Assert.Equal(OrderState.Delivered, order.State);
        Assert.Equal(TrackingLifecycle.Delivered, tracking.Lifecycle);
        Assert.Same(checkpoint, Assert.Single(tracking.Checkpoints));
        Assert.Equal([OrderEventTypes.CheckpointAdded, OrderEventTypes.StatusChanged], order.PendingEvents.Types());
        Assert.Equal(OrderState.Sent, order.PendingEvents[1].FromStatus);
        Assert.Equal(OrderState.Delivered, order.PendingEvents[1].ToStatus);
        Assert.Equal("checkpoint", Assert.IsType<StatusChangedData>(order.PendingEvents[1].Data).Trigger);
        Assert.Equal(version + 1, order.Version);
    }

    [Fact]
    public void Only_the_last_open_tracking_delivers_the_order()
    {
        var order = TestOrders.InState(OrderState.Sent);
        var first = order.AddTracking(new TrackingDetails("A1"), TestOrders.T0);
        var second = order.AddTracking(new TrackingDetails("B2"), TestOrders.T0);
        var third = order.AddTracking(new TrackingDetails("C3"), TestOrders.T0);
        order.AddCheckpoint(second.Id, At(1, TrackingLifecycle.Transit), TestOrders.Later(1));

        order.AddCheckpoint(first.Id, At(2, TrackingLifecycle.Delivered), TestOrders.Later(2));
        Assert.Equal(OrderState.Sent, order.State);

        order.AddCheckpoint(third.Id, At(3, TrackingLifecycle.Returned), TestOrders.Later(3));
        Assert.Equal(OrderState.Sent, order.State);

        order.AddCheckpoint(second.Id, At(4, TrackingLifecycle.Delivered), TestOrders.Later(4));
        Assert.Equal(OrderState.Delivered, order.State);
    }

    [Theory]
    [InlineData(TrackingLifecycle.Delivered, true)]
    [InlineData(TrackingLifecycle.Returned, true)]
    [InlineData(TrackingLifecycle.SentBack, true)]
    [InlineData(TrackingLifecycle.Cancelled, true)]
    [InlineData(TrackingLifecycle.Failed, true)]
    [InlineData(TrackingLifecycle.Pending, false)]
    [InlineData(TrackingLifecycle.Transit, false)]
    [InlineData(TrackingLifecycle.Customs, false)]
    [InlineData(TrackingLifecycle.LastMile, false)]
    [InlineData(TrackingLifecycle.ReadyToCollect, false)]
    public void Another_tracking_blocks_delivery_unless_closed(TrackingLifecycle other, bool delivers)
    {
        var order = TestOrders.InState(OrderState.Sent);
        var a = order.AddTracking(new TrackingDetails("A1"), TestOrders.T0);
        var b = order.AddTracking(new TrackingDetails("B2"), TestOrders.T0);
        order.AddCheckpoint(b.Id, At(1, other), TestOrders.T0);

        order.AddCheckpoint(a.Id, At(2, TrackingLifecycle.Delivered), TestOrders.Later());

        Assert.Equal(delivers ? OrderState.Delivered : OrderState.Sent, order.State);
        Assert.Equal(delivers, TrackingLifecycles.IsClosed(other));
    }

    [Theory]
    [InlineData(OrderState.Paid)]
    [InlineData(OrderState.InFulfilment)]
    [InlineData(OrderState.Delivered)]
    [InlineData(OrderState.Done)]
    [InlineData(OrderState.Cancelled)]
    public void A_delivered_checkpoint_only_moves_sent_orders(OrderState state)
    {
        var order = TestOrders.InState(state);
        var tracking = order.AddTracking(new TrackingDetails("A1"), TestOrders.T0);
        var version = order.Version;

        order.AddCheckpoint(tracking.Id, At(1, TrackingLifecycle.Delivered), TestOrders.Later());

        Assert.Equal(state, order.State);
        Assert.Equal(TrackingLifecycle.Delivered, tracking.Lifecycle);
        Assert.Equal(version + 1, order.Version);
        Assert.Equal(OrderEventTypes.CheckpointAdded, order.PendingEvents[^1].Type);
    }

    [Fact]
    public void A_delivered_checkpoint_does_not_break_a_hold()
    {
        var order = TestOrders.InState(OrderState.Sent, onHold: true);
        var tracking = order.AddTracking(new TrackingDetails("A1"), TestOrders.T0);

        order.AddCheckpoint(tracking.Id, At(1, TrackingLifecycle.Delivered), TestOrders.Later());

        Assert.Equal(OrderState.Sent, order.State);
        Assert.Single(tracking.Checkpoints);
    }

    [Fact]
    public void The_lifecycle_follows_the_latest_checkpoint_by_time_not_by_arrival()
    {
        var order = TestOrders.InState(OrderState.Sent);
        var tracking = order.AddTracking(new TrackingDetails("A1"), TestOrders.T0);
        order.AddCheckpoint(tracking.Id, At(10, TrackingLifecycle.LastMile), TestOrders.Later(1));

        order.AddCheckpoint(tracking.Id, At(5, TrackingLifecycle.Transit), TestOrders.Later(2));

        Assert.Equal(TrackingLifecycle.LastMile, tracking.Lifecycle);
        Assert.Equal(2, tracking.Checkpoints.Count);
    }

    [Fact]
    public void Adding_and_removing_trackings_record_events()
    {
        var order = TestOrders.InState(OrderState.Paid);

        var tracking = order.AddTracking(new TrackingDetails("A1", "UPS", "https://ups.example/A1"), TestOrders.Later(1));
        Assert.Equal(OrderEventTypes.TrackingAdded, order.PendingEvents[^1].Type);
        Assert.Equal("A1", Assert.IsType<TrackingEventData>(order.PendingEvents[^1].Data).TrackingNumber);
        Assert.Equal(TestOrders.Later(1), tracking.CreatedAt);

        var removed = order.RemoveTracking(tracking.Id, TestOrders.Later(2));
        Assert.Equal([OrderEventTypes.TrackingRemoved], removed.Types());
        Assert.Empty(order.Trackings);
        Assert.Equal(4, order.Version);
    }

    [Fact]
    public void Tracking_rules()
    {
        var order = TestOrders.InState(OrderState.Paid);
        order.AddTracking(new TrackingDetails("A1"), TestOrders.T0);

        Assert.Equal("duplicate_tracking", TestOrders.Violation(() => order.AddTracking(new TrackingDetails(" A1"), TestOrders.Later())).Code);
        Assert.Equal("invalid_argument", TestOrders.Violation(() => order.AddTracking(new TrackingDetails("  "), TestOrders.Later())).Code);
        Assert.Equal("tracking_not_found", TestOrders.Violation(() => order.RemoveTracking(Guid.NewGuid(), TestOrders.Later())).Code);
        Assert.Equal(
            "tracking_not_found",
            TestOrders.Violation(() => order.AddCheckpoint(Guid.NewGuid(), At(1, TrackingLifecycle.Transit), TestOrders.Later())).Code);
        Assert.Single(order.Trackings);
    }

    [Fact]
    public void A_delivered_checkpoint_on_a_held_sent_order_waits_for_the_release_which_delivers_it()
    {
        var order = TestOrders.InState(OrderState.Paid);
        var tracking = order.AddTracking(new TrackingDetails("H1"), TestOrders.Later());
        order.Apply(StatusChange.To(OrderState.Sent), TestOrders.Later());
        order.PlaceHold(["CHECK"], TestOrders.Later());
        order.AddCheckpoint(tracking.Id, new CheckpointDetails(TestOrders.Later(5), TrackingLifecycle.Delivered), TestOrders.Later(5));
        Assert.Equal(OrderState.Sent, order.State);
        order.ClearPendingEvents();

        var released = order.ReleaseHold(TestOrders.Later(6));

        Assert.Equal([OrderEventTypes.HoldReleased, OrderEventTypes.StatusChanged], released.Types());
        Assert.Equal(OrderState.Delivered, order.State);
        Assert.Equal("hold_released", Assert.IsType<StatusChangedData>(released[1].Data).Trigger);
    }

    [Fact]
    public void Releasing_a_hold_does_not_deliver_while_a_parcel_is_still_open()
    {
        var order = TestOrders.InState(OrderState.Paid);
        var first = order.AddTracking(new TrackingDetails("H1"), TestOrders.Later());
        order.AddTracking(new TrackingDetails("H2"), TestOrders.Later());
        order.Apply(StatusChange.To(OrderState.Sent), TestOrders.Later());
        order.PlaceHold(["CHECK"], TestOrders.Later());
        order.AddCheckpoint(first.Id, new CheckpointDetails(TestOrders.Later(5), TrackingLifecycle.Delivered), TestOrders.Later(5));

        Assert.Equal([OrderEventTypes.HoldReleased], order.ReleaseHold(TestOrders.Later(6)).Types());
        Assert.Equal(OrderState.Sent, order.State);
    }

}
