using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Data;
using VideoVisit.Web.Scheduling;

namespace VideoVisit.Web.Recording;

/// <summary>
/// Staff-only access to recordings: a list per visit, a download with HTTP range requests, and signed links for the
/// browser's player (<see cref="PlaybackEndpoints"/>). Every playback or download is written to the visit's timeline
/// (docs/safeguarding.md S9). Families and anonymous callers get nothing.
/// </summary>
public static class RecordingEndpoints
{
    public const string Policy = "vv.recordings";
    public const string Viewed = "recording_viewed";

    public static IServiceCollection AddRecordingAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireAuthenticatedUser().RequireClaim(VisitClaims.StaffRole, "coordinator"));
        services.AddSingleton<RecordingStore>();
        services.AddRecordingPlayback(configuration);
        return services;
    }

    public static WebApplication MapRecordingEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/api/visits/{visitId}/recordings").RequireAuthorization(Policy);
        group.MapGet("/", (string visitId, RecordingStore store) =>
            VisitId.TryParse(visitId, out var visit)
                ? Results.Ok(store.List(visit).Select(n => new { name = n }).ToArray())
                : Hosting.Problems.Create(StatusCodes.Status400BadRequest, "bad_visit", "Not a visit id."));
        group.MapGet("/{name}", async (string visitId, string name, HttpContext http, RecordingStore store, VideoVisitDb db,
            TimeProvider time, CancellationToken ct) =>
        {
            if (!VisitId.TryParse(visitId, out var visit)) return RecordingStore.Unknown();
            if (!store.TryOpen(visit, name, out var stream, out var problem)) return problem!;
            // One entry per request: a player fetching ranges writes several (the signed playback link writes one).
            try
            {
                await RecordAccessAsync(db, http, visit, $"{name} {http.Request.Headers.Range}".Trim(), time, ct);
            }
            catch
            {
                await stream!.DisposeAsync();
                throw;
            }
            return Results.File(stream!, "video/webm", name + ".webm", enableRangeProcessing: true);
        });
        group.MapPlaybackLinks();
        app.MapPlaybackMedia();
        return app;
    }

    /// <summary>Writes the access to the visit's timeline, as the coordinator who made it, before anything is served.</summary>
    internal static async Task RecordAccessAsync(VideoVisitDb db, HttpContext http, VisitId visit, string detail, TimeProvider time, CancellationToken ct)
    {
        CoordinatorActions.Record(db, http.User, visit.Value, Viewed, time.GetUtcNow(), detail: detail);
        await db.SaveChangesAsync(ct);
    }
}
