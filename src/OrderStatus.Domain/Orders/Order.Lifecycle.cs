using System.Globalization;
using OrderStatus.Domain.Reference;

namespace OrderStatus.Domain.Orders;

/// <summary>The lifecycle: status changes through the one transition table, and the collection status.</summary>
public sealed partial class Order
{
    /// <summary>
    /// The one method that changes the lifecycle status, whatever the route (canonical status, fulfilment code,
    /// custom status, dialects). Returns the events recorded; none when the request repeats the current state.
    /// A tracking carried by a repeated request is still attached if the order does not have it yet.
    /// </summary>
    /// <exception cref="OrderRuleViolation">
    /// invalid_transition, order_on_hold, order_closed, unknown_fulfilment_code or invalid_argument.
    /// </exception>
    public IReadOnlyList<OrderEvent> Apply(StatusChange change, DateTimeOffset now)
    {
        var events = new List<OrderEvent>();
        switch (change)
        {
            case TargetStatusChange target:
                ApplyTarget(target, now, events, cause: null);
                break;
            case FulfilmentCodeChange code:
                ApplyCode(code, now, events);
                break;
            case CustomStatusChange custom:
                ApplyCustom(custom, now, events);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change, "Unknown kind of status change.");
        }

        return Commit(events, now);
    }

    /// <summary>No-op when the status is already set.</summary>
    /// <exception cref="OrderRuleViolation">not_paid when the order has not been paid (see <see cref="HasBeenPaid"/>).</exception>
    public IReadOnlyList<OrderEvent> SetCollectionStatus(CollectionStatus status, DateTimeOffset now)
    {
        if (!Enum.IsDefined(status))
        {
            throw OrderRuleViolation.InvalidArgument($"'{status}' is not a collection status.");
        }

        if (!HasBeenPaid())
        {
            throw new OrderRuleViolation(
                OrderRuleCodes.NotPaid,
                $"The collection status can only be set on a paid order; this one is '{State.ToWireName()}' without payment.",
                State,
                AllowedNext());
        }

        if (CollectionStatus == status)
        {
            return [];
        }

        var previous = CollectionStatus;
        CollectionStatus = status;
        return Commit(
            [
                NewEvent(
                    OrderEventTypes.CollectionStatusUpdated,
                    now,
                    new CollectionStatusUpdatedData(CollectionStatusName(status), previous is { } p ? CollectionStatusName(p) : null)),
            ],
            now);
    }

    private void ApplyTarget(
        TargetStatusChange change,
        DateTimeOffset now,
        List<OrderEvent> events,
        StatusChangedData? cause)
    {
        if (!Enum.IsDefined(change.Target))
        {
            throw OrderRuleViolation.InvalidArgument($"'{change.Target}' is not an order status.");
        }

        var tracking = change.Tracking is null ? null : Validate(change.Tracking);
        if (change.Target == State)
        {
            AddTrackingIfNew(tracking, now, events);
            return;
        }

        EnsureCanMoveTo(change.Target);
        var amount = 0m;
        if (change.Target == OrderState.Paid)
        {
            amount = Currencies.Round(change.Amount ?? Total, Currency);
            if (amount < 0)
            {
                throw OrderRuleViolation.InvalidArgument("A paid amount cannot be negative.");
            }

            if (amount > Total)
            {
                throw OrderRuleViolation.InvalidArgument(string.Create(
                    CultureInfo.InvariantCulture,
                    $"A payment of {amount} {Currency} is more than the order total of {Total} {Currency}."));
            }
        }

        var data = cause ?? StatusChangedData.None;
        if (change.Target == OrderState.Cancelled && change.Reason is not null)
        {
            data = data with { Reason = change.Reason };
        }

        MoveTo(change.Target, now, events, code: null, data, clearCustomStatus: true);
        if (change.Target == OrderState.Paid)
        {
            PaidAmount = amount;
            PaymentReference = change.PaymentReference;
            PaymentUrl = change.PaymentUrl;
            events.Add(NewEvent(
                OrderEventTypes.PaymentRecorded,
                now,
                new PaymentRecordedData(amount, Currency, PaymentReference, PaymentUrl) { PaymentStatus = change.PaymentStatus }));
        }

        if (change.Target == OrderState.Cancelled)
        {
            CancelReason = change.Reason;
        }

        AddTrackingIfNew(tracking, now, events);
    }

    private void ApplyCode(FulfilmentCodeChange change, DateTimeOffset now, List<OrderEvent> events)
    {
        if (!Orders.FulfilmentCode.TryGet(change.Code, out var code))
        {
            throw OrderRuleViolation.UnknownFulfilmentCode(change.Code);
        }

        var tracking = change.Tracking is null ? null : Validate(change.Tracking);
        var holdReason = code.Effect != FulfilmentEffect.Hold ? null
            : code.AcceptsCustomHoldReason && !string.IsNullOrWhiteSpace(change.HoldReason) ? change.HoldReason.Trim()
            : code.HoldReason!;
        var sameCode = FulfilmentCode == code.Value;

        // The same code again is a no-op, except a hold code whose hold has been released since: placing it
        // again is a real change (the code itself stays, so no FULFILMENT_CODE_SET).
        if (sameCode && (holdReason is null || _holdReasons.Contains(holdReason)))
        {
            AddTrackingIfNew(tracking, now, events);
            return;
        }

        // Validate everything before the first mutation so that a refused code leaves no trace.
        var releasing = change.ReplacesCodeHold ? CodeHoldReasonsReplacedBy(code) : [];
        var moveTo = code.TargetState is { } target && target != State ? target : (OrderState?)null;
        if (moveTo is { } to)
        {
            EnsureCanMoveTo(to, releasing);
        }
        else if (holdReason is not null)
        {
            EnsureOpenForHold();
        }

        ReleaseReasonsCore(releasing, now, events);
        if (!sameCode)
        {
            var previous = FulfilmentCode;
            FulfilmentCode = code.Value;
            events.Add(NewEvent(
                OrderEventTypes.FulfilmentCodeSet,
                now,
                new FulfilmentCodeSetData(code.Name, previous),
                code: code.Value));
        }

        if (moveTo is { } next)
        {
            MoveTo(next, now, events, code.Value, StatusChangedData.None, clearCustomStatus: true);
        }
        else if (holdReason is not null)
        {
            PlaceHoldCore([holdReason], now, events, code.Value);
        }

        AddTrackingIfNew(tracking, now, events);
    }

    private void ApplyCustom(CustomStatusChange change, DateTimeOffset now, List<OrderEvent> events)
    {
        if (CustomStatusId == change.CustomStatusId)
        {
            return;
        }

        OrderState? target = change.Effect switch
        {
            CustomStatusEffect.None => null,
            CustomStatusEffect.Done => OrderState.Done,
            CustomStatusEffect.Cancelled => OrderState.Cancelled,
            _ => throw OrderRuleViolation.InvalidArgument($"'{change.Effect}' is not a custom status effect."),
        };
        var moves = target is { } t && t != State;
        if (moves)
        {
            EnsureCanMoveTo(target!.Value);
        }

        var previous = CustomStatusId;
        CustomStatusId = change.CustomStatusId;
        events.Add(NewEvent(
            OrderEventTypes.CustomStatusSet,
            now,
            new CustomStatusSetData(change.CustomStatusId, change.Name, EffectName(change.Effect), previous)));
        if (moves)
        {
            MoveTo(target!.Value, now, events, code: null, new StatusChangedData { CustomStatusId = change.CustomStatusId }, clearCustomStatus: false);
        }
    }

    /// <summary>
    /// The hold reasons a status code replaces under <see cref="FulfilmentCodeChange.ReplacesCodeHold"/>: only when
    /// the code is a status change and the current code is a hold code; only the reasons hold codes place.
    /// </summary>
    private List<string> CodeHoldReasonsReplacedBy(FulfilmentCode code)
    {
        var heldByCode = OnHold
            && FulfilmentCode is { } current
            && Orders.FulfilmentCode.TryGet(current, out var held)
            && held.Effect == FulfilmentEffect.Hold;
        return code.Effect != FulfilmentEffect.StatusChange || !heldByCode
            ? []
            : _holdReasons.Where(r => r is Orders.FulfilmentCode.QcQueryHoldReason or Orders.FulfilmentCode.OnHoldHoldReason).ToList();
    }

    /// <param name="target">The status to move to.</param>
    /// <param name="releasing">Hold reasons the same change releases first (they do not block the move).</param>
    private void EnsureCanMoveTo(OrderState target, IReadOnlyCollection<string>? releasing = null)
    {
        if (!OrderLifecycle.CanTransition(State, target))
        {
            throw new OrderRuleViolation(
                OrderRuleCodes.InvalidTransition,
                $"An order in status '{State.ToWireName()}' cannot move to '{target.ToWireName()}'.",
                State,
                AllowedNext());
        }

        var stillHeld = OnHold && (releasing is null || _holdReasons.Exists(r => !releasing.Contains(r)));
        if (stillHeld && target != OrderState.Cancelled)
        {
            throw new OrderRuleViolation(
                OrderRuleCodes.OrderOnHold,
                $"The order is on hold ({string.Join(", ", _holdReasons)}); release the hold before moving it to '{target.ToWireName()}'. It can still be cancelled.",
                State,
                AllowedNext());
        }
    }

    /// <summary>The only place that writes <see cref="State"/>.</summary>
    private void MoveTo(
        OrderState target,
        DateTimeOffset now,
        List<OrderEvent> events,
        int? code,
        StatusChangedData data,
        bool clearCustomStatus)
    {
        var from = State;
        State = target;
        if (clearCustomStatus && CustomStatusId is { } cleared)
        {
            // The merchant's label described the previous status; keeping it would contradict the new one.
            CustomStatusId = null;
            data = data with { ClearedCustomStatusId = cleared };
        }

        events.Add(NewEvent(OrderEventTypes.StatusChanged, now, data, from, target, code));
        if (target == OrderState.Cancelled)
        {
            // A cancelled order has nothing left to hold; leaving the flag would keep it in "on hold" lists forever.
            ReleaseHoldCore(now, events);
        }
    }

    private static string CollectionStatusName(CollectionStatus status) => status switch
    {
        Orders.CollectionStatus.Collected => "COLLECTED",
        Orders.CollectionStatus.Delivered => "DELIVERED",
        _ => "RETURNED",
    };

    private static string EffectName(CustomStatusEffect effect) => effect switch
    {
        CustomStatusEffect.Done => "done",
        CustomStatusEffect.Cancelled => "cancelled",
        _ => "none",
    };
}
