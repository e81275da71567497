using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guardrail.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MeasurementChangeIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Changes_ClosedAt",
                table: "Changes");

            migrationBuilder.DropIndex(
                name: "IX_Changes_DecidedAt",
                table: "Changes");

            migrationBuilder.CreateIndex(
                name: "IX_Changes_ClosedAt_ServiceId_Type_State_Outcome_Route_IsReceipt_CreatedAt_DecidedAt",
                table: "Changes",
                columns: new[] { "ClosedAt", "ServiceId", "Type", "State", "Outcome", "Route", "IsReceipt", "CreatedAt", "DecidedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Changes_DecidedAt_ServiceId_Type_State_Outcome_Route_IsReceipt_CreatedAt_ClosedAt",
                table: "Changes",
                columns: new[] { "DecidedAt", "ServiceId", "Type", "State", "Outcome", "Route", "IsReceipt", "CreatedAt", "ClosedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Changes_ClosedAt_ServiceId_Type_State_Outcome_Route_IsReceipt_CreatedAt_DecidedAt",
                table: "Changes");

            migrationBuilder.DropIndex(
                name: "IX_Changes_DecidedAt_ServiceId_Type_State_Outcome_Route_IsReceipt_CreatedAt_ClosedAt",
                table: "Changes");

            migrationBuilder.CreateIndex(
                name: "IX_Changes_ClosedAt",
                table: "Changes",
                column: "ClosedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Changes_DecidedAt",
                table: "Changes",
                column: "DecidedAt");
        }
    }
}
