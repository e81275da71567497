using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Guardrail.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ChangeEnablement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Email",
                table: "Users",
                type: "character varying(320)",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ScmLogin",
                table: "Users",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SlackUserId",
                table: "Users",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TeamId",
                table: "Users",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Url",
                table: "OutboxMessages",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OwnerUserName",
                table: "ApiTokens",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ApprovalDelegations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FromUser = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ToUser = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    StartsAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApprovalDelegations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChangePolicyVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Document = table.Column<string>(type: "character varying(1000000)", maxLength: 1000000, nullable: false),
                    Digest = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AppliedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AppliedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangePolicyVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Model = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ServiceId = table.Column<long>(type: "bigint", nullable: false),
                    EnvironmentId = table.Column<long>(type: "bigint", nullable: false),
                    Requester = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Implementer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PlannedStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PlannedEnd = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Repository = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    CommitSha = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Artifact = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    PipelineRunUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    PipelineRunKey = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Evidence = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Justification = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    IsReceipt = table.Column<bool>(type: "boolean", nullable: false),
                    RiskScore = table.Column<int>(type: "integer", nullable: true),
                    RiskFactors = table.Column<string>(type: "text", nullable: true),
                    RiskInputs = table.Column<string>(type: "text", nullable: true),
                    Route = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    PolicyOutcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Quorum = table.Column<int>(type: "integer", nullable: false),
                    StandardModel = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DecisionReasons = table.Column<string>(type: "text", nullable: true),
                    PolicyVersionId = table.Column<long>(type: "bigint", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ApprovalExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CallbackUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    GithubCallbackUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    GithubEnvironment = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DeploymentId = table.Column<long>(type: "bigint", nullable: true),
                    ReviewNotes = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Changes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Changes_ChangePolicyVersions_PolicyVersionId",
                        column: x => x.PolicyVersionId,
                        principalTable: "ChangePolicyVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Changes_Deployments_DeploymentId",
                        column: x => x.DeploymentId,
                        principalTable: "Deployments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Changes_Environments_EnvironmentId",
                        column: x => x.EnvironmentId,
                        principalTable: "Environments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Changes_Services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "Services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ChangeApprovals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChangeId = table.Column<long>(type: "bigint", nullable: false),
                    Approver = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OnBehalfOf = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Vote = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeApprovals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChangeApprovals_Changes_ChangeId",
                        column: x => x.ChangeId,
                        principalTable: "Changes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChangeCis",
                columns: table => new
                {
                    ChangeId = table.Column<long>(type: "bigint", nullable: false),
                    CiId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeCis", x => new { x.ChangeId, x.CiId });
                    table.ForeignKey(
                        name: "FK_ChangeCis_Changes_ChangeId",
                        column: x => x.ChangeId,
                        principalTable: "Changes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ChangeCis_ConfigurationItems_CiId",
                        column: x => x.CiId,
                        principalTable: "ConfigurationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ChangeCommits",
                columns: table => new
                {
                    ChangeId = table.Column<long>(type: "bigint", nullable: false),
                    Sha = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeCommits", x => new { x.ChangeId, x.Sha });
                    table.ForeignKey(
                        name: "FK_ChangeCommits_Changes_ChangeId",
                        column: x => x.ChangeId,
                        principalTable: "Changes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChangeEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChangeId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChangeEvents_Changes_ChangeId",
                        column: x => x.ChangeId,
                        principalTable: "Changes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChangePullRequest",
                columns: table => new
                {
                    ChangeId = table.Column<long>(type: "bigint", nullable: false),
                    Repository = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Number = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangePullRequest", x => new { x.ChangeId, x.Repository, x.Number });
                    table.ForeignKey(
                        name: "FK_ChangePullRequest_Changes_ChangeId",
                        column: x => x.ChangeId,
                        principalTable: "Changes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ModelProposals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ServiceId = table.Column<long>(type: "bigint", nullable: false),
                    EnvironmentId = table.Column<long>(type: "bigint", nullable: false),
                    Model = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Evidence = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    TriggeringChangeId = table.Column<long>(type: "bigint", nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecisionComment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelProposals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ModelProposals_Changes_TriggeringChangeId",
                        column: x => x.TriggeringChangeId,
                        principalTable: "Changes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ModelProposals_Environments_EnvironmentId",
                        column: x => x.EnvironmentId,
                        principalTable: "Environments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ModelProposals_Services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "Services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProtectionRuleRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    InboundDeliveryId = table.Column<long>(type: "bigint", nullable: false),
                    Repository = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Environment = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Sha = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Ref = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    CallbackUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Requester = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ChangeId = table.Column<long>(type: "bigint", nullable: true),
                    Problem = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProtectionRuleRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProtectionRuleRequests_Changes_ChangeId",
                        column: x => x.ChangeId,
                        principalTable: "Changes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ProtectionRuleRequests_InboundDeliveries_InboundDeliveryId",
                        column: x => x.InboundDeliveryId,
                        principalTable: "InboundDeliveries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Users_SlackUserId",
                table: "Users",
                column: "SlackUserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalDelegations_ToUser_EndsAt",
                table: "ApprovalDelegations",
                columns: new[] { "ToUser", "EndsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeApprovals_ChangeId",
                table: "ChangeApprovals",
                column: "ChangeId");

            migrationBuilder.CreateIndex(
                name: "IX_ChangeCis_CiId",
                table: "ChangeCis",
                column: "CiId");

            migrationBuilder.CreateIndex(
                name: "IX_ChangeEvents_ChangeId_Id",
                table: "ChangeEvents",
                columns: new[] { "ChangeId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Changes_DeploymentId",
                table: "Changes",
                column: "DeploymentId");

            migrationBuilder.CreateIndex(
                name: "IX_Changes_EnvironmentId_CommitSha",
                table: "Changes",
                columns: new[] { "EnvironmentId", "CommitSha" });

            migrationBuilder.CreateIndex(
                name: "IX_Changes_PipelineRunKey",
                table: "Changes",
                column: "PipelineRunKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Changes_PlannedStart_PlannedEnd",
                table: "Changes",
                columns: new[] { "PlannedStart", "PlannedEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_Changes_PolicyVersionId",
                table: "Changes",
                column: "PolicyVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_Changes_ServiceId_EnvironmentId_CreatedAt_Outcome",
                table: "Changes",
                columns: new[] { "ServiceId", "EnvironmentId", "CreatedAt", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_Changes_State_Id",
                table: "Changes",
                columns: new[] { "State", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ModelProposals_EnvironmentId",
                table: "ModelProposals",
                column: "EnvironmentId");

            migrationBuilder.CreateIndex(
                name: "IX_ModelProposals_ServiceId_EnvironmentId_Model_Status",
                table: "ModelProposals",
                columns: new[] { "ServiceId", "EnvironmentId", "Model", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ModelProposals_TriggeringChangeId",
                table: "ModelProposals",
                column: "TriggeringChangeId");

            migrationBuilder.CreateIndex(
                name: "IX_ProtectionRuleRequests_AnsweredAt",
                table: "ProtectionRuleRequests",
                column: "AnsweredAt");

            migrationBuilder.CreateIndex(
                name: "IX_ProtectionRuleRequests_ChangeId",
                table: "ProtectionRuleRequests",
                column: "ChangeId");

            migrationBuilder.CreateIndex(
                name: "IX_ProtectionRuleRequests_InboundDeliveryId",
                table: "ProtectionRuleRequests",
                column: "InboundDeliveryId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApprovalDelegations");

            migrationBuilder.DropTable(
                name: "ChangeApprovals");

            migrationBuilder.DropTable(
                name: "ChangeCis");

            migrationBuilder.DropTable(
                name: "ChangeCommits");

            migrationBuilder.DropTable(
                name: "ChangeEvents");

            migrationBuilder.DropTable(
                name: "ChangePullRequest");

            migrationBuilder.DropTable(
                name: "ModelProposals");

            migrationBuilder.DropTable(
                name: "ProtectionRuleRequests");

            migrationBuilder.DropTable(
                name: "Changes");

            migrationBuilder.DropTable(
                name: "ChangePolicyVersions");

            migrationBuilder.DropIndex(
                name: "IX_Users_SlackUserId",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "Email",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "ScmLogin",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "SlackUserId",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "TeamId",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "Url",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "OwnerUserName",
                table: "ApiTokens");
        }
    }
}
