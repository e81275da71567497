using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guardrail.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SurveyMail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MailAttempts",
                table: "SurveyInvitations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "MailError",
                table: "SurveyInvitations",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "MailedAt",
                table: "SurveyInvitations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextMailAt",
                table: "SurveyInvitations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_MailedAt_NextMailAt",
                table: "SurveyInvitations",
                columns: new[] { "MailedAt", "NextMailAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SurveyInvitations_MailedAt_NextMailAt",
                table: "SurveyInvitations");

            migrationBuilder.DropColumn(
                name: "MailAttempts",
                table: "SurveyInvitations");

            migrationBuilder.DropColumn(
                name: "MailError",
                table: "SurveyInvitations");

            migrationBuilder.DropColumn(
                name: "MailedAt",
                table: "SurveyInvitations");

            migrationBuilder.DropColumn(
                name: "NextMailAt",
                table: "SurveyInvitations");
        }
    }
}
