using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OrderStatus.Application.Persistence.Migrations;

/// <summary>Merchants (tenants) and their API clients.</summary>
[DbContext(typeof(OrdersDbContext))]
[Migration("20261122000100_Access")]
public sealed class Access : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE merchants (
                id uuid NOT NULL,
                name character varying(200) NOT NULL,
                created_at timestamp with time zone NOT NULL,
                CONSTRAINT pk_merchants PRIMARY KEY (id)
            );

            CREATE TABLE api_clients (
                id uuid NOT NULL,
                client_id character varying(64) NOT NULL,
                merchant_id uuid NOT NULL,
                name character varying(200) NOT NULL,
                secret_salt bytea NOT NULL,
                secret_hash bytea NOT NULL,
                scopes text[] NOT NULL,
                created_at timestamp with time zone NOT NULL,
                last_used_at timestamp with time zone,
                revoked_at timestamp with time zone,
                secret_changed_at timestamp with time zone NOT NULL,
                CONSTRAINT pk_api_clients PRIMARY KEY (id),
                CONSTRAINT fk_api_clients_merchants_merchant_id FOREIGN KEY (merchant_id) REFERENCES merchants (id) ON DELETE RESTRICT
            );

            CREATE UNIQUE INDEX ix_api_clients_client_id ON api_clients (client_id);
            CREATE INDEX ix_api_clients_merchant_id ON api_clients (merchant_id);
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TABLE api_clients;
            DROP TABLE merchants;
            """);
    }
}
