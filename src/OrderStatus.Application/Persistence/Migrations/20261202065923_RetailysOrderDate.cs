using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderStatus.Application.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RetailysOrderDate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "order_date",
                table: "orders",
                type: "timestamp with time zone",
                nullable: false,
                computedColumnSql: "COALESCE(client_created_at, created_at)",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_orders_merchant_id_order_date_id",
                table: "orders",
                columns: new[] { "merchant_id", "order_date", "id" },
                descending: new[] { false, true, true })
                .Annotation("Npgsql:IndexInclude", new[] { "status", "channel", "custom_status_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_merchant_id_order_date_id",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "order_date",
                table: "orders");
        }
    }
}
