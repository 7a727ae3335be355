using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderStatus.Application.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PublicTracking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "merchant_tracking_settings",
                columns: table => new
                {
                    merchant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    secret = table.Column<byte[]>(type: "bytea", nullable: false),
                    previous_secret = table.Column<byte[]>(type: "bytea", nullable: true),
                    previous_valid_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    show_prices = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    rotated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_merchant_tracking_settings", x => x.merchant_id);
                    table.ForeignKey(
                        name: "fk_merchant_tracking_settings_merchants_merchant_id",
                        column: x => x.merchant_id,
                        principalTable: "merchants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "merchant_tracking_settings");
        }
    }
}
