using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Ports;

/// <summary>
/// The visit's factual record (docs/safeguarding.md S10). Signaling writes it before acknowledging an action; the host
/// implements it durably (EF Core). An entry names people by participant id, never by address or contact.
/// </summary>
public interface IVisitTimeline
{
    Task AppendAsync(VisitId visit, TimelineEntry entry, CancellationToken cancellationToken = default);
}

/// <param name="Kind">One of <see cref="TimelineKinds"/>.</param>
/// <param name="Actor">Who did it (null: the system, e.g. the window closing).</param>
/// <param name="Subject">Whom it was done to, when someone.</param>
/// <param name="Detail">Free text: the warning's words, a note, the method refused.</param>
public sealed record TimelineEntry(
    string Kind,
    DateTimeOffset At,
    ParticipantId? Actor = null,
    ParticipantRole? ActorRole = null,
    ParticipantId? Subject = null,
    string? Detail = null,
    bool Incident = false);

public static class TimelineKinds
{
    public const string Joined = "joined";
    public const string Left = "left";
    public const string ConnectionDropped = "connection_dropped";
    public const string MediaBack = "media_back";
    public const string SecondDevice = "second_device";
    public const string DeviceReplaced = "device_replaced";
    public const string Admitted = "admitted";
    public const string AudioMuted = "audio_muted";
    public const string AudioUnmuted = "audio_unmuted";
    public const string VideoMuted = "video_muted";
    public const string VideoUnmuted = "video_unmuted";
    public const string Paused = "paused";
    public const string Resumed = "resumed";
    public const string Aside = "aside";
    public const string Warned = "warned";
    public const string Removed = "removed";
    public const string Locked = "locked";
    public const string Unlocked = "unlocked";
    public const string Extended = "extended";
    public const string FiveMinuteWarning = "five_minute_warning";
    public const string Ended = "ended";
    public const string StopHelp = "stop_help";
    public const string StopHelpAcknowledged = "stop_help_acknowledged";
    public const string AttentionRequested = "attention_requested";
    public const string Note = "note";
    public const string RecordingRequested = "recording_requested";
    public const string RecordingAcknowledged = "recording_acknowledged";
    public const string RecordingStarted = "recording_started";
    public const string RecordingStopped = "recording_stopped";
    /// <summary>The recorder could not capture (disk full, directory missing): recording was turned off.</summary>
    public const string RecordingFailed = "recording_failed";
    /// <summary>A coordinator's change (account disabled, seat handed over, link withdrawn) cut a live connection.</summary>
    public const string AccessRevoked = "access_revoked";
    public const string Refused = "refused";
    public const string SupervisorAway = "supervisor_away";
    public const string SupervisorBack = "supervisor_back";
}
