using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderStatus.Application.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CitusReadyKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_orders_custom_statuses_custom_status_id",
                table: "orders");

            migrationBuilder.DropForeignKey(
                name: "fk_webhook_deliveries_webhook_subscriptions_subscription_id",
                table: "webhook_deliveries");

            migrationBuilder.DropForeignKey(
                name: "fk_webhook_delivery_attempts_webhook_deliveries_delivery_id",
                table: "webhook_delivery_attempts");

            migrationBuilder.DropPrimaryKey(
                name: "pk_webhook_subscriptions",
                table: "webhook_subscriptions");

            migrationBuilder.DropPrimaryKey(
                name: "pk_webhook_delivery_attempts",
                table: "webhook_delivery_attempts");

            migrationBuilder.DropPrimaryKey(
                name: "pk_webhook_deliveries",
                table: "webhook_deliveries");

            migrationBuilder.DropPrimaryKey(
                name: "pk_outbox_messages",
                table: "outbox_messages");

            migrationBuilder.DropPrimaryKey(
                name: "pk_orders",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_orders_custom_status_id",
                table: "orders");

            migrationBuilder.DropUniqueConstraint(
                name: "ak_order_events_sequence",
                table: "order_events");

            migrationBuilder.DropPrimaryKey(
                name: "pk_order_events",
                table: "order_events");

            migrationBuilder.DropPrimaryKey(
                name: "pk_custom_statuses",
                table: "custom_statuses");

            migrationBuilder.AddPrimaryKey(
                name: "pk_webhook_subscriptions",
                table: "webhook_subscriptions",
                columns: new[] { "id", "merchant_id" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_webhook_delivery_attempts",
                table: "webhook_delivery_attempts",
                columns: new[] { "id", "merchant_id" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_webhook_deliveries",
                table: "webhook_deliveries",
                columns: new[] { "id", "merchant_id" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_outbox_messages",
                table: "outbox_messages",
                columns: new[] { "id", "merchant_id" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_orders",
                table: "orders",
                columns: new[] { "id", "merchant_id" });

            migrationBuilder.AddUniqueConstraint(
                name: "ak_order_events_sequence_merchant_id",
                table: "order_events",
                columns: new[] { "sequence", "merchant_id" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_order_events",
                table: "order_events",
                columns: new[] { "id", "merchant_id" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_custom_statuses",
                table: "custom_statuses",
                columns: new[] { "id", "merchant_id" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_delivery_attempts_delivery_id_merchant_id",
                table: "webhook_delivery_attempts",
                columns: new[] { "delivery_id", "merchant_id" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_subscription_id_merchant_id",
                table: "webhook_deliveries",
                columns: new[] { "subscription_id", "merchant_id" });

            migrationBuilder.CreateIndex(
                name: "ix_orders_custom_status_id_merchant_id",
                table: "orders",
                columns: new[] { "custom_status_id", "merchant_id" });

            migrationBuilder.AddForeignKey(
                name: "fk_orders_custom_statuses_custom_status_id_merchant_id",
                table: "orders",
                columns: new[] { "custom_status_id", "merchant_id" },
                principalTable: "custom_statuses",
                principalColumns: new[] { "id", "merchant_id" },
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_webhook_deliveries_webhook_subscriptions_subscription_id_me",
                table: "webhook_deliveries",
                columns: new[] { "subscription_id", "merchant_id" },
                principalTable: "webhook_subscriptions",
                principalColumns: new[] { "id", "merchant_id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_webhook_delivery_attempts_webhook_deliveries_delivery_id_me",
                table: "webhook_delivery_attempts",
                columns: new[] { "delivery_id", "merchant_id" },
                principalTable: "webhook_deliveries",
                principalColumns: new[] { "id", "merchant_id" },
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_orders_custom_statuses_custom_status_id_merchant_id",
                table: "orders");

            migrationBuilder.DropForeignKey(
                name: "fk_webhook_deliveries_webhook_subscriptions_subscription_id_me",
                table: "webhook_deliveries");

            migrationBuilder.DropForeignKey(
                name: "fk_webhook_delivery_attempts_webhook_deliveries_delivery_id_me",
                table: "webhook_delivery_attempts");

            migrationBuilder.DropPrimaryKey(
                name: "pk_webhook_subscriptions",
                table: "webhook_subscriptions");

            migrationBuilder.DropPrimaryKey(
                name: "pk_webhook_delivery_attempts",
                table: "webhook_delivery_attempts");

            migrationBuilder.DropIndex(
                name: "ix_webhook_delivery_attempts_delivery_id_merchant_id",
                table: "webhook_delivery_attempts");

            migrationBuilder.DropPrimaryKey(
                name: "pk_webhook_deliveries",
                table: "webhook_deliveries");

            migrationBuilder.DropIndex(
                name: "ix_webhook_deliveries_subscription_id_merchant_id",
                table: "webhook_deliveries");

            migrationBuilder.DropPrimaryKey(
                name: "pk_outbox_messages",
                table: "outbox_messages");

            migrationBuilder.DropPrimaryKey(
                name: "pk_orders",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_orders_custom_status_id_merchant_id",
                table: "orders");

            migrationBuilder.DropUniqueConstraint(
                name: "ak_order_events_sequence_merchant_id",
                table: "order_events");

            migrationBuilder.DropPrimaryKey(
                name: "pk_order_events",
                table: "order_events");

            migrationBuilder.DropPrimaryKey(
                name: "pk_custom_statuses",
                table: "custom_statuses");

            migrationBuilder.AddPrimaryKey(
                name: "pk_webhook_subscriptions",
                table: "webhook_subscriptions",
                column: "id");

            migrationBuilder.AddPrimaryKey(
                name: "pk_webhook_delivery_attempts",
                table: "webhook_delivery_attempts",
                column: "id");

            migrationBuilder.AddPrimaryKey(
                name: "pk_webhook_deliveries",
                table: "webhook_deliveries",
                column: "id");

            migrationBuilder.AddPrimaryKey(
                name: "pk_outbox_messages",
                table: "outbox_messages",
                column: "id");

            migrationBuilder.AddPrimaryKey(
                name: "pk_orders",
                table: "orders",
                column: "id");

            migrationBuilder.AddUniqueConstraint(
                name: "ak_order_events_sequence",
                table: "order_events",
                column: "sequence");

            migrationBuilder.AddPrimaryKey(
                name: "pk_order_events",
                table: "order_events",
                column: "id");

            migrationBuilder.AddPrimaryKey(
                name: "pk_custom_statuses",
                table: "custom_statuses",
                column: "id");

            migrationBuilder.CreateIndex(
                name: "ix_orders_custom_status_id",
                table: "orders",
                column: "custom_status_id");

            migrationBuilder.AddForeignKey(
                name: "fk_orders_custom_statuses_custom_status_id",
                table: "orders",
                column: "custom_status_id",
                principalTable: "custom_statuses",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_webhook_deliveries_webhook_subscriptions_subscription_id",
                table: "webhook_deliveries",
                column: "subscription_id",
                principalTable: "webhook_subscriptions",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_webhook_delivery_attempts_webhook_deliveries_delivery_id",
                table: "webhook_delivery_attempts",
                column: "delivery_id",
                principalTable: "webhook_deliveries",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
