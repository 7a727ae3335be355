using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OrderStatus.Application.Persistence.Migrations;

/// <summary>Stored first responses for Idempotency-Key replays.</summary>
[DbContext(typeof(OrdersDbContext))]
[Migration("20261122000500_Idempotency")]
public sealed class Idempotency : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE idempotency_records (
                merchant_id uuid NOT NULL,
                key character varying(255) NOT NULL,
                request_hash bytea NOT NULL,
                status_code integer,
                content_type character varying(200),
                response_headers text,
                response_body bytea,
                created_at timestamp with time zone NOT NULL,
                expires_at timestamp with time zone NOT NULL,
                CONSTRAINT pk_idempotency_records PRIMARY KEY (merchant_id, key)
            );
            CREATE INDEX ix_idempotency_records_expires_at ON idempotency_records (expires_at);
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TABLE idempotency_records;");
    }
}
