using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guardrail.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MeasurementReadIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Changes_ClosedAt",
                table: "Changes",
                column: "ClosedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Changes_DecidedAt",
                table: "Changes",
                column: "DecidedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Changes_Type_DeploymentId",
                table: "Changes",
                columns: new[] { "Type", "DeploymentId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Changes_ClosedAt",
                table: "Changes");

            migrationBuilder.DropIndex(
                name: "IX_Changes_DecidedAt",
                table: "Changes");

            migrationBuilder.DropIndex(
                name: "IX_Changes_Type_DeploymentId",
                table: "Changes");
        }
    }
}
