namespace OrderStatus.Application.Access;

/// <summary>A tenant: every order, webhook and event belongs to exactly one merchant.</summary>
public sealed class Merchant
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    /// <summary>PLACEHOLDER until the Numbers seam lands.</summary>
    public long AccountNumber { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
