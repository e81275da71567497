using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Guardrail.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class IncidentManagement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deployments_ServiceId_EnvironmentId_DeployedAt",
                table: "Deployments");

            migrationBuilder.AddColumn<long>(
                name: "IncidentId",
                table: "Alerts",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Incidents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    Impact = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Urgency = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Priority = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PrioritySource = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    IsMajor = table.Column<bool>(type: "boolean", nullable: false),
                    AssigneeId = table.Column<long>(type: "bigint", nullable: true),
                    TeamId = table.Column<long>(type: "bigint", nullable: true),
                    ReporterName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReporterEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    AlertKey = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AcknowledgedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ResolutionNotes = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    ResponseDueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ResponseSla = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ResponseWarnedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ResponseBreachedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ResolutionDueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ResolutionSla = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ResolutionWarnedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ResolutionBreachedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Incidents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Incidents_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Incidents_Users_AssigneeId",
                        column: x => x.AssigneeId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IncidentSettings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Document = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Problems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    Symptoms = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    State = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    RootCause = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    Workaround = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    Fix = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    FixChangeId = table.Column<long>(type: "bigint", nullable: true),
                    KnownErrorAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Problems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Problems_Changes_FixChangeId",
                        column: x => x.FixChangeId,
                        principalTable: "Changes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IncidentCauses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    DeploymentId = table.Column<long>(type: "bigint", nullable: true),
                    ChangeId = table.Column<long>(type: "bigint", nullable: true),
                    ConfirmedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ConfirmedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RemediatedByDeploymentId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentCauses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentCauses_Changes_ChangeId",
                        column: x => x.ChangeId,
                        principalTable: "Changes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IncidentCauses_Deployments_DeploymentId",
                        column: x => x.DeploymentId,
                        principalTable: "Deployments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IncidentCauses_Deployments_RemediatedByDeploymentId",
                        column: x => x.RemediatedByDeploymentId,
                        principalTable: "Deployments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IncidentCauses_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentCis",
                columns: table => new
                {
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    CiId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentCis", x => new { x.IncidentId, x.CiId });
                    table.ForeignKey(
                        name: "FK_IncidentCis_ConfigurationItems_CiId",
                        column: x => x.CiId,
                        principalTable: "ConfigurationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IncidentCis_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentEvents_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentPauses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentPauses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentPauses_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentReviews",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Summary = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    ImpactNotes = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    ContributingFactors = table.Column<string>(type: "character varying(120000)", maxLength: 120000, nullable: false),
                    WentWell = table.Column<string>(type: "character varying(120000)", maxLength: 120000, nullable: false),
                    WasHard = table.Column<string>(type: "character varying(120000)", maxLength: 120000, nullable: false),
                    Lessons = table.Column<string>(type: "character varying(120000)", maxLength: 120000, nullable: false),
                    LookBack = table.Column<TimeSpan>(type: "interval", nullable: false),
                    DraftedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentReviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentReviews_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IncidentServices",
                columns: table => new
                {
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    ServiceId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentServices", x => new { x.IncidentId, x.ServiceId });
                    table.ForeignKey(
                        name: "FK_IncidentServices_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IncidentServices_Services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "Services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SurveyInvitations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    Recipient = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Rating = table.Column<int>(type: "integer", nullable: true),
                    Comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    MailedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    MailAttempts = table.Column<int>(type: "integer", nullable: false),
                    NextMailAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    MailError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyInvitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SurveyInvitations_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProblemEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProblemId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProblemEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProblemEvents_Problems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "Problems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProblemIncidents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProblemId = table.Column<long>(type: "bigint", nullable: false),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    LinkedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LinkedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProblemIncidents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProblemIncidents_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ProblemIncidents_Problems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "Problems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProblemServices",
                columns: table => new
                {
                    ProblemId = table.Column<long>(type: "bigint", nullable: false),
                    ServiceId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProblemServices", x => new { x.ProblemId, x.ServiceId });
                    table.ForeignKey(
                        name: "FK_ProblemServices_Problems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "Problems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ProblemServices_Services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "Services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "FollowUps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReviewId = table.Column<long>(type: "bigint", nullable: false),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    OwnerUserId = table.Column<long>(type: "bigint", nullable: true),
                    OwnerTeamId = table.Column<long>(type: "bigint", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DoneAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CancelledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FollowUps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FollowUps_IncidentReviews_ReviewId",
                        column: x => x.ReviewId,
                        principalTable: "IncidentReviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FollowUps_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FollowUps_Teams_OwnerTeamId",
                        column: x => x.OwnerTeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FollowUps_Users_OwnerUserId",
                        column: x => x.OwnerUserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_ServiceId_EnvironmentId_DeployedAt_StatusAt_Sta~",
                table: "Deployments",
                columns: new[] { "ServiceId", "EnvironmentId", "DeployedAt", "StatusAt", "Status", "CommitSha" });

            migrationBuilder.CreateIndex(
                name: "IX_Changes_ServiceId_EnvironmentId_PlannedStart_CreatedAt",
                table: "Changes",
                columns: new[] { "ServiceId", "EnvironmentId", "PlannedStart", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_IncidentId",
                table: "Alerts",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_IncidentId",
                table: "FollowUps",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_OwnerTeamId",
                table: "FollowUps",
                column: "OwnerTeamId");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_OwnerUserId",
                table: "FollowUps",
                column: "OwnerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_ReviewId",
                table: "FollowUps",
                column: "ReviewId");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_State_DueOn",
                table: "FollowUps",
                columns: new[] { "State", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentCauses_ChangeId",
                table: "IncidentCauses",
                column: "ChangeId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentCauses_DeploymentId",
                table: "IncidentCauses",
                column: "DeploymentId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentCauses_IncidentId_ChangeId",
                table: "IncidentCauses",
                columns: new[] { "IncidentId", "ChangeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IncidentCauses_IncidentId_DeploymentId",
                table: "IncidentCauses",
                columns: new[] { "IncidentId", "DeploymentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IncidentCauses_RemediatedByDeploymentId",
                table: "IncidentCauses",
                column: "RemediatedByDeploymentId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentCis_CiId",
                table: "IncidentCis",
                column: "CiId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentEvents_IncidentId_Id",
                table: "IncidentEvents",
                columns: new[] { "IncidentId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentPauses_IncidentId",
                table: "IncidentPauses",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentReviews_IncidentId",
                table: "IncidentReviews",
                column: "IncidentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IncidentReviews_State_Id",
                table: "IncidentReviews",
                columns: new[] { "State", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_AlertKey",
                table: "Incidents",
                column: "AlertKey");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_AssigneeId",
                table: "Incidents",
                column: "AssigneeId");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_OpenedAt",
                table: "Incidents",
                column: "OpenedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_State_Priority_ResolutionDueAt",
                table: "Incidents",
                columns: new[] { "State", "Priority", "ResolutionDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_TeamId",
                table: "Incidents",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentServices_ServiceId",
                table: "IncidentServices",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_ProblemEvents_ProblemId_Id",
                table: "ProblemEvents",
                columns: new[] { "ProblemId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ProblemIncidents_IncidentId",
                table: "ProblemIncidents",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_ProblemIncidents_ProblemId_IncidentId",
                table: "ProblemIncidents",
                columns: new[] { "ProblemId", "IncidentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Problems_FixChangeId",
                table: "Problems",
                column: "FixChangeId");

            migrationBuilder.CreateIndex(
                name: "IX_Problems_State_KnownErrorAt",
                table: "Problems",
                columns: new[] { "State", "KnownErrorAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ProblemServices_ServiceId",
                table: "ProblemServices",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_IncidentId",
                table: "SurveyInvitations",
                column: "IncidentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_MailedAt_NextMailAt",
                table: "SurveyInvitations",
                columns: new[] { "MailedAt", "NextMailAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_SentAt",
                table: "SurveyInvitations",
                column: "SentAt");

            migrationBuilder.AddForeignKey(
                name: "FK_Alerts_Incidents_IncidentId",
                table: "Alerts",
                column: "IncidentId",
                principalTable: "Incidents",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Alerts_Incidents_IncidentId",
                table: "Alerts");

            migrationBuilder.DropTable(
                name: "FollowUps");

            migrationBuilder.DropTable(
                name: "IncidentCauses");

            migrationBuilder.DropTable(
                name: "IncidentCis");

            migrationBuilder.DropTable(
                name: "IncidentEvents");

            migrationBuilder.DropTable(
                name: "IncidentPauses");

            migrationBuilder.DropTable(
                name: "IncidentServices");

            migrationBuilder.DropTable(
                name: "IncidentSettings");

            migrationBuilder.DropTable(
                name: "ProblemEvents");

            migrationBuilder.DropTable(
                name: "ProblemIncidents");

            migrationBuilder.DropTable(
                name: "ProblemServices");

            migrationBuilder.DropTable(
                name: "SurveyInvitations");

            migrationBuilder.DropTable(
                name: "IncidentReviews");

            migrationBuilder.DropTable(
                name: "Problems");

            migrationBuilder.DropTable(
                name: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Deployments_ServiceId_EnvironmentId_DeployedAt_StatusAt_Sta~",
                table: "Deployments");

            migrationBuilder.DropIndex(
                name: "IX_Changes_ServiceId_EnvironmentId_PlannedStart_CreatedAt",
                table: "Changes");

            migrationBuilder.DropIndex(
                name: "IX_Alerts_IncidentId",
                table: "Alerts");

            migrationBuilder.DropColumn(
                name: "IncidentId",
                table: "Alerts");

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_ServiceId_EnvironmentId_DeployedAt",
                table: "Deployments",
                columns: new[] { "ServiceId", "EnvironmentId", "DeployedAt" });
        }
    }
}
