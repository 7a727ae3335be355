using OrderStatus.Domain.Orders;

namespace OrderStatus.Domain.Tests;

public class LifecycleTests
{
    // Independent copy of SPEC section 3, written as wire names so a typo in the domain table cannot hide here.
    private static readonly HashSet<string> Allowed =
    [
        "created->paid", "created->in_fulfilment", "created->sent", "created->cancelled",
        "paid->in_fulfilment", "paid->sent", "paid->cancelled",
        "in_fulfilment->sent", "in_fulfilment->cancelled",
        "sent->delivered", "sent->done",
        "delivered->done",
    ];

    public static TheoryData<OrderState, OrderState> AllPairs()
    {
        var data = new TheoryData<OrderState, OrderState>();
        foreach (var from in Enum.GetValues<OrderState>())
        {
            foreach (var to in Enum.GetValues<OrderState>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    private static bool Expected(OrderState from, OrderState to) =>
        Allowed.Contains($"{from.ToWireName()}->{to.ToWireName()}");

    private static List<string> ExpectedNext(OrderState from) =>
        [.. Enum.GetValues<OrderState>().Where(to => Expected(from, to)).Select(s => s.ToWireName())];

    [Fact]
    public void The_pair_table_covers_all_seven_states() => Assert.Equal(49, AllPairs().Count);

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Table_matches_the_spec(OrderState from, OrderState to)
    {
        Assert.Equal(Expected(from, to), OrderLifecycle.CanTransition(from, to));
        Assert.Equal(ExpectedNext(from), OrderLifecycle.AllowedNext(from).Select(s => s.ToWireName()));
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Apply_follows_the_table(OrderState from, OrderState to)
    {
        var order = TestOrders.InState(from);
        var version = order.Version;
        var updatedAt = order.UpdatedAt;
        var now = TestOrders.Later(5);

        if (from == to)
        {
            var none = order.Apply(StatusChange.To(to), now);

            Assert.Empty(none);
            Assert.Empty(order.PendingEvents);
            Assert.Equal(version, order.Version);
            Assert.Equal(updatedAt, order.UpdatedAt);
        }
        else if (Expected(from, to))
        {
            var events = order.Apply(StatusChange.To(to), now);

            Assert.Equal(to, order.State);
            Assert.Equal(version + 1, order.Version);
            Assert.Equal(now, order.UpdatedAt);
            var changed = Assert.Single(events, e => e.Type == OrderEventTypes.StatusChanged);
            Assert.Equal(from, changed.FromStatus);
            Assert.Equal(to, changed.ToStatus);
            Assert.Equal(now, changed.OccurredAt);
            Assert.Equal(events, order.PendingEvents);
        }
        else
        {
            var violation = TestOrders.Violation(() => order.Apply(StatusChange.To(to), now));

            Assert.Equal("invalid_transition", violation.Code);
            Assert.Equal(from.ToWireName(), violation.CurrentStatus);
            Assert.Equal(ExpectedNext(from), violation.AllowedNext);
            Assert.Equal(from, order.State);
            Assert.Equal(version, order.Version);
            Assert.Empty(order.PendingEvents);
        }
    }

    [Theory]
    [InlineData(OrderState.Done)]
    [InlineData(OrderState.Cancelled)]
    public void Terminal_states_have_no_successor(OrderState state)
    {
        Assert.True(OrderLifecycle.IsTerminal(state));
        Assert.Empty(OrderLifecycle.AllowedNext(state));
    }

    [Theory]
    [InlineData(OrderState.Created, "created")]
    [InlineData(OrderState.Paid, "paid")]
    [InlineData(OrderState.InFulfilment, "in_fulfilment")]
    [InlineData(OrderState.Sent, "sent")]
    [InlineData(OrderState.Delivered, "delivered")]
    [InlineData(OrderState.Done, "done")]
    [InlineData(OrderState.Cancelled, "cancelled")]
    public void Wire_names_round_trip(OrderState state, string wire)
    {
        Assert.Equal(wire, state.ToWireName());
        Assert.True(OrderStates.TryParseWireName(wire, out var parsed));
        Assert.Equal(state, parsed);
    }

    [Theory]
    [InlineData("InFulfilment")]
    [InlineData("PAID")]
    [InlineData("shipped")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_wire_names_are_rejected(string? wire) =>
        Assert.False(OrderStates.TryParseWireName(wire, out _));

    [Fact]
    public void An_undefined_target_is_an_invalid_argument()
    {
        var order = TestOrders.New();

        Assert.Equal("invalid_argument", TestOrders.Violation(() => order.Apply(StatusChange.To((OrderState)42), TestOrders.Later())).Code);
        Assert.Equal(1, order.Version);
    }

    [Fact]
    public void Paid_records_the_payment_defaulting_to_the_total()
    {
        var order = TestOrders.New();

        var events = order.Apply(StatusChange.Paid(paymentReference: "PAY-1", paymentUrl: "https://pay.example/1"), TestOrders.Later());

        Assert.Equal([OrderEventTypes.StatusChanged, OrderEventTypes.PaymentRecorded], events.Types());
        Assert.Equal(25.00m, order.PaidAmount);
        Assert.Equal("PAY-1", order.PaymentReference);
        Assert.Equal("https://pay.example/1", order.PaymentUrl);
        Assert.Equal(25.00m, Assert.IsType<PaymentRecordedData>(events[1].Data).Amount);
        Assert.Equal(2, order.Version);
    }

    [Fact]
    public void Paid_amount_is_rounded_to_the_currency()
    {
        var order = TestOrders.New("JPY", new ItemDetails(null, "Tea", 1, 1000m));

        order.Apply(StatusChange.Paid(999.5m), TestOrders.Later());

        Assert.Equal(1000m, order.PaidAmount);
    }

    [Fact]
    public void A_negative_paid_amount_is_refused_without_changing_anything()
    {
        var order = TestOrders.New();

        var violation = TestOrders.Violation(() => order.Apply(StatusChange.Paid(-1m), TestOrders.Later()));

        Assert.Equal("invalid_argument", violation.Code);
        Assert.Equal(OrderState.Created, order.State);
        Assert.Null(order.PaidAmount);
    }

    [Fact]
    public void A_payment_over_the_total_is_refused_without_changing_anything()
    {
        var order = TestOrders.New();

        var violation = TestOrders.Violation(() => order.Apply(StatusChange.Paid(25.01m), TestOrders.Later()));

        Assert.Equal("invalid_argument", violation.Code);
        Assert.Equal(OrderState.Created, order.State);
        Assert.Null(order.PaidAmount);
        Assert.Equal(1, order.Version);
        order.Apply(StatusChange.Paid(25.00m), TestOrders.Later());
        Assert.Equal(25.00m, order.PaidAmount);
    }

    [Fact]
    public void Repeating_paid_with_another_amount_is_still_a_no_op()
    {
        var order = TestOrders.New();
        order.Apply(StatusChange.Paid(10m), TestOrders.T0);

        Assert.Empty(order.Apply(StatusChange.Paid(20m), TestOrders.Later()));
        Assert.Equal(10m, order.PaidAmount);
        Assert.Equal(2, order.Version);
    }

    [Fact]
    public void Cancelled_records_the_reason()
    {
        var order = TestOrders.New();

        var events = order.Apply(StatusChange.Cancelled("customer changed mind"), TestOrders.Later());

        Assert.Equal("customer changed mind", order.CancelReason);
        Assert.Equal("customer changed mind", Assert.IsType<StatusChangedData>(Assert.Single(events).Data).Reason);
    }

    [Fact]
    public void Sent_with_a_tracking_attaches_it_in_the_same_change()
    {
        var order = TestOrders.InState(OrderState.Paid);

        var events = order.Apply(StatusChange.Sent(new TrackingDetails(" 1Z999 ", "UPS", "https://ups.example/1Z999")), TestOrders.Later());

        Assert.Equal([OrderEventTypes.StatusChanged, OrderEventTypes.TrackingAdded], events.Types());
        var tracking = Assert.Single(order.Trackings);
        Assert.Equal("1Z999", tracking.TrackingNumber);
        Assert.Equal("UPS", tracking.Carrier);
        Assert.Equal(TrackingLifecycle.Pending, tracking.Lifecycle);
        Assert.Equal(3, order.Version);
    }

    [Fact]
    public void Repeating_sent_with_the_same_tracking_is_a_no_op_and_with_a_new_one_only_adds_the_tracking()
    {
        var order = TestOrders.InState(OrderState.Paid);
        order.Apply(StatusChange.Sent(new TrackingDetails("A1")), TestOrders.T0);
        var version = order.Version;

        Assert.Empty(order.Apply(StatusChange.Sent(new TrackingDetails("A1")), TestOrders.Later()));
        Assert.Equal(version, order.Version);

        var events = order.Apply(StatusChange.Sent(new TrackingDetails("B2")), TestOrders.Later());
        Assert.Equal([OrderEventTypes.TrackingAdded], events.Types());
        Assert.Equal(version + 1, order.Version);
        Assert.Equal(["A1", "B2"], order.Trackings.Select(t => t.TrackingNumber));
    }
}
