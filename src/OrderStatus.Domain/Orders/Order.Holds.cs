namespace OrderStatus.Domain.Orders;

/// <summary>Holds: reasons placed and released; forward moves wait while any is held.</summary>
public sealed partial class Order
{
    /// <summary>Adds reasons to the hold (default <c>ON_HOLD</c>); no-op when all reasons are already held.</summary>
    /// <exception cref="OrderRuleViolation">order_closed on a done or cancelled order.</exception>
    public IReadOnlyList<OrderEvent> PlaceHold(IEnumerable<string>? reasons, DateTimeOffset now)
    {
        var normalised = (reasons ?? [])
            .Where(r => !string.IsNullOrWhiteSpace(r))
            .Select(r => r.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (normalised.Count == 0)
        {
            normalised.Add(Orders.FulfilmentCode.OnHoldHoldReason);
        }

        EnsureOpenForHold();
        var events = new List<OrderEvent>();
        PlaceHoldCore(normalised, now, events, code: null);
        return Commit(events, now);
    }

    /// <summary>
    /// Releases every hold reason; no-op when not on hold. A sent order whose parcels arrived while it was held
    /// (see <see cref="ParcelsDelivered"/>) is delivered in the same change: the hold only postponed that move.
    /// </summary>
    public IReadOnlyList<OrderEvent> ReleaseHold(DateTimeOffset now)
    {
        var events = new List<OrderEvent>();
        ReleaseHoldCore(now, events);
        if (events.Count > 0 && State == OrderState.Sent && ParcelsDelivered())
        {
            ApplyTarget(StatusChange.To(OrderState.Delivered), now, events, new StatusChangedData { Trigger = "hold_released" });
        }

        return Commit(events, now);
    }

    private void EnsureOpenForHold()
    {
        if (OrderLifecycle.IsTerminal(State))
        {
            throw new OrderRuleViolation(
                OrderRuleCodes.OrderClosed,
                $"An order in status '{State.ToWireName()}' cannot be put on hold.",
                State,
                AllowedNext());
        }
    }

    private void PlaceHoldCore(IReadOnlyList<string> reasons, DateTimeOffset now, List<OrderEvent> events, int? code)
    {
        var added = reasons.Where(r => !_holdReasons.Contains(r)).ToList();
        if (added.Count == 0)
        {
            return;
        }

        _holdReasons.AddRange(added);
        OnHold = true;
        events.Add(NewEvent(
            OrderEventTypes.HoldPlaced,
            now,
            new HoldPlacedData(added, [.. _holdReasons]),
            code: code));
    }

    /// <summary>Releases some hold reasons (HOLD_RELEASED with those reasons); the order stays held by the others.</summary>
    private void ReleaseReasonsCore(IReadOnlyList<string> reasons, DateTimeOffset now, List<OrderEvent> events)
    {
        var released = reasons.Where(_holdReasons.Contains).ToList();
        if (released.Count == 0)
        {
            return;
        }

        _holdReasons.RemoveAll(released.Contains);
        OnHold = _holdReasons.Count > 0;
        events.Add(NewEvent(
            OrderEventTypes.HoldReleased,
            now,
            new HoldReleasedData(released) { HoldReasons = [.. _holdReasons] }));
    }

    private void ReleaseHoldCore(DateTimeOffset now, List<OrderEvent> events)
    {
        if (!OnHold)
        {
            return;
        }

        var released = _holdReasons.ToList();
        _holdReasons.Clear();
        OnHold = false;
        events.Add(NewEvent(OrderEventTypes.HoldReleased, now, new HoldReleasedData(released)));
    }
}
