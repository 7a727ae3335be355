using OrderStatus.Domain.Reference;

namespace OrderStatus.Domain.Orders;

/// <summary>
/// The order aggregate. Every change goes through a method here, which either records its history events
/// and bumps <see cref="Version"/> by one, or throws <see cref="OrderRuleViolation"/> leaving the order as it was.
/// A request that changes nothing (a repeated status, the same code again …) records nothing and keeps the version.
/// </summary>
public sealed class Order
{
    private readonly List<OrderItem> _items = [];
    private readonly List<Tracking> _trackings = [];
    private readonly List<string> _holdReasons = [];
    private readonly List<OrderEvent> _pendingEvents = [];

    // For EF Core.
    private Order()
    {
        Reference = string.Empty;
        Currency = string.Empty;
        Customer = Customer.Empty;
    }

    public Guid Id { get; private set; }

    public Guid MerchantId { get; private set; }

    /// <summary>The merchant's own order number; unique per merchant (enforced by the database).</summary>
    public string Reference { get; private set; }

    public string? ExternalOrderId { get; private set; }

    public string? CustomerNumber { get; private set; }

    public string? Channel { get; private set; }

    public Customer Customer { get; private set; }

    public Address? ShippingAddress { get; private set; }

    public Address? BillingAddress { get; private set; }

    /// <summary>ISO 4217, upper case.</summary>
    public string Currency { get; private set; }

    public IReadOnlyList<OrderItem> Items => _items;

    /// <summary>Sum of the line totals, in the currency's minor-unit precision.</summary>
    public decimal Total { get; private set; }

    public decimal? PaidAmount { get; private set; }

    public string? PaymentReference { get; private set; }

    public string? PaymentUrl { get; private set; }

    public OrderState State { get; private set; }

    /// <summary>The last fulfilment code set, if any.</summary>
    public int? FulfilmentCode { get; private set; }

    /// <summary>The merchant's custom status; cleared when the status changes by any other route.</summary>
    public Guid? CustomStatusId { get; private set; }

    public bool OnHold { get; private set; }

    public IReadOnlyList<string> HoldReasons => _holdReasons;

    public CollectionStatus? CollectionStatus { get; private set; }

    public string? CancelReason { get; private set; }

    public IReadOnlyList<Tracking> Trackings => _trackings;

    public string? StatusCallbackUrl { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? ClientCreatedAt { get; private set; }

    public DateTimeOffset? ClientUpdatedAt { get; private set; }

    /// <summary>1 after creation, +1 per successful change (not per event); the ETag.</summary>
    public long Version { get; private set; }

    /// <summary>Events recorded since the order was created or loaded; not persisted with the order itself.</summary>
    public IReadOnlyList<OrderEvent> PendingEvents => _pendingEvents;

    public void ClearPendingEvents() => _pendingEvents.Clear();

    public static Order Create(
        Guid merchantId,
        string reference,
        string currency,
        IEnumerable<ItemDetails> items,
        DateTimeOffset now,
        OrderDetails? details = null)
    {
        if (merchantId == Guid.Empty)
        {
            throw OrderRuleViolation.InvalidArgument("An order needs a merchant.");
        }

        if (string.IsNullOrWhiteSpace(reference))
        {
            throw OrderRuleViolation.InvalidArgument("An order needs a reference.");
        }

        var order = new Order
        {
            Id = Guid.CreateVersion7(now),
            MerchantId = merchantId,
            Reference = reference.Trim(),
            Currency = NormaliseCurrency(currency),
            State = OrderState.Created,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        order.SetDetails(Normalise(details ?? new OrderDetails()));
        foreach (var item in items)
        {
            Validate(item);
            order._items.Add(OrderItem.Create(item, order.Currency, now));
        }

        order.RecalculateTotal();
        order._pendingEvents.Add(NewEvent(
            OrderEventTypes.OrderCreated,
            now,
            new()
            {
                ["reference"] = order.Reference,
                ["currency"] = order.Currency,
                ["total"] = order.Total,
                ["itemCount"] = order._items.Count,
            },
            to: OrderState.Created));
        return order;
    }

    /// <summary>The statuses this order may move to right now: the lifecycle table, narrowed by a hold.</summary>
    public IReadOnlyList<OrderState> AllowedNext() =>
        [.. OrderLifecycle.AllowedNext(State).Where(s => !OnHold || s == OrderState.Cancelled)];

    /// <summary>Paid, or beyond paid (pay-later orders count once in fulfilment), or cancelled after a payment.</summary>
    public bool HasBeenPaid() =>
        PaidAmount is not null
        || State is OrderState.Paid or OrderState.InFulfilment or OrderState.Sent or OrderState.Delivered or OrderState.Done;

    /// <summary>Items may change until the order is sent; never once it is done or cancelled.</summary>
    public bool AreItemsFrozen() =>
        State is OrderState.Sent or OrderState.Delivered or OrderState.Done or OrderState.Cancelled;

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
                ApplyTarget(target, now, events, extraData: null);
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

    /// <summary>Releases every hold reason; no-op when not on hold.</summary>
    public IReadOnlyList<OrderEvent> ReleaseHold(DateTimeOffset now)
    {
        var events = new List<OrderEvent>();
        ReleaseHoldCore(now, events);
        return Commit(events, now);
    }

    /// <exception cref="OrderRuleViolation">items_frozen or invalid_argument.</exception>
    public OrderItem AddItem(ItemDetails details, DateTimeOffset now)
    {
        EnsureItemsEditable();
        Validate(details);
        var item = OrderItem.Create(details, Currency, now);
        _items.Add(item);
        RecalculateTotal();
        Commit([ItemEvent(OrderEventTypes.ItemAdded, item, now)], now);
        return item;
    }

    /// <summary>Replaces an item's fields; no-op when nothing differs.</summary>
    /// <exception cref="OrderRuleViolation">items_frozen, item_not_found or invalid_argument.</exception>
    public IReadOnlyList<OrderEvent> UpdateItem(Guid itemId, ItemDetails details, DateTimeOffset now)
    {
        EnsureItemsEditable();
        Validate(details);
        var item = FindItem(itemId);
        if (item.Matches(details))
        {
            return [];
        }

        item.Replace(details, Currency);
        RecalculateTotal();
        return Commit([ItemEvent(OrderEventTypes.ItemUpdated, item, now)], now);
    }

    /// <exception cref="OrderRuleViolation">items_frozen or item_not_found.</exception>
    public IReadOnlyList<OrderEvent> RemoveItem(Guid itemId, DateTimeOffset now)
    {
        EnsureItemsEditable();
        var item = FindItem(itemId);
        _items.Remove(item);
        RecalculateTotal();
        return Commit([ItemEvent(OrderEventTypes.ItemRemoved, item, now)], now);
    }

    /// <exception cref="OrderRuleViolation">duplicate_tracking or invalid_argument.</exception>
    public Tracking AddTracking(TrackingDetails details, DateTimeOffset now)
    {
        var valid = Validate(details);
        if (FindTracking(valid.TrackingNumber) is not null)
        {
            throw new OrderRuleViolation(
                OrderRuleCodes.DuplicateTracking,
                $"The order already has tracking number '{valid.TrackingNumber}'.");
        }

        var tracking = Tracking.Create(valid, now);
        _trackings.Add(tracking);
        Commit([NewEvent(OrderEventTypes.TrackingAdded, now, tracking.ToData())], now);
        return tracking;
    }

    /// <exception cref="OrderRuleViolation">tracking_not_found.</exception>
    public IReadOnlyList<OrderEvent> RemoveTracking(Guid trackingId, DateTimeOffset now)
    {
        var tracking = GetTracking(trackingId);
        _trackings.Remove(tracking);
        return Commit([NewEvent(OrderEventTypes.TrackingRemoved, now, tracking.ToData())], now);
    }

    /// <summary>
    /// Records a checkpoint and sets the tracking's lifecycle (from the latest checkpoint by time). A Delivered
    /// checkpoint moves a sent order to delivered when every other tracking is closed
    /// (<see cref="TrackingLifecycles.IsClosed"/>) and the order is not on hold; the move goes through the
    /// lifecycle table like any other and is recorded as STATUS_CHANGED in the same change.
    /// </summary>
    /// <exception cref="OrderRuleViolation">tracking_not_found or invalid_argument.</exception>
    public Checkpoint AddCheckpoint(Guid trackingId, CheckpointDetails details, DateTimeOffset now)
    {
        if (!Enum.IsDefined(details.Status))
        {
            throw OrderRuleViolation.InvalidArgument($"'{details.Status}' is not a tracking lifecycle.");
        }

        var tracking = GetTracking(trackingId);
        var checkpoint = tracking.AddCheckpoint(details, now);
        var data = tracking.ToData();
        data["checkpointId"] = checkpoint.Id;
        data["status"] = checkpoint.Status.ToString();
        data["statusText"] = checkpoint.StatusText;
        data["location"] = checkpoint.Location;
        data["occurredAt"] = checkpoint.OccurredAt;
        data["lifecycle"] = tracking.Lifecycle.ToString();
        var events = new List<OrderEvent> { NewEvent(OrderEventTypes.CheckpointAdded, now, data) };

        var lastOpenDelivered = checkpoint.Status == TrackingLifecycle.Delivered
            && tracking.Lifecycle == TrackingLifecycle.Delivered
            && _trackings.TrueForAll(t => t.Lifecycle.IsClosed());
        if (lastOpenDelivered && State == OrderState.Sent && !OnHold)
        {
            ApplyTarget(
                StatusChange.To(OrderState.Delivered),
                now,
                events,
                new() { ["trigger"] = "checkpoint", ["trackingId"] = tracking.Id });
        }

        Commit(events, now);
        return checkpoint;
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
                    new()
                    {
                        ["collectionStatus"] = CollectionStatusName(status),
                        ["previousCollectionStatus"] = previous is { } p ? CollectionStatusName(p) : null,
                    }),
            ],
            now);
    }

    /// <summary>The current descriptive fields, to build a partial update with <c>with</c>.</summary>
    public OrderDetails CurrentDetails() => new()
    {
        ExternalOrderId = ExternalOrderId,
        CustomerNumber = CustomerNumber,
        Channel = Channel,
        Customer = Customer,
        ShippingAddress = ShippingAddress,
        BillingAddress = BillingAddress,
        StatusCallbackUrl = StatusCallbackUrl,
        ClientCreatedAt = ClientCreatedAt,
        ClientUpdatedAt = ClientUpdatedAt,
    };

    /// <summary>Replaces all descriptive fields; ORDER_UPDATED lists the changed ones. No-op when nothing differs.</summary>
    /// <exception cref="OrderRuleViolation">invalid_argument (bad country code).</exception>
    public IReadOnlyList<OrderEvent> UpdateDetails(OrderDetails details, DateTimeOffset now)
    {
        var next = Normalise(details);
        var current = CurrentDetails();
        var changed = new List<string>();
        void Compare<T>(string field, T before, T after)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after))
            {
                changed.Add(field);
            }
        }

        Compare("externalOrderId", current.ExternalOrderId, next.ExternalOrderId);
        Compare("customerNumber", current.CustomerNumber, next.CustomerNumber);
        Compare("channel", current.Channel, next.Channel);
        Compare("customer", current.Customer, next.Customer);
        Compare("shippingAddress", current.ShippingAddress, next.ShippingAddress);
        Compare("billingAddress", current.BillingAddress, next.BillingAddress);
        Compare("statusCallbackUrl", current.StatusCallbackUrl, next.StatusCallbackUrl);
        Compare("clientCreatedAt", current.ClientCreatedAt, next.ClientCreatedAt);
        Compare("clientUpdatedAt", current.ClientUpdatedAt, next.ClientUpdatedAt);
        if (changed.Count == 0)
        {
            return [];
        }

        SetDetails(next);
        return Commit([NewEvent(OrderEventTypes.OrderUpdated, now, new() { ["changedFields"] = changed })], now);
    }

    /// <summary>A merchant's own history entry (<c>POST …/history</c>).</summary>
    /// <exception cref="OrderRuleViolation">invalid_argument when name or note is empty.</exception>
    public IReadOnlyList<OrderEvent> AddNote(string name, string note, string? label, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(note))
        {
            throw OrderRuleViolation.InvalidArgument("A note needs a name and a text.");
        }

        return Commit(
            [NewEvent(OrderEventTypes.NoteAdded, now, new() { ["name"] = name, ["note"] = note, ["label"] = label })],
            now);
    }

    private void ApplyTarget(
        TargetStatusChange change,
        DateTimeOffset now,
        List<OrderEvent> events,
        Dictionary<string, object?>? extraData)
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
        decimal? amount = null;
        if (change.Target == OrderState.Paid)
        {
            amount = Currencies.Round(change.Amount ?? Total, Currency);
            if (amount < 0)
            {
                throw OrderRuleViolation.InvalidArgument("A paid amount cannot be negative.");
            }
        }

        var data = extraData ?? [];
        if (change.Target == OrderState.Cancelled && change.Reason is not null)
        {
            data["reason"] = change.Reason;
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
                new()
                {
                    ["amount"] = amount,
                    ["currency"] = Currency,
                    ["paymentReference"] = PaymentReference,
                    ["paymentUrl"] = PaymentUrl,
                }));
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
                new() { ["name"] = code.Name, ["previousCode"] = previous },
                code: code.Value));
        }

        if (moveTo is { } next)
        {
            MoveTo(next, now, events, code.Value, [], clearCustomStatus: true);
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
            new()
            {
                ["customStatusId"] = change.CustomStatusId,
                ["name"] = change.Name,
                ["effect"] = EffectName(change.Effect),
                ["previousCustomStatusId"] = previous,
            }));
        if (moves)
        {
            MoveTo(target!.Value, now, events, code: null, new() { ["customStatusId"] = change.CustomStatusId }, clearCustomStatus: false);
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
        Dictionary<string, object?> data,
        bool clearCustomStatus)
    {
        var from = State;
        State = target;
        if (clearCustomStatus && CustomStatusId is { } cleared)
        {
            // The merchant's label described the previous status; keeping it would contradict the new one.
            CustomStatusId = null;
            data["clearedCustomStatusId"] = cleared;
        }

        events.Add(NewEvent(OrderEventTypes.StatusChanged, now, data, from, target, code));
        if (target == OrderState.Cancelled)
        {
            // A cancelled order has nothing left to hold; leaving the flag would keep it in "on hold" lists forever.
            ReleaseHoldCore(now, events);
        }
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
            new() { ["reasons"] = added, ["holdReasons"] = _holdReasons.ToList() },
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
            new() { ["reasons"] = released, ["holdReasons"] = _holdReasons.ToList() }));
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
        events.Add(NewEvent(OrderEventTypes.HoldReleased, now, new() { ["reasons"] = released }));
    }

    private void AddTrackingIfNew(TrackingDetails? details, DateTimeOffset now, List<OrderEvent> events)
    {
        if (details is null || FindTracking(details.TrackingNumber) is not null)
        {
            return;
        }

        var tracking = Tracking.Create(details, now);
        _trackings.Add(tracking);
        events.Add(NewEvent(OrderEventTypes.TrackingAdded, now, tracking.ToData()));
    }

    private Tracking? FindTracking(string trackingNumber) =>
        _trackings.Find(t => string.Equals(t.TrackingNumber, trackingNumber, StringComparison.Ordinal));

    private Tracking GetTracking(Guid trackingId) =>
        _trackings.Find(t => t.Id == trackingId)
        ?? throw new OrderRuleViolation(OrderRuleCodes.TrackingNotFound, $"The order has no tracking {trackingId}.");

    private OrderItem FindItem(Guid itemId) =>
        _items.Find(i => i.Id == itemId)
        ?? throw new OrderRuleViolation(OrderRuleCodes.ItemNotFound, $"The order has no item {itemId}.");

    private void EnsureItemsEditable()
    {
        if (AreItemsFrozen())
        {
            throw new OrderRuleViolation(
                OrderRuleCodes.ItemsFrozen,
                $"Items cannot change once the order is '{State.ToWireName()}'.",
                State,
                AllowedNext());
        }
    }

    private void RecalculateTotal() => Total = Currencies.Round(_items.Sum(i => i.LineTotal), Currency);

    private void SetDetails(OrderDetails details)
    {
        ExternalOrderId = details.ExternalOrderId;
        CustomerNumber = details.CustomerNumber;
        Channel = details.Channel;
        Customer = details.Customer;
        ShippingAddress = details.ShippingAddress;
        BillingAddress = details.BillingAddress;
        StatusCallbackUrl = details.StatusCallbackUrl;
        ClientCreatedAt = details.ClientCreatedAt;
        ClientUpdatedAt = details.ClientUpdatedAt;
    }

    private List<OrderEvent> Commit(List<OrderEvent> events, DateTimeOffset now)
    {
        if (events.Count == 0)
        {
            return events;
        }

        Version++;
        UpdatedAt = now;
        _pendingEvents.AddRange(events);
        return events;
    }

    private OrderEvent ItemEvent(string type, OrderItem item, DateTimeOffset now)
    {
        var data = item.ToData();
        data["total"] = Total;
        return NewEvent(type, now, data);
    }

    private static OrderEvent NewEvent(
        string type,
        DateTimeOffset now,
        Dictionary<string, object?> data,
        OrderState? from = null,
        OrderState? to = null,
        int? code = null) =>
        new(Guid.CreateVersion7(now), type, from, to, code, data, now);

    private static string NormaliseCurrency(string currency)
    {
        if (!Currencies.IsValid(currency))
        {
            throw OrderRuleViolation.InvalidArgument($"'{currency}' is not an ISO 4217 currency code.");
        }

        return currency.ToUpperInvariant();
    }

    private static void Validate(ItemDetails item)
    {
        if (string.IsNullOrWhiteSpace(item.Name))
        {
            throw OrderRuleViolation.InvalidArgument("An item needs a name.");
        }

        if (item.Quantity <= 0)
        {
            throw OrderRuleViolation.InvalidArgument("An item's quantity must be greater than zero.");
        }

        if (item.UnitPrice < 0)
        {
            throw OrderRuleViolation.InvalidArgument("An item's unit price cannot be negative.");
        }
    }

    private static TrackingDetails Validate(TrackingDetails tracking) =>
        string.IsNullOrWhiteSpace(tracking.TrackingNumber)
            ? throw OrderRuleViolation.InvalidArgument("A tracking needs a tracking number.")
            : tracking with { TrackingNumber = tracking.TrackingNumber.Trim() };

    private static OrderDetails Normalise(OrderDetails details) => details with
    {
        Customer = details.Customer ?? Customer.Empty,
        ShippingAddress = Normalise(details.ShippingAddress),
        BillingAddress = Normalise(details.BillingAddress),
    };

    private static Address? Normalise(Address? address)
    {
        if (address?.CountryCode is null)
        {
            return address;
        }

        if (!Countries.IsValidAlpha2(address.CountryCode))
        {
            throw OrderRuleViolation.InvalidArgument($"'{address.CountryCode}' is not an ISO 3166-1 alpha-2 country code.");
        }

        return address with { CountryCode = address.CountryCode.ToUpperInvariant() };
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
