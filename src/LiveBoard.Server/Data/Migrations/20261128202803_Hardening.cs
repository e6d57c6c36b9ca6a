using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiveBoard.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class Hardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Marks_CompetitionId_IdempotencyKey",
                table: "Marks");

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "Marks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "AccountSession",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    AccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountSession", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AccountSession_Account_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Account",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            // Existing marks take their position in their cell by id, so the unique index holds for data written
            // before it (even where a race had left two current marks, which the chief expert then sees and corrects).
            migrationBuilder.Sql("""
                UPDATE "Marks" SET "Revision" = (SELECT COUNT(*) FROM "Marks" AS o
                    WHERE o."CompetitionId" = "Marks"."CompetitionId" AND o."AspectId" = "Marks"."AspectId"
                      AND o."CompetitorId" = "Marks"."CompetitorId" AND o."JudgeId" = "Marks"."JudgeId" AND o."Id" < "Marks"."Id")
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Marks_Cell_Revision",
                table: "Marks",
                columns: new[] { "CompetitionId", "AspectId", "CompetitorId", "JudgeId", "Revision" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Marks_RecordedBy_IdempotencyKey",
                table: "Marks",
                columns: new[] { "RecordedBy", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AccountSession_AccountId",
                table: "AccountSession",
                column: "AccountId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountSession");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropIndex(
                name: "IX_Marks_Cell_Revision",
                table: "Marks");

            migrationBuilder.DropIndex(
                name: "IX_Marks_RecordedBy_IdempotencyKey",
                table: "Marks");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "Marks");

            migrationBuilder.CreateIndex(
                name: "IX_Marks_CompetitionId_IdempotencyKey",
                table: "Marks",
                columns: new[] { "CompetitionId", "IdempotencyKey" },
                unique: true);
        }
    }
}
