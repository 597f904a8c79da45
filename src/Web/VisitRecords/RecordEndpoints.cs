using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VideoVisit.Web.Data;
using VideoVisit.Web.Hosting;
using VideoVisit.Web.Scheduling;
using VideoVisit.Web.Staff;

namespace VideoVisit.Web.VisitRecords;

/// <summary>The visit record as JSON and as a printable HTML page (<c>?lang=ja|en</c>): coordinators, and the visit's own supervisor.</summary>
public static class RecordEndpoints
{
    public static RouteGroupBuilder MapVisitRecords(this RouteGroupBuilder api)
    {
        var records = api.MapGroup("/visits/{id}").WithTags("Visit records").RequireAuthorization(StaffRoles.Records);
        records.MapGet("/record", async (string id, ClaimsPrincipal staff, VideoVisitDb db, TimeProvider time, CancellationToken ct) =>
            await BuildAsync(id, staff, db, time, ct) is { } r ? Results.Ok(r) : Problems.NotFound());
        records.MapGet("/record.html", async (string id, string? lang, ClaimsPrincipal staff, HttpResponse response, VideoVisitDb db, TimeProvider time,
            CancellationToken ct) =>
        {
            if (await BuildAsync(id, staff, db, time, ct) is not { } r) return Problems.NotFound();
            // A record is sensitive: not kept by shared caches or the browser's history cache.
            response.Headers.CacheControl = "no-store";
            var language = lang == "en" ? "en" : "ja";
            response.Headers.ContentDisposition = $"inline; filename=\"visit-record-{r.VisitId}-{language}.html\"";
            return Results.Content(VisitRecordHtml.Render(r, language), "text/html; charset=utf-8", Encoding.UTF8);
        }).Produces<string>(contentType: "text/html");
        return api;
    }

    /// <summary>The record, or null when there is no such visit or a supervisor holds no seat in it (same answer: 404).</summary>
    private static async Task<VisitRecord?> BuildAsync(string id, ClaimsPrincipal staff, VideoVisitDb db, TimeProvider time, CancellationToken ct)
    {
        var seats = await db.Participants.Where(p => p.VisitId == id).ToListAsync(ct);
        return seats.Count > 0 && StaffRoles.MaySee(staff, seats) ? await VisitRecord.BuildAsync(db, id, time.GetUtcNow(), ct) : null;
    }
}
