namespace OrderStatus.Domain.Orders;

/// <summary>Trackings (parcels) and their carrier checkpoints; the last open parcel delivered delivers a sent order.</summary>
public sealed partial class Order
{
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

        var tracking = Tracking.Create(valid, ++LastTrackingNumber, now);
        _trackings.Add(tracking);
        Commit([NewEvent(OrderEventTypes.TrackingAdded, now, tracking.ToData())], now);
        return tracking;
    }

    /// <exception cref="OrderRuleViolation">tracking_not_found.</exception>
    public IReadOnlyList<OrderEvent> RemoveTracking(TrackingKey key, DateTimeOffset now)
    {
        var tracking = GetTracking(key);
        _trackings.Remove(tracking);
        return Commit([NewEvent(OrderEventTypes.TrackingRemoved, now, tracking.ToData())], now);
    }

    /// <summary>
    /// Records a checkpoint and sets the tracking's lifecycle (from the latest checkpoint by time). A Delivered
    /// checkpoint moves a sent order to delivered when every other tracking is closed
    /// (<see cref="TrackingLifecycles.IsClosed"/>) and the order is not on hold; the move goes through the
    /// lifecycle table like any other and is recorded as STATUS_CHANGED in the same change. On a held order the
    /// move waits for the release (<see cref="ReleaseHold"/>).
    /// </summary>
    /// <exception cref="OrderRuleViolation">tracking_not_found or invalid_argument.</exception>
    public Checkpoint AddCheckpoint(TrackingKey key, CheckpointDetails details, DateTimeOffset now)
    {
        if (!Enum.IsDefined(details.Status))
        {
            throw OrderRuleViolation.InvalidArgument($"'{details.Status}' is not a tracking lifecycle.");
        }

        var tracking = GetTracking(key);
        var checkpoint = tracking.AddCheckpoint(details, now);
        var data = new CheckpointAddedData(
            tracking.Id,
            tracking.TrackingNumber,
            tracking.Carrier,
            tracking.TrackingUrl,
            checkpoint.Id,
            checkpoint.Status.ToString(),
            checkpoint.StatusText,
            checkpoint.Location,
            checkpoint.OccurredAt,
            tracking.Lifecycle.ToString());
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
                new StatusChangedData { Trigger = "checkpoint", TrackingId = tracking.Id });
        }

        Commit(events, now);
        return checkpoint;
    }

    /// <summary>Every parcel has stopped moving and at least one reached the customer.</summary>
    private bool ParcelsDelivered() =>
        _trackings.Count > 0
        && _trackings.TrueForAll(t => t.Lifecycle.IsClosed())
        && _trackings.Exists(t => t.Lifecycle == TrackingLifecycle.Delivered);

    private void AddTrackingIfNew(TrackingDetails? details, DateTimeOffset now, List<OrderEvent> events)
    {
        if (details is null || FindTracking(details.TrackingNumber) is not null)
        {
            return;
        }

        var tracking = Tracking.Create(details, ++LastTrackingNumber, now);
        _trackings.Add(tracking);
        events.Add(NewEvent(OrderEventTypes.TrackingAdded, now, tracking.ToData()));
    }

    private Tracking? FindTracking(string trackingNumber) =>
        _trackings.Find(t => string.Equals(t.TrackingNumber, trackingNumber, StringComparison.Ordinal));

    /// <summary>The tracking with that id or number.</summary>
    /// <exception cref="OrderRuleViolation">tracking_not_found.</exception>
    public Tracking GetTracking(TrackingKey key) =>
        _trackings.Find(key.Matches)
        ?? throw new OrderRuleViolation(OrderRuleCodes.TrackingNotFound, $"The order has no tracking {key}.");

    private static TrackingDetails Validate(TrackingDetails tracking) =>
        string.IsNullOrWhiteSpace(tracking.TrackingNumber)
            ? throw OrderRuleViolation.InvalidArgument("A tracking needs a tracking number.")
            : tracking with { TrackingNumber = tracking.TrackingNumber.Trim() };
}
