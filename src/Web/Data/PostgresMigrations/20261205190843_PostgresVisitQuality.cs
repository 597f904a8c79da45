using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace VideoVisit.Web.Data.PostgresMigrations
{
    /// <inheritdoc />
    public partial class PostgresVisitQuality : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ParticipantQuality",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VisitId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ParticipantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MinutesConnected = table.Column<int>(type: "integer", nullable: false),
                    AverageLossPercent = table.Column<double>(type: "double precision", nullable: true),
                    LossReports = table.Column<int>(type: "integer", nullable: false),
                    Freezes = table.Column<int>(type: "integer", nullable: false),
                    Reconnects = table.Column<int>(type: "integer", nullable: false),
                    RecordedAt = table.Column<long>(type: "bigint", nullable: false)
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
