using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace OrderStatus.Application.Persistence;

/// <summary>
/// The context <c>dotnet ef migrations add</c> builds: the service's own options on a data source
/// that is never opened, so generating a migration needs no database and starts no embedded cluster
/// (the tool uses this instead of the service's DI, whose connection is decided at start-up).
/// </summary>
internal sealed class DesignTimeOrdersDbContextFactory : IDesignTimeDbContextFactory<OrdersDbContext>
{
    public OrdersDbContext CreateDbContext(string[] args)
    {
        // Commands that do need a server (`dotnet ef database update`, `migrations list`) take it from
        // the same setting the service reads.
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Orders") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Database=orderstatus_design_time";
        var options = new DbContextOptionsBuilder<OrdersDbContext>();
        OrdersDbContext.Configure(options, NpgsqlDataSource.Create(connectionString));
        return new OrdersDbContext(options.Options);
    }
}
