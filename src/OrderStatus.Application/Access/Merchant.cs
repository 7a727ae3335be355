namespace OrderStatus.Application.Access;

/// <summary>A tenant: every order, webhook and event belongs to exactly one merchant.</summary>
public sealed class Merchant
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>
    /// The merchant's integer alias, global and increasing (an identity column; never reused). Dialects whose
    /// account or client ids are integers (parcelLab <c>account</c>, Pitney Bowes <c>clientId</c>) use it.
    /// </summary>
    public long AccountNumber { get; private set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}
