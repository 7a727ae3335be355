using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OrderStatus.Application.Persistence.Migrations;

/// <summary>
/// Webhook subscriptions, deliveries and their attempts, the merchants' callback secrets, and for the
/// change feed: the writing transaction's id on every history event plus a NOTIFY when one commits.
/// </summary>
[DbContext(typeof(OrdersDbContext))]
[Migration("20261122000400_Webhooks")]
public sealed class Webhooks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE order_events ADD tx_id bigint NOT NULL DEFAULT ((pg_current_xact_id()::text)::bigint);
            CREATE INDEX ix_order_events_merchant_id_tx_id_sequence ON order_events (merchant_id, tx_id, sequence);

            CREATE TABLE merchant_callback_secrets (
                merchant_id uuid NOT NULL,
                secret character varying(100) NOT NULL,
                created_at timestamp with time zone NOT NULL,
                rotated_at timestamp with time zone NOT NULL,
                CONSTRAINT pk_merchant_callback_secrets PRIMARY KEY (merchant_id),
                CONSTRAINT fk_merchant_callback_secrets_merchants_merchant_id FOREIGN KEY (merchant_id) REFERENCES merchants (id) ON DELETE CASCADE
            );

            CREATE TABLE webhook_subscriptions (
                id uuid NOT NULL,
                merchant_id uuid NOT NULL,
                url character varying(2048) NOT NULL,
                event_types text[] NOT NULL,
                description character varying(500),
                active boolean NOT NULL,
                secret character varying(100) NOT NULL,
                created_at timestamp with time zone NOT NULL,
                updated_at timestamp with time zone NOT NULL,
                consecutive_failures integer NOT NULL,
                disabled_at timestamp with time zone,
                disabled_reason character varying(500),
                CONSTRAINT pk_webhook_subscriptions PRIMARY KEY (id),
                CONSTRAINT fk_webhook_subscriptions_merchants_merchant_id FOREIGN KEY (merchant_id) REFERENCES merchants (id) ON DELETE RESTRICT
            );
            CREATE INDEX ix_webhook_subscriptions_merchant_id ON webhook_subscriptions (merchant_id);

            CREATE TABLE webhook_deliveries (
                id uuid NOT NULL,
                merchant_id uuid NOT NULL,
                subscription_id uuid,
                outbox_message_id bigint NOT NULL,
                event_id uuid NOT NULL,
                event_type character varying(64) NOT NULL,
                order_id uuid NOT NULL,
                url character varying(2048) NOT NULL,
                payload jsonb NOT NULL,
                state character varying(16) NOT NULL,
                attempt_count integer NOT NULL,
                next_attempt_at timestamp with time zone,
                locked_until timestamp with time zone,
                created_at timestamp with time zone NOT NULL,
                completed_at timestamp with time zone,
                last_status_code integer,
                last_latency_ms integer,
                last_error character varying(1000),
                redelivery_of uuid,
                CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id),
                CONSTRAINT fk_webhook_deliveries_webhook_subscriptions_subscription_id FOREIGN KEY (subscription_id) REFERENCES webhook_subscriptions (id) ON DELETE CASCADE
            );
            CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'Pending';
            CREATE INDEX ix_webhook_deliveries_merchant_id_state_created_at ON webhook_deliveries (merchant_id, state, created_at);
            CREATE INDEX ix_webhook_deliveries_order_id_outbox_message_id ON webhook_deliveries (order_id, outbox_message_id);
            CREATE INDEX ix_webhook_deliveries_subscription_id_created_at ON webhook_deliveries (subscription_id, created_at);

            CREATE TABLE webhook_delivery_attempts (
                id bigint GENERATED ALWAYS AS IDENTITY,
                delivery_id uuid NOT NULL,
                merchant_id uuid NOT NULL,
                number integer NOT NULL,
                attempted_at timestamp with time zone NOT NULL,
                status_code integer,
                latency_ms integer NOT NULL,
                error character varying(1000),
                succeeded boolean NOT NULL,
                next_attempt_at timestamp with time zone,
                CONSTRAINT pk_webhook_delivery_attempts PRIMARY KEY (id),
                CONSTRAINT fk_webhook_delivery_attempts_webhook_deliveries_delivery_id FOREIGN KEY (delivery_id) REFERENCES webhook_deliveries (id) ON DELETE CASCADE
            );
            CREATE INDEX ix_webhook_delivery_attempts_delivery_id_number ON webhook_delivery_attempts (delivery_id, number);
            """);
        migrationBuilder.Sql(DatabaseObjects.CreateOrderEventsNotify);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(DatabaseObjects.DropOrderEventsNotify);
        migrationBuilder.Sql("""
            DROP TABLE webhook_delivery_attempts;
            DROP TABLE webhook_deliveries;
            DROP TABLE webhook_subscriptions;
            DROP TABLE merchant_callback_secrets;
            DROP INDEX ix_order_events_merchant_id_tx_id_sequence;
            ALTER TABLE order_events DROP COLUMN tx_id;
            """);
    }
}
