using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guardrail.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WhatChangedIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deployments_ServiceId_EnvironmentId_DeployedAt",
                table: "Deployments");

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_ServiceId_EnvironmentId_DeployedAt_StatusAt_Status_CommitSha",
                table: "Deployments",
                columns: new[] { "ServiceId", "EnvironmentId", "DeployedAt", "StatusAt", "Status", "CommitSha" });

            migrationBuilder.CreateIndex(
                name: "IX_Changes_ServiceId_EnvironmentId_PlannedStart_CreatedAt",
                table: "Changes",
                columns: new[] { "ServiceId", "EnvironmentId", "PlannedStart", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deployments_ServiceId_EnvironmentId_DeployedAt_StatusAt_Status_CommitSha",
                table: "Deployments");

            migrationBuilder.DropIndex(
                name: "IX_Changes_ServiceId_EnvironmentId_PlannedStart_CreatedAt",
                table: "Changes");

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_ServiceId_EnvironmentId_DeployedAt",
                table: "Deployments",
                columns: new[] { "ServiceId", "EnvironmentId", "DeployedAt" });
        }
    }
}
