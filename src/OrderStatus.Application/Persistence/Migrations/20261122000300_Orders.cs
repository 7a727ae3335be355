using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OrderStatus.Application.Persistence.Migrations;

/// <summary>
/// Orders (one row per aggregate: items and trackings as jsonb) and the merchants' custom statuses.
/// The indexes and the storage choice are explained in docs/decisions/0005-order-indexes.md.
/// </summary>
[DbContext(typeof(OrdersDbContext))]
[Migration("20261122000300_Orders")]
public sealed class Orders : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE custom_statuses (
                id uuid NOT NULL,
                merchant_id uuid NOT NULL,
                name character varying(100) NOT NULL,
                color character varying(32),
                icon character varying(100),
                sort integer NOT NULL,
                effect character varying(16) NOT NULL,
                created_at timestamp with time zone NOT NULL,
                updated_at timestamp with time zone NOT NULL,
                CONSTRAINT pk_custom_statuses PRIMARY KEY (id),
                CONSTRAINT fk_custom_statuses_merchants_merchant_id FOREIGN KEY (merchant_id) REFERENCES merchants (id) ON DELETE RESTRICT
            );
            CREATE INDEX ix_custom_statuses_merchant_id_sort ON custom_statuses (merchant_id, sort);

            CREATE TABLE orders (
                id uuid NOT NULL,
                merchant_id uuid NOT NULL,
                reference character varying(100) NOT NULL,
                external_order_id character varying(100),
                customer_number character varying(100),
                channel character varying(100),
                currency character(3) NOT NULL,
                total numeric(19,4) NOT NULL,
                paid_amount numeric(19,4),
                payment_reference character varying(200),
                payment_url character varying(2048),
                status character varying(32) NOT NULL,
                fulfilment_code integer,
                custom_status_id uuid,
                on_hold boolean NOT NULL,
                hold_reasons text[] NOT NULL,
                collection_status character varying(16),
                cancel_reason character varying(1000),
                status_callback_url character varying(2048),
                created_at timestamp with time zone NOT NULL,
                updated_at timestamp with time zone NOT NULL,
                client_created_at timestamp with time zone,
                client_updated_at timestamp with time zone,
                version bigint NOT NULL,
                customer_email character varying(320),
                tracking_numbers text[] NOT NULL,
                billing_address jsonb,
                customer jsonb NOT NULL,
                items jsonb NOT NULL,
                shipping_address jsonb,
                trackings jsonb NOT NULL,
                CONSTRAINT pk_orders PRIMARY KEY (id),
                CONSTRAINT fk_orders_custom_statuses_custom_status_id FOREIGN KEY (custom_status_id) REFERENCES custom_statuses (id) ON DELETE RESTRICT,
                CONSTRAINT fk_orders_merchants_merchant_id FOREIGN KEY (merchant_id) REFERENCES merchants (id) ON DELETE RESTRICT
            );
            CREATE INDEX ix_orders_custom_status_id ON orders (custom_status_id);
            CREATE INDEX ix_orders_merchant_id_channel_created_at ON orders (merchant_id, channel, created_at DESC) WHERE channel IS NOT NULL;
            CREATE INDEX ix_orders_merchant_id_created_at_id ON orders (merchant_id, created_at DESC, id DESC);
            CREATE INDEX ix_orders_merchant_id_customer_email ON orders (merchant_id, customer_email) WHERE customer_email IS NOT NULL;
            CREATE INDEX ix_orders_merchant_id_customer_number ON orders (merchant_id, customer_number) WHERE customer_number IS NOT NULL;
            CREATE INDEX ix_orders_merchant_id_external_order_id ON orders (merchant_id, external_order_id) WHERE external_order_id IS NOT NULL;
            CREATE UNIQUE INDEX ix_orders_merchant_id_reference ON orders (merchant_id, reference);
            CREATE INDEX ix_orders_merchant_id_status_created_at_id ON orders (merchant_id, status, created_at DESC, id DESC);
            CREATE INDEX ix_orders_on_hold ON orders (merchant_id, created_at DESC, id DESC) WHERE on_hold;
            CREATE INDEX ix_orders_tracking_numbers ON orders USING gin (tracking_numbers);
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TABLE orders;
            DROP TABLE custom_statuses;
            """);
    }
}
