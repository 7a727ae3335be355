namespace OrderStatus.Domain.Orders;

/// <summary>
/// A request to change the lifecycle of an order, whatever route it came through. Build one with the
/// static factories and pass it to <see cref="Order.Apply"/>.
/// </summary>
public abstract record StatusChange
{
    private protected StatusChange()
    {
    }

    /// <summary>Move to a canonical status without payload (in_fulfilment, delivered, done …).</summary>
    public static TargetStatusChange To(OrderState target) => new(target);

    /// <summary>Move to paid; <paramref name="amount"/> defaults to the order total.</summary>
    public static TargetStatusChange Paid(decimal? amount = null, string? paymentReference = null, string? paymentUrl = null) =>
        new(OrderState.Paid) { Amount = amount, PaymentReference = paymentReference, PaymentUrl = paymentUrl };

    public static TargetStatusChange Sent(TrackingDetails? tracking = null) =>
        new(OrderState.Sent) { Tracking = tracking };

    public static TargetStatusChange Cancelled(string? reason = null) =>
        new(OrderState.Cancelled) { Reason = reason };

    /// <summary>A numeric fulfilment code (SPEC section 4); unknown numbers are rejected by <see cref="Order.Apply"/>.</summary>
    public static FulfilmentCodeChange Fulfilment(int code, TrackingDetails? tracking = null, string? holdReason = null) =>
        new(code) { Tracking = tracking, HoldReason = holdReason };

    /// <summary>A merchant's custom status from the catalogue (SPEC section 5).</summary>
    public static CustomStatusChange Custom(Guid customStatusId, CustomStatusEffect effect, string? name = null) =>
        new(customStatusId, effect) { Name = name };
}

/// <summary>
/// A canonical target status. Payload fields are used where they mean something: amount, payment reference
/// and URL on paid, reason on cancelled; a tracking is attached whatever the target.
/// </summary>
public sealed record TargetStatusChange(OrderState Target) : StatusChange
{
    public decimal? Amount { get; init; }

    public string? PaymentReference { get; init; }

    public string? PaymentUrl { get; init; }

    /// <summary>The payment provider's own status of the payment (e.g. Retailys' <c>paid.status</c>), recorded in PAYMENT_RECORDED.</summary>
    public string? PaymentStatus { get; init; }

    public string? Reason { get; init; }

    public TrackingDetails? Tracking { get; init; }
}

public sealed record FulfilmentCodeChange(int Code) : StatusChange
{
    public TrackingDetails? Tracking { get; init; }

    /// <summary>Replaces the default reason of code 256; ignored by other codes.</summary>
    public string? HoldReason { get; init; }

    /// <summary>
    /// For dialects that keep one status per order (Custom Gateway): a status code sent while the order's
    /// current code is a hold code (32, 256) first releases the hold reasons such codes place (QC_QUERY,
    /// ON_HOLD), recording HOLD_RELEASED, then applies. Other hold reasons stay. The canonical API never sets it.
    /// </summary>
    public bool ReplacesCodeHold { get; init; }
}

public sealed record CustomStatusChange(Guid CustomStatusId, CustomStatusEffect Effect) : StatusChange
{
    /// <summary>The custom status' display name, copied into the history event.</summary>
    public string? Name { get; init; }
}
