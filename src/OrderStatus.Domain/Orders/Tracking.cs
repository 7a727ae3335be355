namespace OrderStatus.Domain.Orders;

/// <summary>A parcel of an order with its carrier checkpoints. Changed only through <see cref="Order"/>.</summary>
public sealed class Tracking
{
    private readonly List<Checkpoint> _checkpoints = [];

    private Tracking()
    {
        TrackingNumber = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>1, 2, 3 … within the order, in the order trackings were added; never reused after a removal.</summary>
    public int Number { get; private set; }

    public string? Carrier { get; private set; }

    public string TrackingNumber { get; private set; }

    public string? TrackingUrl { get; private set; }

    /// <summary>The status of the latest checkpoint by <see cref="Checkpoint.OccurredAt"/>; Pending without any.</summary>
    public TrackingLifecycle Lifecycle { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>In the order they were received.</summary>
    public IReadOnlyList<Checkpoint> Checkpoints => _checkpoints;

    internal static Tracking Create(TrackingDetails details, int number, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Number = number,
        TrackingNumber = details.TrackingNumber.Trim(),
        Carrier = details.Carrier,
        TrackingUrl = details.TrackingUrl,
        Lifecycle = TrackingLifecycle.Pending,
        CreatedAt = now,
    };

    internal Checkpoint AddCheckpoint(CheckpointDetails details, DateTimeOffset now)
    {
        var checkpoint = Checkpoint.Create(details, now);
        // Carriers deliver checkpoints out of order: the lifecycle follows the latest event, not the latest message.
        var isLatest = _checkpoints.TrueForAll(c => c.OccurredAt <= checkpoint.OccurredAt);
        _checkpoints.Add(checkpoint);
        if (isLatest)
        {
            Lifecycle = checkpoint.Status;
        }

        return checkpoint;
    }

    internal TrackingEventData ToData() => new(Id, TrackingNumber, Carrier, TrackingUrl);
}

/// <summary>One carrier scan of a <see cref="Tracking"/>.</summary>
public sealed class Checkpoint
{
    private Checkpoint()
    {
    }

    public Guid Id { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public TrackingLifecycle Status { get; private set; }

    public string? StatusText { get; private set; }

    public string? Location { get; private set; }

    internal static Checkpoint Create(CheckpointDetails details, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OccurredAt = details.OccurredAt,
        Status = details.Status,
        StatusText = details.StatusText,
        Location = details.Location,
    };
}
