using System.Diagnostics.CodeAnalysis;

namespace OrderStatus.Domain.Orders;

public enum FulfilmentEffect
{
    /// <summary>The code moves the order to <see cref="FulfilmentCode.TargetState"/>.</summary>
    StatusChange,

    /// <summary>The code places a hold with <see cref="FulfilmentCode.HoldReason"/>.</summary>
    Hold,
}

/// <summary>The numeric fulfilment codes of SPEC section 4.</summary>
public sealed class FulfilmentCode
{
    public const string QcQueryHoldReason = "QC_QUERY";
    public const string OnHoldHoldReason = "ON_HOLD";

    private FulfilmentCode(int value, string name, OrderState? targetState, string? holdReason)
    {
        Value = value;
        Name = name;
        TargetState = targetState;
        HoldReason = holdReason;
    }

    public int Value { get; }

    public string Name { get; }

    public FulfilmentEffect Effect => TargetState is null ? FulfilmentEffect.Hold : FulfilmentEffect.StatusChange;

    /// <summary>Set when <see cref="Effect"/> is <see cref="FulfilmentEffect.StatusChange"/>.</summary>
    public OrderState? TargetState { get; }

    /// <summary>Set when <see cref="Effect"/> is <see cref="FulfilmentEffect.Hold"/>: the default reason.</summary>
    public string? HoldReason { get; }

    /// <summary>Only code 256 lets the caller replace the default hold reason.</summary>
    public bool AcceptsCustomHoldReason => Value == 256;

    /// <summary>All codes in ascending order.</summary>
    public static IReadOnlyList<FulfilmentCode> All { get; } =
    [
        new(8, "Dispatched", OrderState.Sent, null),
        new(32, "QC Query", null, QcQueryHoldReason),
        new(64, "Dispatched (Retailer Notified)", OrderState.Sent, null),
        new(128, "Cancelled", OrderState.Cancelled, null),
        new(256, "On Hold", null, OnHoldHoldReason),
        new(512, "Sent to Supplier", OrderState.InFulfilment, null),
        new(513, "Received by Supplier", OrderState.InFulfilment, null),
        new(515, "Sent to Shipper", OrderState.InFulfilment, null),
        new(516, "Received by Shipper", OrderState.InFulfilment, null),
    ];

    public static IReadOnlyList<int> Values { get; } = [.. All.Select(c => c.Value)];

    public static bool TryGet(int value, [NotNullWhen(true)] out FulfilmentCode? code)
    {
        code = All.FirstOrDefault(c => c.Value == value);
        return code is not null;
    }

    public override string ToString() => $"{Value} {Name}";
}
