namespace OrderStatus.Application.Access;

/// <summary>
/// A secret the service generated for itself and shares between replicas through the database
/// (the token signing key when none is configured, in Development and Testing only).
/// </summary>
public sealed class ServiceKey
{
    public required string Name { get; init; }

    public required byte[] KeyMaterial { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
