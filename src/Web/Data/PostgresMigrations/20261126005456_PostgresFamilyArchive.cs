using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VideoVisit.Web.Data.PostgresMigrations
{
    /// <inheritdoc />
    public partial class PostgresFamilyArchive : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ArchivedAt",
                table: "Families",
                type: "bigint",
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
