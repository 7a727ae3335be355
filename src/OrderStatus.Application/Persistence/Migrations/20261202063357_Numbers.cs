using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OrderStatus.Application.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Numbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "last_item_number",
                table: "orders",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "last_tracking_number",
                table: "orders",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "number",
                table: "orders",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "account_number",
                table: "merchants",
                type: "bigint",
                nullable: false,
                defaultValue: 0L)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

            migrationBuilder.AddColumn<int>(
                name: "number",
                table: "custom_statuses",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "merchant_counters",
                columns: table => new
                {
                    merchant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    last_order_number = table.Column<long>(type: "bigint", nullable: false),
                    last_custom_status_number = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_merchant_counters", x => x.merchant_id);
                    table.ForeignKey(
                        name: "fk_merchant_counters_merchants_merchant_id",
                        column: x => x.merchant_id,
                        principalTable: "merchants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Existing rows get their numbers in creation order (docs/decisions/0009-numbers-and-order-keys.md), every merchant a
            // counter that continues after them, and the columns lose the placeholder default the additions needed.
            migrationBuilder.Sql("""
                UPDATE merchants m SET account_number = r.n
                    FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM merchants) r WHERE m.id = r.id;
                SELECT setval(pg_get_serial_sequence('merchants', 'account_number'), COALESCE((SELECT max(account_number) FROM merchants), 0) + 1, false);

                UPDATE orders o SET number = r.n
                    FROM (SELECT id, row_number() OVER (PARTITION BY merchant_id ORDER BY created_at, id) AS n FROM orders) r WHERE o.id = r.id;
                UPDATE orders SET
                    items = (SELECT COALESCE(jsonb_agg(e.item || jsonb_build_object('Number', e.n) ORDER BY e.n), '[]'::jsonb)
                             FROM jsonb_array_elements(items) WITH ORDINALITY AS e(item, n)),
                    trackings = (SELECT COALESCE(jsonb_agg(e.item || jsonb_build_object('Number', e.n) ORDER BY e.n), '[]'::jsonb)
                                 FROM jsonb_array_elements(trackings) WITH ORDINALITY AS e(item, n)),
                    last_item_number = jsonb_array_length(items),
                    last_tracking_number = jsonb_array_length(trackings);

                UPDATE custom_statuses s SET number = r.n
                    FROM (SELECT id, row_number() OVER (PARTITION BY merchant_id ORDER BY created_at, id) AS n FROM custom_statuses) r WHERE s.id = r.id;

                INSERT INTO merchant_counters (merchant_id, last_order_number, last_custom_status_number)
                SELECT m.id,
                       COALESCE((SELECT max(o.number) FROM orders o WHERE o.merchant_id = m.id), 0),
                       COALESCE((SELECT max(s.number) FROM custom_statuses s WHERE s.merchant_id = m.id), 0)
                FROM merchants m;

                ALTER TABLE orders ALTER COLUMN number DROP DEFAULT,
                    ALTER COLUMN last_item_number DROP DEFAULT, ALTER COLUMN last_tracking_number DROP DEFAULT;
                ALTER TABLE custom_statuses ALTER COLUMN number DROP DEFAULT;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_orders_merchant_id_number",
                table: "orders",
                columns: new[] { "merchant_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_merchants_account_number",
                table: "merchants",
                column: "account_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_custom_statuses_merchant_id_number",
                table: "custom_statuses",
                columns: new[] { "merchant_id", "number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE orders SET
                    items = (SELECT COALESCE(jsonb_agg(e.item - 'Number' ORDER BY e.n), '[]'::jsonb)
                             FROM jsonb_array_elements(items) WITH ORDINALITY AS e(item, n)),
                    trackings = (SELECT COALESCE(jsonb_agg(e.item - 'Number' ORDER BY e.n), '[]'::jsonb)
                                 FROM jsonb_array_elements(trackings) WITH ORDINALITY AS e(item, n));
                """);

            migrationBuilder.DropTable(
                name: "merchant_counters");

            migrationBuilder.DropIndex(
                name: "ix_orders_merchant_id_number",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_merchants_account_number",
                table: "merchants");

            migrationBuilder.DropIndex(
                name: "ix_custom_statuses_merchant_id_number",
                table: "custom_statuses");

            migrationBuilder.DropColumn(
                name: "last_item_number",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "last_tracking_number",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "number",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "account_number",
                table: "merchants");

            migrationBuilder.DropColumn(
                name: "number",
                table: "custom_statuses");
        }
    }
}
