using System.Security.Claims;
using Microsoft.Extensions.Options;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Data;
using VideoVisit.Web.Hosting;

namespace VideoVisit.Web.Recording;

/// <summary>A signed link to one recording, for the browser's player or a download, and when it stops working.</summary>
public sealed record PlaybackLink(string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Playback in the browser: a coordinator asks for a link (one timeline entry per link, not one per range request
/// the player makes), and the link serves the decrypted WebM with range requests to whoever holds it until it expires.
/// </summary>
public static class PlaybackEndpoints
{
    public const string MediaPath = "/media/recordings";

    public static IServiceCollection AddRecordingPlayback(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlaybackOptions>().Bind(configuration.GetSection(PlaybackOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PlaybackOptions>, PlaybackOptionsValidator>();
        services.AddSingleton<PlaybackLinks>();
        return services;
    }

    /// <summary><c>POST /api/visits/{visitId}/recordings/{name}/playback[?download=true]</c>: coordinators only (the group's policy).</summary>
    internal static RouteGroupBuilder MapPlaybackLinks(this RouteGroupBuilder group)
    {
        group.MapPost("/{name}/playback", async (string visitId, string name, bool? download, HttpContext http, RecordingStore store,
            PlaybackLinks links, VideoVisitDb db, TimeProvider time, CancellationToken ct) =>
        {
            if (!VisitId.TryParse(visitId, out var visit)) return RecordingStore.Unknown();
            if (!ParticipantId.TryParse(http.User.FindFirstValue(VisitClaims.Participant), out var staff))
            {
                return Problems.Create(StatusCodes.Status403Forbidden, "staff_unknown", "This login names no staff member.");
            }
            // Opened once to refuse a missing or damaged recording now, rather than hand out a link that fails in the player.
            if (!store.TryOpen(visit, name, out var stream, out var problem)) return problem!;
            await stream!.DisposeAsync();
            var grant = links.Grant(visit, name, staff, download == true);
            await RecordingEndpoints.RecordAccessAsync(db, http, visit, $"{name} {(grant.Download ? "download" : "playback")}", time, ct);
            return Results.Ok(new PlaybackLink($"{http.Request.PathBase}{MediaPath}/{name}/{links.Sign(grant)}", grant.ExpiresAt));
        });
        return group;
    }

    /// <summary>
    /// <c>GET /media/recordings/{name}/{token}</c>: no login, the token is the permission. Never cached, never sniffed,
    /// never embedded by another site.
    /// </summary>
    internal static WebApplication MapPlaybackMedia(this WebApplication app)
    {
        app.MapGet(MediaPath + "/{name}/{token}", (string name, string token, HttpContext http, PlaybackLinks links, RecordingStore store) =>
        {
            var headers = http.Response.Headers;
            headers.CacheControl = "no-store";
            headers.XContentTypeOptions = "nosniff";
            var error = links.Validate(token, name, out var grant);
            if (error != PlaybackLinkError.None) return Refused(error);
            if (!store.TryOpen(grant!.Visit, name, out var stream, out var problem)) return problem!;
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            // Names are letters, digits, '-' and '_' (RecordingStore refuses others): safe in a quoted filename.
            headers.ContentDisposition = $"{(grant.Download ? "attachment" : "inline")}; filename=\"{name}.webm\"";
            return Results.File(stream!, "video/webm", enableRangeProcessing: true);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static IResult Refused(PlaybackLinkError error) => error switch
    {
        PlaybackLinkError.Expired => Problems.Create(StatusCodes.Status403Forbidden, "playback_link_expired",
            "This playback link has expired: ask for a new one from the visit's record."),
        PlaybackLinkError.OtherRecording => Problems.Create(StatusCodes.Status403Forbidden, "playback_link_other_recording",
            "This playback link is for another recording."),
        _ => Problems.Create(StatusCodes.Status403Forbidden, "playback_link_invalid", "This is not a valid playback link."),
    };
}
