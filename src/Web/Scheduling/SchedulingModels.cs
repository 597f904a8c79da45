namespace VideoVisit.Web.Scheduling;

public sealed record FamilyView(string Id, string ChildName, string ParentName, string? GuardianContact, DateTimeOffset CreatedAt,
    DateTimeOffset? ArchivedAt);

/// <summary>A family as a coordinator enters it, to add one (POST) or to replace its names and contact (PUT).</summary>
public sealed record NewFamily(string? ChildName, string? ParentName, string? GuardianContact);

public sealed record NewVisit(string? FamilyId, string? Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string? SupervisorId, string? ObserverId, bool RecordingAllowed);

/// <summary>upcoming: not started; live: inside its window and not ended or cancelled; past: over, ended or cancelled.</summary>
public enum VisitPhase
{
    Upcoming,
    Live,
    Past,
}

/// <summary>A seat of a visit, as staff see it: who, which role, and whether a working link exists (never the code).</summary>
public sealed record ParticipantView(string Id, string Role, string DisplayName, string InvitationState, DateTimeOffset? InvitationIssuedAt);

/// <summary>A visit as staff see it. Family contact details are not part of it: they stay on the family.</summary>
public sealed record VisitView(string Id, string Title, string? FamilyId, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string Status, string Phase, bool RecordingAllowed, IReadOnlyList<ParticipantView> Participants);

/// <summary>
/// A fresh invitation link, shown once: only the code's hash is stored, so a lost link is replaced (resend), never
/// shown again.
/// </summary>
public sealed record InvitationLink(string ParticipantId, string Role, string DisplayName, string Url, string QrCodePng);

public sealed record ScheduledVisit(VisitView Visit, IReadOnlyList<InvitationLink> Links);
