using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VideoVisit.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class FamiliesAndStaffSeats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FamilyId",
                table: "Visits",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StaffAccountId",
                table: "Participants",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Families",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ChildName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ParentName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    GuardianContact = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Families", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Visits_FamilyId",
                table: "Visits",
                column: "FamilyId");

            migrationBuilder.AddForeignKey(
                name: "FK_Visits_Families_FamilyId",
                table: "Visits",
                column: "FamilyId",
                principalTable: "Families",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Visits_Families_FamilyId",
                table: "Visits");

            migrationBuilder.DropTable(
                name: "Families");

            migrationBuilder.DropIndex(
                name: "IX_Visits_FamilyId",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "FamilyId",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "StaffAccountId",
                table: "Participants");
        }
    }
}
