using OrderStatus.Application.Persistence;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Statuses;

/// <summary>A merchant's own status label (SPEC section 5); setting one with an effect also moves the order.</summary>
public sealed class CustomStatus : ITenantOwned
{
    public Guid Id { get; init; }

    public Guid MerchantId { get; init; }

    /// <summary>The integer alias per merchant (Retailys <c>status_id</c>), increasing, never reused.</summary>
    public int Number { get; init; }

    public required string Name { get; set; }

    /// <summary>A CSS colour such as <c>#1e90ff</c>, for dashboards.</summary>
    public string? Color { get; set; }

    public string? Icon { get; set; }

    public int Sort { get; set; }

    public CustomStatusEffect Effect { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}
