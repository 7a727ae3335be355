using OrderStatus.Domain.Reference;

namespace OrderStatus.Domain.Orders;

/// <summary>
/// The order aggregate. Every change goes through a method here, which either records its history events
/// and bumps <see cref="Version"/> by one, or throws <see cref="OrderRuleViolation"/> leaving the order as it was.
/// A request that changes nothing (a repeated status, the same code again …) records nothing and keeps the version.
/// </summary>
public sealed partial class Order
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

    /// <summary>
    /// The service's integer alias of the order, per merchant: assigned at creation in increasing order, never
    /// reused (unique per merchant, enforced by the database). Dialects with integer ids use it.
    /// </summary>
    public long Number { get; private set; }

    /// <summary>The merchant's own order reference; unique per merchant (enforced by the database).</summary>
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

    /// <summary>The highest item number given so far; the next item gets the one after (numbers are never reused).</summary>
    public int LastItemNumber { get; private set; }

    /// <summary>The highest tracking number given so far; the next tracking gets the one after.</summary>
    public int LastTrackingNumber { get; private set; }

    /// <summary>1 after creation, +1 per successful change (not per event); the ETag.</summary>
    public long Version { get; private set; }

    /// <summary>Events recorded since the order was created or loaded; not persisted with the order itself.</summary>
    public IReadOnlyList<OrderEvent> PendingEvents => _pendingEvents;

    public void ClearPendingEvents() => _pendingEvents.Clear();

    /// <summary>A new order in status created; <paramref name="number"/> is allocated by the caller from the merchant's counter.</summary>
    public static Order Create(
        Guid merchantId,
        long number,
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

        if (number <= 0)
        {
            throw OrderRuleViolation.InvalidArgument("An order number is positive.");
        }

        if (string.IsNullOrWhiteSpace(reference))
        {
            throw OrderRuleViolation.InvalidArgument("An order needs a reference.");
        }

        var order = new Order
        {
            Id = Guid.CreateVersion7(now),
            MerchantId = merchantId,
            Number = number,
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
            order._items.Add(OrderItem.Create(item, ++order.LastItemNumber, order.Currency, now));
        }

        order.RecalculateTotal();
        order._pendingEvents.Add(NewEvent(
            OrderEventTypes.OrderCreated,
            now,
            new OrderCreatedData(order.Number, order.Reference, order.Currency, order.Total, order._items.Count),
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
        return Commit([NewEvent(OrderEventTypes.OrderUpdated, now, new OrderUpdatedData(changed))], now);
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
            [NewEvent(OrderEventTypes.NoteAdded, now, new NoteAddedData(name, note, label))],
            now);
    }

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

    private static OrderEvent NewEvent(
        string type,
        DateTimeOffset now,
        OrderEventData data,
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
}
