using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guardrail.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Measurement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ChangesProjectedAt",
                table: "Deployments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAt",
                table: "Changes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DeliveredChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ServiceId = table.Column<long>(type: "INTEGER", nullable: false),
                    DeploymentId = table.Column<long>(type: "INTEGER", nullable: false),
                    DeployedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Repository = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    FirstCommitAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OpenedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    MergedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LeadSeconds = table.Column<long>(type: "INTEGER", nullable: true),
                    CodingSeconds = table.Column<long>(type: "INTEGER", nullable: true),
                    ReviewSeconds = table.Column<long>(type: "INTEGER", nullable: true),
                    DeploySeconds = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeliveredChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeliveredChanges_Deployments_DeploymentId",
                        column: x => x.DeploymentId,
                        principalTable: "Deployments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DeliveredChanges_Services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "Services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_AwaitingProjection",
                table: "Deployments",
                column: "DeployedAt",
                filter: "\"ChangesProjectedAt\" IS NULL AND \"DeployedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_EnvironmentTier_DeployedAt_ServiceId_EnvironmentId_Status_ShippedSetBasis",
                table: "Deployments",
                columns: new[] { "EnvironmentTier", "DeployedAt", "ServiceId", "EnvironmentId", "Status", "ShippedSetBasis" });

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_Status_DeployedAt_PreviousDeploymentId",
                table: "Deployments",
                columns: new[] { "Status", "DeployedAt", "PreviousDeploymentId" });

            migrationBuilder.CreateIndex(
                name: "IX_DeliveredChanges_DeployedAt_ServiceId_LeadSeconds_CodingSeconds_ReviewSeconds_DeploySeconds",
                table: "DeliveredChanges",
                columns: new[] { "DeployedAt", "ServiceId", "LeadSeconds", "CodingSeconds", "ReviewSeconds", "DeploySeconds" });

            migrationBuilder.CreateIndex(
                name: "IX_DeliveredChanges_DeploymentId",
                table: "DeliveredChanges",
                column: "DeploymentId");

            migrationBuilder.CreateIndex(
                name: "IX_DeliveredChanges_ServiceId_Repository_Reference",
                table: "DeliveredChanges",
                columns: new[] { "ServiceId", "Repository", "Reference" },
                unique: true);
            // Changes closed before this release count by the time of their last update, the closest record of when they closed.
            migrationBuilder.Sql("UPDATE \"Changes\" SET \"ClosedAt\" = \"UpdatedAt\" WHERE \"State\" = 'Closed'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DeliveredChanges");

            migrationBuilder.DropIndex(
                name: "IX_Deployments_AwaitingProjection",
                table: "Deployments");

            migrationBuilder.DropIndex(
                name: "IX_Deployments_EnvironmentTier_DeployedAt_ServiceId_EnvironmentId_Status_ShippedSetBasis",
                table: "Deployments");

            migrationBuilder.DropIndex(
                name: "IX_Deployments_Status_DeployedAt_PreviousDeploymentId",
                table: "Deployments");

            migrationBuilder.DropColumn(
                name: "ChangesProjectedAt",
                table: "Deployments");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "Changes");
        }
    }
}
