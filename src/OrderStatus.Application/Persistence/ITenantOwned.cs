namespace OrderStatus.Application.Persistence;

/// <summary>
/// Marks an application entity that belongs to one merchant. <see cref="OrdersDbContext"/> filters
/// every entity with a <c>MerchantId</c> (this marker or not — domain types cannot reference it) on
/// the caller's merchant and stamps new rows with it, so an endpoint cannot forget the tenant:
/// another merchant's rows are simply not found (404, like unknown ids).
/// </summary>
public interface ITenantOwned
{
    Guid MerchantId { get; }
}
