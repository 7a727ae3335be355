namespace OrderStatus.Application.Persistence;

/// <summary>
/// Marks an entity that belongs to one merchant. <see cref="OrdersDbContext"/> gives every such
/// entity a query filter on the caller's merchant; code that must cross tenants (the webhook
/// dispatcher, operator commands) says so with <c>IgnoreQueryFilters()</c>.
/// </summary>
public interface ITenantOwned
{
    Guid MerchantId { get; }
}
