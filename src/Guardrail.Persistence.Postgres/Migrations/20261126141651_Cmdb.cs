using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Guardrail.Persistence.Postgres.Migrations
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Source = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    ImportScope = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DryRun = table.Column<bool>(type: "boolean", nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Documents = table.Column<int>(type: "integer", nullable: false),
                    Created = table.Column<int>(type: "integer", nullable: false),
                    Updated = table.Column<int>(type: "integer", nullable: false),
                    Retired = table.Column<int>(type: "integer", nullable: false),
                    Unchanged = table.Column<int>(type: "integer", nullable: false),
                    RelationshipsCreated = table.Column<int>(type: "integer", nullable: false),
                    RelationshipsRetired = table.Column<int>(type: "integer", nullable: false),
                    UnresolvedCount = table.Column<int>(type: "integer", nullable: false),
                    Warnings = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CmdbImportRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ConfigurationItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Class = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Scope = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    IsManual = table.Column<bool>(type: "boolean", nullable: false),
                    ServiceId = table.Column<long>(type: "bigint", nullable: true),
                    Attributes = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RetiredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    FromKey = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Reference = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FromCiId = table.Column<long>(type: "bigint", nullable: false),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ToCiId = table.Column<long>(type: "bigint", nullable: false),
                    ImportScope = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Evidence = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RetiredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
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
                    CiId = table.Column<long>(type: "bigint", nullable: false),
                    ImportScope = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Source = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Class = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Scope = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Attributes = table.Column<string>(type: "text", nullable: false),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LastRunId = table.Column<long>(type: "bigint", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CiId = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    ValidFrom = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ValidTo = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Class = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Scope = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ServiceId = table.Column<long>(type: "bigint", nullable: true),
                    Attributes = table.Column<string>(type: "text", nullable: false),
                    RunId = table.Column<long>(type: "bigint", nullable: true),
                    ChangedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
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
