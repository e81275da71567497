using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Guardrail.Persistence.Postgres.Migrations
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
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAt",
                table: "Changes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DeliveredChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ServiceId = table.Column<long>(type: "bigint", nullable: false),
                    DeploymentId = table.Column<long>(type: "bigint", nullable: false),
                    DeployedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Repository = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    FirstCommitAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    MergedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LeadSeconds = table.Column<long>(type: "bigint", nullable: true),
                    CodingSeconds = table.Column<long>(type: "bigint", nullable: true),
                    ReviewSeconds = table.Column<long>(type: "bigint", nullable: true),
                    DeploySeconds = table.Column<long>(type: "bigint", nullable: true)
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
                name: "IX_Deployments_EnvironmentTier_DeployedAt_ServiceId_Environmen~",
                table: "Deployments",
                columns: new[] { "EnvironmentTier", "DeployedAt", "ServiceId", "EnvironmentId", "Status", "ShippedSetBasis" });

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_Status_DeployedAt_PreviousDeploymentId",
                table: "Deployments",
                columns: new[] { "Status", "DeployedAt", "PreviousDeploymentId" });

            migrationBuilder.CreateIndex(
                name: "IX_DeliveredChanges_DeployedAt_ServiceId_LeadSeconds_CodingSec~",
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
                name: "IX_Deployments_EnvironmentTier_DeployedAt_ServiceId_Environmen~",
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
