using OrderStatus.Domain.Orders;

namespace OrderStatus.Domain.Tests;

public class CollectionStatusTests
{
    [Theory]
    [InlineData(OrderState.Paid)]
    [InlineData(OrderState.InFulfilment)]
    [InlineData(OrderState.Sent)]
    [InlineData(OrderState.Delivered)]
    [InlineData(OrderState.Done)]
    public void Paid_or_later_orders_accept_a_collection_status(OrderState state)
    {
        var order = TestOrders.InState(state);
        var version = order.Version;

        var events = order.SetCollectionStatus(CollectionStatus.Collected, TestOrders.Later());

        var updated = Assert.Single(events);
        Assert.Equal(OrderEventTypes.CollectionStatusUpdated, updated.Type);
        Assert.Equal("COLLECTED", Assert.IsType<CollectionStatusUpdatedData>(updated.Data).CollectionStatus);
        Assert.Equal(CollectionStatus.Collected, order.CollectionStatus);
        Assert.Equal(version + 1, order.Version);
    }

    [Fact]
    public void A_created_order_has_not_been_paid()
    {
        var order = TestOrders.New();

        var violation = TestOrders.Violation(() => order.SetCollectionStatus(CollectionStatus.Collected, TestOrders.Later()));

        Assert.Equal("not_paid", violation.Code);
        Assert.Equal("created", violation.CurrentStatus);
        Assert.Null(order.CollectionStatus);
    }

    [Fact]
    public void An_order_cancelled_before_payment_is_refused()
    {
        var order = TestOrders.InState(OrderState.Cancelled);

        Assert.Equal("not_paid", TestOrders.Violation(() => order.SetCollectionStatus(CollectionStatus.Returned, TestOrders.Later())).Code);
    }

    [Fact]
    public void An_order_cancelled_after_payment_is_accepted()
    {
        var order = TestOrders.InState(OrderState.Paid);
        order.Apply(StatusChange.Cancelled(), TestOrders.T0);

        order.SetCollectionStatus(CollectionStatus.Returned, TestOrders.Later());

        Assert.Equal(CollectionStatus.Returned, order.CollectionStatus);
    }

    [Fact]
    public void Setting_the_same_collection_status_again_is_a_no_op()
    {
        var order = TestOrders.InState(OrderState.Paid);
        order.SetCollectionStatus(CollectionStatus.Delivered, TestOrders.T0);
        var version = order.Version;

        Assert.Empty(order.SetCollectionStatus(CollectionStatus.Delivered, TestOrders.Later()));
        Assert.Equal(version, order.Version);

        var changed = order.SetCollectionStatus(CollectionStatus.Returned, TestOrders.Later());
        Assert.Equal("DELIVERED", Assert.IsType<CollectionStatusUpdatedData>(changed[0].Data).PreviousCollectionStatus);
    }
}
