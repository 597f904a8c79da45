using Microsoft.EntityFrameworkCore;
using VideoVisit.Signaling.Ports;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.VisitRecords;

public sealed record RecordParticipant(string Id, string Role, string DisplayName, DateTimeOffset? FirstJoinedAt,
    DateTimeOffset? LastLeftAt, int MinutesPresent);

/// <summary>
/// How one participant's connection went, stored when the visit ended (docs/operations.md "Per-visit quality"): minutes
/// connected, the loss their browser reported on what it received (percent; null without reports), freezes of the
/// video sent to them (more than a second without a picture while nothing closed it), and reconnects.
/// </summary>
public sealed record RecordQuality(string ParticipantId, string Role, string DisplayName, int MinutesConnected,
    double? AverageLossPercent, int Freezes, int Reconnects);

public sealed record RecordEntry(DateTimeOffset At, string Kind, string? ActorRole, string? Actor, string? Subject,
    string? Detail, bool Incident);

/// <summary>
/// The record of one visit (docs/safeguarding.md S10): who took part, when, how long, what happened, the notes and the
/// incidents. Built from the visit's seats and the timeline only: it cannot hold the family's contact details, and
/// names are the display names staff set.
/// </summary>
public sealed record VisitRecord(string VisitId, string Title, string Status, DateTimeOffset ScheduledStart,
    DateTimeOffset ScheduledEnd, int ScheduledMinutes, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, int? ActualMinutes,
    bool RecordingAllowed, IReadOnlyList<RecordParticipant> Participants, IReadOnlyList<RecordEntry> Timeline,
    IReadOnlyList<RecordEntry> Notes, IReadOnlyList<RecordEntry> Incidents, DateTimeOffset GeneratedAt)
{
    /// <summary>Per participant, once the visit has ended (empty before).</summary>
    public IReadOnlyList<RecordQuality> Quality { get; init; } = [];

    // The hub puts the SignalR connection id in these entries' detail: useful to operators, noise in a record.
    private static readonly HashSet<string> ConnectionKinds =
        [TimelineKinds.Joined, TimelineKinds.Left, TimelineKinds.ConnectionDropped, TimelineKinds.SecondDevice, TimelineKinds.DeviceReplaced];

    public static async Task<VisitRecord?> BuildAsync(VideoVisitDb db, string visitId, DateTimeOffset now, CancellationToken ct)
    {
        var visit = await db.Visits.Include(v => v.Participants).SingleOrDefaultAsync(v => v.Id == visitId, ct);
        if (visit is null) return null;
        var events = await db.Timeline.Where(t => t.VisitId == visitId).OrderBy(t => t.At).ThenBy(t => t.Id).ToListAsync(ct);
        var names = visit.Participants.ToDictionary(p => p.Id, p => p.DisplayName);
        // Coordinators act from their staff login: their display name, never their user name or contact.
        var staffIds = events.Where(e => e.ActorParticipantId is { } a && !names.ContainsKey(a)).Select(e => e.ActorParticipantId!).Distinct().ToList();
        foreach (var account in await db.StaffAccounts.Where(a => staffIds.Contains(a.Id)).ToListAsync(ct)) names[account.Id] = account.DisplayName;
        string? Name(string? id) => id is null ? null : names.GetValueOrDefault(id, id);

        var entries = events.Select(e => new RecordEntry(e.At, e.Kind, e.ActorRole, Name(e.ActorParticipantId), Name(e.SubjectParticipantId),
            ConnectionKinds.Contains(e.Kind) ? null : e.Detail, e.Incident)).ToList();
        var participants = visit.Participants
            .OrderBy(p => Scheduling.VisitViews.RoleOrder(p.Role))
            .Select(p => Presence(p, events, visit.EndsAt < now ? visit.EndsAt : now))
            .ToList();

        // The visit ran from the first admission (or the first join) to its end event or the last leave.
        var started = events.FirstOrDefault(e => e.Kind == TimelineKinds.Admitted)?.At ?? events.FirstOrDefault(e => e.Kind == TimelineKinds.Joined)?.At;
        var ended = events.LastOrDefault(e => e.Kind == TimelineKinds.Ended)?.At
            ?? events.LastOrDefault(e => e.Kind is TimelineKinds.Left or TimelineKinds.ConnectionDropped)?.At;
        int? actual = started is { } s && ended is { } en && en > s ? (int)Math.Round((en - s).TotalMinutes) : null;

        var seats = visit.Participants.ToDictionary(p => p.Id);
        var quality = (await db.Quality.Where(q => q.VisitId == visitId).ToListAsync(ct))
            .Where(q => seats.ContainsKey(q.ParticipantId))
            .OrderBy(q => Scheduling.VisitViews.RoleOrder(seats[q.ParticipantId].Role))
            .Select(q => new RecordQuality(q.ParticipantId, seats[q.ParticipantId].Role, seats[q.ParticipantId].DisplayName, q.MinutesConnected,
                q.AverageLossPercent, q.Freezes, q.Reconnects))
            .ToList();

        return new VisitRecord(visit.Id, visit.Title, visit.Status.ToString().ToLowerInvariant(), visit.StartsAt, visit.EndsAt,
            (int)Math.Round((visit.EndsAt - visit.StartsAt).TotalMinutes), started, ended, actual, visit.RecordingAllowed, participants,
            entries, entries.Where(e => e.Kind == TimelineKinds.Note && !e.Incident).ToList(), entries.Where(e => e.Incident).ToList(), now)
        {
            Quality = quality,
        };
    }

    /// <summary>Time present: each join until the next leave or drop of the same person, the visit's end event, or the window's end.</summary>
    internal static RecordParticipant Presence(Participant p, List<TimelineEvent> events, DateTimeOffset openEnd)
    {
        DateTimeOffset? first = null, last = null, since = null;
        var total = TimeSpan.Zero;
        foreach (var e in events.Where(e => e.ActorParticipantId == p.Id || e.Kind == TimelineKinds.Ended))
        {
            if (e.Kind == TimelineKinds.Joined)
            {
                first ??= e.At;
                since ??= e.At;
            }
            else if (e.Kind is TimelineKinds.Left or TimelineKinds.ConnectionDropped or TimelineKinds.Ended)
            {
                if (since is not null || e.Kind != TimelineKinds.Ended) last = e.At;
                if (since is { } from) total += e.At - from;
                since = null;
            }
        }
        if (since is { } open && openEnd > open) total += openEnd - open;
        return new RecordParticipant(p.Id, p.Role, p.DisplayName, first, last, (int)Math.Round(total.TotalMinutes));
    }
}
