using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guardrail.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MeasurementIncidentIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Incidents_MeasuresByDueTime",
                table: "Incidents",
                columns: new[] { "ResolutionDueAt", "ResolvedAt", "OpenedAt", "Priority", "StartedAt", "AcknowledgedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_MeasuresByResolution",
                table: "Incidents",
                columns: new[] { "ResolvedAt", "OpenedAt", "Priority", "StartedAt", "AcknowledgedAt", "ResolutionDueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Incidents_MeasuresByDueTime",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_MeasuresByResolution",
                table: "Incidents");
        }
    }
}
