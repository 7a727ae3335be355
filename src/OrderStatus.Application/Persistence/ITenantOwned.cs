namespace OrderStatus.Application.Persistence;

/// <summary>
/// Marks an entity that belongs to one merchant. <see cref="OrdersDbContext"/> gives every such
/// entity a query filter on the current merchant and stamps new rows with it, so an endpoint cannot
/// forget the tenant: another merchant's rows are simply not found (404, like unknown ids).
/// </summary>
public interface ITenantOwned
{
    Guid MerchantId { get; set; }
}
