using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OrderStatus.Application.Persistence.Migrations;

/// <summary>Keys the service generates for itself and shares between replicas (the Development token signing key).</summary>
[DbContext(typeof(OrdersDbContext))]
[Migration("20261122000200_ServiceKeys")]
public sealed class ServiceKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE service_keys (
                name character varying(100) NOT NULL,
                key_material bytea NOT NULL,
                created_at timestamp with time zone NOT NULL,
                CONSTRAINT pk_service_keys PRIMARY KEY (name)
            );
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TABLE service_keys;");
    }
}
