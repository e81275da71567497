using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guardrail.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Cmdb : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CmdbImportRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ImportScope = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DryRun = table.Column<bool>(type: "INTEGER", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Documents = table.Column<int>(type: "INTEGER", nullable: false),
                    Created = table.Column<int>(type: "INTEGER", nullable: false),
                    Updated = table.Column<int>(type: "INTEGER", nullable: false),
                    Retired = table.Column<int>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    RelationshipsCreated = table.Column<int>(type: "INTEGER", nullable: false),
                    RelationshipsRetired = table.Column<int>(type: "INTEGER", nullable: false),
                    UnresolvedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Warnings = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CmdbImportRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ConfigurationItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Class = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    IsManual = table.Column<bool>(type: "INTEGER", nullable: false),
                    ServiceId = table.Column<long>(type: "INTEGER", nullable: true),
                    Attributes = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RetiredAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConfigurationItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConfigurationItems_Services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "Services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "CmdbUnresolvedReferences",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<long>(type: "INTEGER", nullable: false),
                    FromKey = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CmdbUnresolvedReferences", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CmdbUnresolvedReferences_CmdbImportRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "CmdbImportRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CiRelationships",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FromCiId = table.Column<long>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ToCiId = table.Column<long>(type: "INTEGER", nullable: false),
                    ImportScope = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RetiredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CiRelationships", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CiRelationships_ConfigurationItems_FromCiId",
                        column: x => x.FromCiId,
                        principalTable: "ConfigurationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CiRelationships_ConfigurationItems_ToCiId",
                        column: x => x.ToCiId,
                        principalTable: "ConfigurationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CiSourceFacts",
                columns: table => new
                {
                    CiId = table.Column<long>(type: "INTEGER", nullable: false),
                    ImportScope = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Class = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Attributes = table.Column<string>(type: "TEXT", nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LastRunId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CiSourceFacts", x => new { x.ImportScope, x.CiId });
                    table.ForeignKey(
                        name: "FK_CiSourceFacts_ConfigurationItems_CiId",
                        column: x => x.CiId,
                        principalTable: "ConfigurationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CiVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CiId = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    ValidFrom = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ValidTo = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Class = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ServiceId = table.Column<long>(type: "INTEGER", nullable: true),
                    Attributes = table.Column<string>(type: "TEXT", nullable: false),
                    RunId = table.Column<long>(type: "INTEGER", nullable: true),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CiVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CiVersions_CmdbImportRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "CmdbImportRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_CiVersions_ConfigurationItems_CiId",
                        column: x => x.CiId,
                        principalTable: "ConfigurationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CiRelationships_FromCiId_Type_ToCiId_ImportScope",
                table: "CiRelationships",
                columns: new[] { "FromCiId", "Type", "ToCiId", "ImportScope" });

            migrationBuilder.CreateIndex(
                name: "IX_CiRelationships_ImportScope",
                table: "CiRelationships",
                column: "ImportScope");

            migrationBuilder.CreateIndex(
                name: "IX_CiRelationships_ToCiId",
                table: "CiRelationships",
                column: "ToCiId");

            migrationBuilder.CreateIndex(
                name: "IX_CiSourceFacts_CiId",
                table: "CiSourceFacts",
                column: "CiId");

            migrationBuilder.CreateIndex(
                name: "IX_CiVersions_CiId_Version",
                table: "CiVersions",
                columns: new[] { "CiId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CiVersions_RunId",
                table: "CiVersions",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_CiVersions_ValidFrom",
                table: "CiVersions",
                column: "ValidFrom");

            migrationBuilder.CreateIndex(
                name: "IX_CmdbImportRuns_ImportScope",
                table: "CmdbImportRuns",
                column: "ImportScope");

            migrationBuilder.CreateIndex(
                name: "IX_CmdbUnresolvedReferences_RunId",
                table: "CmdbUnresolvedReferences",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_ConfigurationItems_Class_Name",
                table: "ConfigurationItems",
                columns: new[] { "Class", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_ConfigurationItems_Key",
                table: "ConfigurationItems",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConfigurationItems_Name",
                table: "ConfigurationItems",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_ConfigurationItems_ServiceId",
                table: "ConfigurationItems",
                column: "ServiceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CiRelationships");

            migrationBuilder.DropTable(
                name: "CiSourceFacts");

            migrationBuilder.DropTable(
                name: "CiVersions");

            migrationBuilder.DropTable(
                name: "CmdbUnresolvedReferences");

            migrationBuilder.DropTable(
                name: "ConfigurationItems");

            migrationBuilder.DropTable(
                name: "CmdbImportRuns");
        }
    }
}
