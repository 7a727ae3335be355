using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Domain;

/// <summary>Stable machine codes of <see cref="OrderRuleViolation"/>.</summary>
public static class OrderRuleCodes
{
    /// <summary>The lifecycle table forbids the move (HTTP 409).</summary>
    public const string InvalidTransition = "invalid_transition";

    /// <summary>A forward move was asked while the order is on hold (HTTP 409).</summary>
    public const string OrderOnHold = "order_on_hold";

    /// <summary>A hold was asked on a done or cancelled order (HTTP 409).</summary>
    public const string OrderClosed = "order_closed";

    /// <summary>Items change after the order was sent, or once it is done or cancelled (HTTP 409).</summary>
    public const string ItemsFrozen = "items_frozen";

    /// <summary>A number that is not one of the fulfilment codes (HTTP 422, lists the valid codes).</summary>
    public const string UnknownFulfilmentCode = "unknown_fulfilment_code";

    /// <summary>Collection status on an order that has not been paid (HTTP 409).</summary>
    public const string NotPaid = "not_paid";

    /// <summary>HTTP 404.</summary>
    public const string ItemNotFound = "item_not_found";

    /// <summary>HTTP 404.</summary>
    public const string TrackingNotFound = "tracking_not_found";

    /// <summary>The order already has a tracking with that number (HTTP 409).</summary>
    public const string DuplicateTracking = "duplicate_tracking";

    /// <summary>An input breaks an invariant of the aggregate: quantity ≤ 0, unknown currency … (HTTP 422).</summary>
    public const string InvalidArgument = "invalid_argument";
}

/// <summary>
/// The one exception the domain throws when a request breaks an order rule.
/// The API turns it into a problem details response keyed by <see cref="Code"/>.
/// </summary>
[SuppressMessage(
    "Naming",
    "CA1710:Identifiers should have correct suffix",
    Justification = "A rule violation is an expected business outcome, named as such in the design.")]
public sealed class OrderRuleViolation : Exception
{
    public OrderRuleViolation()
        : this(OrderRuleCodes.InvalidArgument, "The request breaks an order rule.")
    {
    }

    public OrderRuleViolation(string message)
        : this(OrderRuleCodes.InvalidArgument, message)
    {
    }

    public OrderRuleViolation(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = OrderRuleCodes.InvalidArgument;
    }

    public OrderRuleViolation(
        string code,
        string message,
        OrderState? currentState = null,
        IEnumerable<OrderState>? allowedNext = null,
        IEnumerable<int>? validFulfilmentCodes = null)
        : base(message)
    {
        Code = code;
        CurrentState = currentState;
        AllowedNextStates = [.. allowedNext ?? []];
        ValidFulfilmentCodes = [.. validFulfilmentCodes ?? []];
    }

    /// <summary>One of <see cref="OrderRuleCodes"/>.</summary>
    public string Code { get; }

    public OrderState? CurrentState { get; }

    /// <summary>Wire name of <see cref="CurrentState"/>, e.g. <c>in_fulfilment</c>.</summary>
    public string? CurrentStatus => CurrentState?.ToWireName();

    public IReadOnlyList<OrderState> AllowedNextStates { get; } = [];

    /// <summary>Wire names of the statuses the order may move to right now (holds considered).</summary>
    public IReadOnlyList<string> AllowedNext => [.. AllowedNextStates.Select(s => s.ToWireName())];

    /// <summary>Filled for <see cref="OrderRuleCodes.UnknownFulfilmentCode"/>.</summary>
    public IReadOnlyList<int> ValidFulfilmentCodes { get; } = [];

    internal static OrderRuleViolation InvalidArgument(string message) =>
        new(OrderRuleCodes.InvalidArgument, message);

    internal static OrderRuleViolation UnknownFulfilmentCode(int code) =>
        new(
            OrderRuleCodes.UnknownFulfilmentCode,
            string.Create(
                CultureInfo.InvariantCulture,
                $"{code} is not a fulfilment code. Valid codes: {string.Join(", ", FulfilmentCode.Values)}."),
            validFulfilmentCodes: FulfilmentCode.Values);
}
