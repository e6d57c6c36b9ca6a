using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiveBoard.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class LockOverride : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LockOverrideReason",
                table: "Modules",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LockOverrideReason",
                table: "Modules");
        }
    }
}
