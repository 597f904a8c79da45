using Microsoft.AspNetCore.Mvc;
using VideoVisit.Recorder.Hosting;
using VideoVisit.Recorder.Storage;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Hosting;

namespace VideoVisit.Web.Recording;

/// <summary>
/// Staff-only access to recordings: a list per visit and playback/download with HTTP range requests. Every playback
/// or download is written to the visit's timeline (SAFEGUARDING S9). Families and anonymous callers get nothing.
/// </summary>
public static class RecordingEndpoints
{
    public const string Policy = "vv.recordings";
    public const string Viewed = "recording_viewed";

    public static IServiceCollection AddRecordingAccess(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireAuthenticatedUser().RequireClaim(VisitClaims.StaffRole, "coordinator"));
        return services;
    }

    public static WebApplication MapRecordingEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/api/visits/{visitId}/recordings").RequireAuthorization(Policy);
        group.MapGet("/", (string visitId, IServiceProvider services) =>
        {
            if (!VisitId.TryParse(visitId, out _)) return Problems.Create(StatusCodes.Status400BadRequest, "bad_visit", "Not a visit id.");
            if (services.GetService<RecorderOptions>() is not { } options) return Results.Ok(Array.Empty<object>());
            var files = Directory.Exists(options.RecordingDirectory)
                ? Directory.GetFiles(options.RecordingDirectory, "*" + RecordingFiles.EncryptedExtension)
                    .Select(RecordingFiles.NameOf)
                    .Where(n => TimelineRecordingNotifications.TryVisitOf(n, out var v) && v.Value == visitId)
                    .Order(StringComparer.Ordinal)
                    .Select(n => new { name = n })
                    .ToArray()
                : [];
            return Results.Ok(files);
        });
        group.MapGet("/{name}", async (string visitId, string name, HttpContext http, IServiceProvider services, IVisitTimeline timeline,
            TimeProvider time, CancellationToken ct) =>
        {
            if (!VisitId.TryParse(visitId, out var visit) || !TimelineRecordingNotifications.TryVisitOf(name, out var owner) || owner != visit
                || name.IndexOfAny(['/', '\\', '.']) >= 0)
            {
                return Problems.Create(StatusCodes.Status404NotFound, "recording_unknown", "There is no such recording.");
            }
            if (services.GetService<RecorderOptions>() is not { } options || services.GetService<RecordingPostProcessor>() is null)
            {
                return Problems.Create(StatusCodes.Status404NotFound, "recording_unknown", "There is no such recording.");
            }
            var path = Path.Combine(options.RecordingDirectory, name + RecordingFiles.EncryptedExtension);
            if (!File.Exists(path)) return Problems.Create(StatusCodes.Status404NotFound, "recording_unknown", "There is no such recording.");
            EncryptedRecordingStream stream;
            try
            {
                stream = EncryptedRecordingStream.OpenFile(path, RecordingKeyRing.FromBase64(options.CurrentKeyId, options.Keys));
            }
            catch (RecordingIntegrityException)
            {
                return Problems.Create(StatusCodes.Status409Conflict, "recording_damaged", "The recording failed its integrity check and is not served.");
            }
            var staff = http.User.FindFirst(VisitClaims.Participant)?.Value ?? "";
            await timeline.AppendAsync(visit, new TimelineEntry(Viewed, time.GetUtcNow(),
                ParticipantId.TryParse(staff, out var who) ? who : null, Detail: $"{name} {http.Request.Headers.Range}".Trim()), ct);
            return Results.File(stream, "video/webm", name + ".webm", enableRangeProcessing: true);
        });
        return app;
    }
}
