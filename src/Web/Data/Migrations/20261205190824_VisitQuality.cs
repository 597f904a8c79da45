using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VideoVisit.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class VisitQuality : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ParticipantQuality",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VisitId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ParticipantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MinutesConnected = table.Column<int>(type: "INTEGER", nullable: false),
                    AverageLossPercent = table.Column<double>(type: "REAL", nullable: true),
                    LossReports = table.Column<int>(type: "INTEGER", nullable: false),
                    Freezes = table.Column<int>(type: "INTEGER", nullable: false),
                    Reconnects = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ParticipantQuality", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ParticipantQuality_Visits_VisitId",
                        column: x => x.VisitId,
                        principalTable: "Visits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ParticipantQuality_VisitId_ParticipantId",
                table: "ParticipantQuality",
                columns: new[] { "VisitId", "ParticipantId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ParticipantQuality");
        }
    }
}
