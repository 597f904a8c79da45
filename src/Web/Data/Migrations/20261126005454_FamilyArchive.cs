using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VideoVisit.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class FamilyArchive : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ArchivedAt",
                table: "Families",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ArchivedAt",
                table: "Families");
        }
    }
}
