namespace VideoVisit.Web.Data;

public enum VisitStatus
{
    Scheduled,
    Cancelled,
    Ended,
}

/// <summary>A scheduled supervised visit.</summary>
public sealed class Visit
{
    public required string Id { get; set; }
    public required string Title { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public VisitStatus Status { get; set; }
    public bool RecordingAllowed { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The family this visit belongs to; null for visits made before families existed (the demo).</summary>
    public string? FamilyId { get; set; }
    public Family? Family { get; set; }
    public List<Participant> Participants { get; set; } = [];
}

/// <summary>
/// A family followed by the organisation. The guardian's contact is for staff only: it never reaches a participant,
/// a visit record or an export (docs/safeguarding.md S6).
/// </summary>
public sealed class Family
{
    public required string Id { get; set; }
    public required string ChildName { get; set; }
    public required string ParentName { get; set; }
    public string? GuardianContact { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>
    /// Set when coordinators archive the family (no longer followed): kept for its visits' records, hidden from the
    /// lists and from scheduling. A family is never deleted.
    /// </summary>
    public DateTimeOffset? ArchivedAt { get; set; }
}

/// <summary>One invited person of a visit. The display name is set by staff (docs/safeguarding.md S6), never by the family.</summary>
public sealed class Participant
{
    public required string Id { get; set; }
    public required string VisitId { get; set; }
    public Visit? Visit { get; set; }
    /// <summary>supervisor, parent, child or observer.</summary>
    public required string Role { get; set; }
    public required string DisplayName { get; set; }
    /// <summary>The staff account behind a supervisor or observer seat, when scheduled from an account.</summary>
    public string? StaffAccountId { get; set; }
    public List<Invitation> Invitations { get; set; } = [];
}

/// <summary>
/// An invitation link. Only a SHA-256 hash of its code is stored: a copy of the database does not let anyone in.
/// </summary>
public sealed class Invitation
{
    public required string Id { get; set; }
    public required string ParticipantId { get; set; }
    public Participant? Participant { get; set; }
    public required string CodeHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>A staff login: coordinator, supervisor or observer.</summary>
public sealed class StaffAccount
{
    public required string Id { get; set; }
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    public required string Role { get; set; }
    public required string PasswordHash { get; set; }
    public int FailedLogins { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    /// <summary>When a coordinator disabled the account (a volunteer left, a laptop was lost); null while it is active.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
    /// <summary>
    /// Changes whenever the account's sessions must end: disabled, role changed, password reset or changed. A staff
    /// token carries the stamp it was issued with and is refused once that is no longer the account's.
    /// </summary>
    public string SecurityStamp { get; set; } = NewSecurityStamp();
    /// <summary>The password was set by a coordinator (a temporary one): the owner is asked to choose their own.</summary>
    public bool PasswordChangeRequired { get; set; }

    public static string NewSecurityStamp() => Guid.NewGuid().ToString("N");
}

/// <summary>
/// One change a coordinator (or the first-run command, or an account's owner) made to a staff account or a family:
/// who, when, what. Listed to coordinators only; kept apart from visit timelines, which are about one visit.
/// </summary>
public sealed class StaffAuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The staff account that acted; null for the first-run command on the server.</summary>
    public string? ActorAccountId { get; set; }
    public string? ActorUserName { get; set; }
    public required string Action { get; set; }
    /// <summary>staff_account or family.</summary>
    public required string SubjectKind { get; set; }
    public required string SubjectId { get; set; }
    public string? SubjectName { get; set; }
    /// <summary>What changed (e.g. "supervisor → coordinator"); never a password, never a guardian's contact.</summary>
    public string? Detail { get; set; }
}

/// <summary>One fact of a visit's record (docs/safeguarding.md S10), written by the server before the action is acknowledged.</summary>
public sealed class TimelineEvent
{
    public long Id { get; set; }
    public required string VisitId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Kind { get; set; }
    public string? ActorParticipantId { get; set; }
    public string? ActorRole { get; set; }
    public string? SubjectParticipantId { get; set; }
    public string? Detail { get; set; }
    public bool Incident { get; set; }
}

/// <summary>
/// How one participant's connection went in an ended visit (docs/operations.md "Per-visit quality"): minutes connected
/// and reconnects from the timeline, the loss their browser reported and the freezes the media server saw. It lets a
/// coordinator tell "the child's connection kept failing" from "the visit went badly".
/// </summary>
public sealed class ParticipantQualityRecord
{
    public long Id { get; set; }
    public required string VisitId { get; set; }
    public required string ParticipantId { get; set; }
    public int MinutesConnected { get; set; }
    /// <summary>Mean fraction lost of their receiver reports, in percent; null when none arrived.</summary>
    public double? AverageLossPercent { get; set; }
    public int LossReports { get; set; }
    public int Freezes { get; set; }
    public int Reconnects { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
