using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OrderStatus.Application.Persistence.Migrations;

/// <summary>The append-only order history and the transactional outbox that feeds webhooks.</summary>
[DbContext(typeof(OrdersDbContext))]
[Migration("20261122000150_History")]
public sealed class History : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE order_events (
                id uuid NOT NULL,
                sequence bigint GENERATED ALWAYS AS IDENTITY,
                merchant_id uuid NOT NULL,
                order_id uuid NOT NULL,
                type character varying(64) NOT NULL,
                from_status character varying(32),
                to_status character varying(32),
                code integer,
                data jsonb NOT NULL,
                actor_client_id character varying(64),
                request_id character varying(128),
                occurred_at timestamp with time zone NOT NULL,
                order_version bigint NOT NULL,
                CONSTRAINT pk_order_events PRIMARY KEY (id),
                CONSTRAINT ak_order_events_sequence UNIQUE (sequence)
            );
            CREATE INDEX ix_order_events_order_id_sequence ON order_events (order_id, sequence);

            CREATE TABLE outbox_messages (
                id bigint GENERATED ALWAYS AS IDENTITY,
                merchant_id uuid NOT NULL,
                order_id uuid NOT NULL,
                event_id uuid NOT NULL,
                event_type character varying(64) NOT NULL,
                payload jsonb NOT NULL,
                status_callback_url character varying(2048),
                created_at timestamp with time zone NOT NULL,
                dispatched_at timestamp with time zone,
                CONSTRAINT pk_outbox_messages PRIMARY KEY (id)
            );
            CREATE INDEX ix_outbox_messages_pending ON outbox_messages (id) WHERE dispatched_at IS NULL;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TABLE outbox_messages;
            DROP TABLE order_events;
            """);
    }
}
