using OrderStatus.Application.CustomerTracking;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.CustomerTracking;

internal enum StepState
{
    Done,
    Current,
    Upcoming,
}

internal sealed record ProgressStep(string Key, string Label, StepState State);

/// <summary>
/// The four steps a customer sees (ordered → processing → shipped → delivered) and where the order
/// is on them; the page, the widget and the JSON all show the same.
/// </summary>
internal static class TrackingProgress
{
    public static readonly IReadOnlyList<string> Keys = ["ordered", "processing", "shipped", "delivered"];

    /// <summary>Index of the step the order is at; -1 for a cancelled order (no step is current).</summary>
    public static int CurrentIndex(OrderState state) => state switch
    {
        OrderState.Created => 0,
        OrderState.Paid or OrderState.InFulfilment => 1,
        OrderState.Sent => 2,
        OrderState.Delivered or OrderState.Done => 3,
        _ => -1,
    };

    public static IReadOnlyList<ProgressStep> Steps(CustomerOrderView order, TrackingTexts texts)
    {
        var current = CurrentIndex(order.State);
        var finished = order.State is OrderState.Delivered or OrderState.Done;
        return [.. Keys.Select((key, i) => new ProgressStep(key, texts.Steps[i], StateOf(i, current, finished)))];
    }

    /// <summary>"Step 3 of 4: Shipped", or the cancelled status, for screen readers and the widget's description.</summary>
    public static string Summary(CustomerOrderView order, TrackingTexts texts)
    {
        var current = CurrentIndex(order.State);
        return current < 0
            ? texts.Status(order.State)
            : TrackingTexts.Format(texts.StepOf, current + 1, Keys.Count, texts.Steps[current]);
    }

    /// <summary>The status line: the order's status, with the newest parcel's stage while it is on its way.</summary>
    public static string StatusLine(CustomerOrderView order, TrackingTexts texts)
    {
        var status = texts.Status(order.State);
        if (order.State == OrderState.Sent
            && order.Trackings.SelectMany(t => t.Checkpoints).OrderByDescending(c => c.OccurredAt).FirstOrDefault() is { } latest
            && latest.Status is not TrackingLifecycle.Pending)
        {
            return status + " · " + texts.Lifecycle(latest.Status);
        }

        return status;
    }

    private static StepState StateOf(int index, int current, bool finished)
    {
        if (current < 0)
        {
            return index == 0 ? StepState.Done : StepState.Upcoming;
        }

        if (index < current || (finished && index == current))
        {
            return StepState.Done;
        }

        return index == current ? StepState.Current : StepState.Upcoming;
    }
}
