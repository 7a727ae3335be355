using OrderStatus.Domain.Orders;

namespace OrderStatus.Domain.Tests;

public class FulfilmentCodeTests
{
    // SPEC section 4, written out independently: code → target status, or hold reason.
    private static readonly Dictionary<int, (string Name, OrderState? Target, string? Hold)> Spec = new()
    {
        [8] = ("Dispatched", OrderState.Sent, null),
        [32] = ("QC Query", null, "QC_QUERY"),
        [64] = ("Dispatched (Retailer Notified)", OrderState.Sent, null),
        [128] = ("Cancelled", OrderState.Cancelled, null),
        [256] = ("On Hold", null, "ON_HOLD"),
        [512] = ("Sent to Supplier", OrderState.InFulfilment, null),
        [513] = ("Received by Supplier", OrderState.InFulfilment, null),
        [515] = ("Sent to Shipper", OrderState.InFulfilment, null),
        [516] = ("Received by Shipper", OrderState.InFulfilment, null),
    };

    public static TheoryData<int, OrderState, bool> EveryCodeFromEveryState()
    {
        var data = new TheoryData<int, OrderState, bool>();
        foreach (var code in Spec.Keys)
        {
            foreach (var state in Enum.GetValues<OrderState>())
            {
                data.Add(code, state, false);

                // A done or cancelled order cannot be on hold (holds are refused there, cancelling releases them).
                if (state is not (OrderState.Done or OrderState.Cancelled))
                {
                    data.Add(code, state, true);
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_catalogue_is_exactly_the_nine_codes_of_the_spec()
    {
        Assert.Equal(Spec.Keys.Order(), FulfilmentCode.All.Select(c => c.Value));
        foreach (var code in FulfilmentCode.All)
        {
            var (name, target, hold) = Spec[code.Value];
            Assert.Equal(name, code.Name);
            Assert.Equal(target, code.TargetState);
            Assert.Equal(hold, code.HoldReason);
            Assert.Equal(target is null ? FulfilmentEffect.Hold : FulfilmentEffect.StatusChange, code.Effect);
        }
    }

    [Theory]
    [MemberData(nameof(EveryCodeFromEveryState))]
    public void Every_code_from_every_state(int code, OrderState from, bool onHold)
    {
        var order = TestOrders.InState(from, onHold);
        var version = order.Version;
        var (_, target, hold) = Spec[code];
        var now = TestOrders.Later(3);

        if (target is { } to)
        {
            var legal = to == from || Allowed(from, to);
            if (!legal)
            {
                var violation = TestOrders.Violation(() => order.Apply(StatusChange.Fulfilment(code), now));
                Assert.Equal("invalid_transition", violation.Code);
                Assert.Equal(from.ToWireName(), violation.CurrentStatus);
                AssertUnchanged(order, from, version, onHold);
                return;
            }

            if (onHold && to != from && to != OrderState.Cancelled)
            {
                var violation = TestOrders.Violation(() => order.Apply(StatusChange.Fulfilment(code), now));
                Assert.Equal("order_on_hold", violation.Code);
                Assert.Equal(["cancelled"], violation.AllowedNext);
                AssertUnchanged(order, from, version, onHold);
                return;
            }

            var events = order.Apply(StatusChange.Fulfilment(code), now);

            List<string> expected = [OrderEventTypes.FulfilmentCodeSet];
            if (to != from)
            {
                expected.Add(OrderEventTypes.StatusChanged);
            }

            if (to == OrderState.Cancelled && to != from && onHold)
            {
                expected.Add(OrderEventTypes.HoldReleased);
            }

            Assert.Equal(expected, events.Types());
            Assert.Equal(to, order.State);
            Assert.Equal(code, order.FulfilmentCode);
            Assert.Equal(code, events[0].Code);
            Assert.Equal(version + 1, order.Version);
            if (to != from)
            {
                Assert.Equal(code, events[1].Code);
                Assert.Equal(from, events[1].FromStatus);
                Assert.Equal(to, events[1].ToStatus);
            }
        }
        else
        {
            if (from is OrderState.Done or OrderState.Cancelled)
            {
                var violation = TestOrders.Violation(() => order.Apply(StatusChange.Fulfilment(code), now));
                Assert.Equal("order_closed", violation.Code);
                AssertUnchanged(order, from, version, onHold);
                return;
            }

            var events = order.Apply(StatusChange.Fulfilment(code), now);

            Assert.Equal([OrderEventTypes.FulfilmentCodeSet, OrderEventTypes.HoldPlaced], events.Types());
            Assert.Equal(from, order.State);
            Assert.True(order.OnHold);
            Assert.Contains(hold!, order.HoldReasons);
            Assert.Equal(onHold ? ["MANUAL", hold!] : [hold!], order.HoldReasons);
            Assert.Equal(code, order.FulfilmentCode);
            Assert.Equal(version + 1, order.Version);
        }
    }

    [Fact]
    public void A_different_code_with_the_same_status_still_records_the_code()
    {
        var order = TestOrders.InState(OrderState.Paid);
        order.Apply(StatusChange.Fulfilment(512), TestOrders.T0);
        var version = order.Version;

        var events = order.Apply(StatusChange.Fulfilment(513), TestOrders.Later());

        var set = Assert.Single(events);
        Assert.Equal(OrderEventTypes.FulfilmentCodeSet, set.Type);
        Assert.Equal(513, set.Code);
        Assert.Equal(512, Assert.IsType<FulfilmentCodeSetData>(set.Data).PreviousCode);
        Assert.Equal("Received by Supplier", Assert.IsType<FulfilmentCodeSetData>(set.Data).Name);
        Assert.Equal(OrderState.InFulfilment, order.State);
        Assert.Equal(513, order.FulfilmentCode);
        Assert.Equal(version + 1, order.Version);
    }

    [Fact]
    public void The_same_code_again_is_a_no_op()
    {
        var order = TestOrders.InState(OrderState.Paid);
        order.Apply(StatusChange.Fulfilment(512), TestOrders.T0);
        var version = order.Version;

        Assert.Empty(order.Apply(StatusChange.Fulfilment(512), TestOrders.Later()));
        Assert.Equal(version, order.Version);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(514)]
    [InlineData(1024)]
    [InlineData(-8)]
    public void Unknown_codes_are_refused_listing_the_valid_ones(int code)
    {
        var order = TestOrders.InState(OrderState.Paid);

        var violation = TestOrders.Violation(() => order.Apply(StatusChange.Fulfilment(code), TestOrders.Later()));

        Assert.Equal("unknown_fulfilment_code", violation.Code);
        Assert.Equal([8, 32, 64, 128, 256, 512, 513, 515, 516], violation.ValidFulfilmentCodes);
        Assert.Contains("512", violation.Message, StringComparison.Ordinal);
        Assert.Null(order.FulfilmentCode);
    }

    [Fact]
    public void A_refused_code_leaves_no_trace()
    {
        var order = TestOrders.InState(OrderState.Sent);
        var version = order.Version;

        TestOrders.Violation(() => order.Apply(StatusChange.Fulfilment(512, new TrackingDetails("T-1")), TestOrders.Later()));

        Assert.Null(order.FulfilmentCode);
        Assert.Empty(order.Trackings);
        Assert.Equal(version, order.Version);
    }

    [Fact]
    public void Code_256_takes_the_given_reason_and_32_keeps_its_own()
    {
        var order = TestOrders.InState(OrderState.Paid);

        order.Apply(StatusChange.Fulfilment(256, holdReason: "ADDRESS_CHECK"), TestOrders.Later(1));
        order.Apply(StatusChange.Fulfilment(32, holdReason: "ignored"), TestOrders.Later(2));

        Assert.Equal(["ADDRESS_CHECK", "QC_QUERY"], order.HoldReasons);
    }

    [Fact]
    public void A_code_may_carry_a_tracking_number()
    {
        var order = TestOrders.InState(OrderState.InFulfilment);

        var events = order.Apply(StatusChange.Fulfilment(8, new TrackingDetails("JJD000", "DHL")), TestOrders.Later());

        Assert.Equal(
            [OrderEventTypes.FulfilmentCodeSet, OrderEventTypes.StatusChanged, OrderEventTypes.TrackingAdded],
            events.Types());
        Assert.Equal("JJD000", Assert.Single(order.Trackings).TrackingNumber);
        Assert.Equal(OrderState.Sent, order.State);
    }

    [Fact]
    public void A_hold_code_can_be_placed_again_after_its_hold_was_released()
    {
        var order = TestOrders.InState(OrderState.Paid);
        order.Apply(StatusChange.Fulfilment(32), TestOrders.T0);
        order.ReleaseHold(TestOrders.T0);
        var version = order.Version;

        var events = order.Apply(StatusChange.Fulfilment(32), TestOrders.Later());

        Assert.Equal([OrderEventTypes.HoldPlaced], events.Types());
        Assert.True(order.OnHold);
        Assert.Equal(version + 1, order.Version);
        Assert.Empty(order.Apply(StatusChange.Fulfilment(32), TestOrders.Later(2)));
    }

    private static bool Allowed(OrderState from, OrderState to) => (from, to) switch
    {
        (OrderState.Created, OrderState.Paid or OrderState.InFulfilment or OrderState.Sent or OrderState.Cancelled) => true,
        (OrderState.Paid, OrderState.InFulfilment or OrderState.Sent or OrderState.Cancelled) => true,
        (OrderState.InFulfilment, OrderState.Sent or OrderState.Cancelled) => true,
        (OrderState.Sent, OrderState.Delivered or OrderState.Done) => true,
        (OrderState.Delivered, OrderState.Done) => true,
        _ => false,
    };

    private static void AssertUnchanged(Order order, OrderState state, long version, bool onHold)
    {
        Assert.Equal(state, order.State);
        Assert.Equal(version, order.Version);
        Assert.Equal(onHold, order.OnHold);
        Assert.Null(order.FulfilmentCode);
        Assert.Empty(order.PendingEvents);
    }
}
