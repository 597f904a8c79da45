using VideoVisit.Web.Data;

namespace VideoVisit.Web.Invitations;

public enum VisitWindowState
{
    Open,
    NotOpenYet,
    Over,
    Cancelled,
}

/// <summary>
/// When a visit can be entered: from <c>Invitations:EarlyJoin</c> before its start until its end, unless cancelled or
/// ended. The same rule for an invitation link and for a staff login opening its console.
/// </summary>
public static class VisitWindow
{
    public static VisitWindowState Of(Visit visit, DateTimeOffset now, TimeSpan earlyJoin) =>
        visit.Status == VisitStatus.Cancelled ? VisitWindowState.Cancelled
        : visit.Status == VisitStatus.Ended || now > visit.EndsAt ? VisitWindowState.Over
        : now < OpensAt(visit, earlyJoin) ? VisitWindowState.NotOpenYet
        : VisitWindowState.Open;

    public static DateTimeOffset OpensAt(Visit visit, TimeSpan earlyJoin) => visit.StartsAt - earlyJoin;

    /// <summary>The refusal for a window that is not open, with the status the caller's endpoint uses for "too early".</summary>
    public static IResult? Refusal(VisitWindowState state, Visit visit, TimeSpan earlyJoin, int notOpenStatus) => state switch
    {
        VisitWindowState.Cancelled => Hosting.Problems.Create(StatusCodes.Status410Gone, "visit_cancelled", "This visit has been cancelled."),
        VisitWindowState.Over => Hosting.Problems.Create(StatusCodes.Status410Gone, "visit_over", "This visit is over; it can no longer be entered."),
        VisitWindowState.NotOpenYet => Hosting.Problems.Create(notOpenStatus, "visit_not_open", "This visit has not opened yet.",
            new Dictionary<string, object?> { ["startsAt"] = visit.StartsAt, ["opensAt"] = OpensAt(visit, earlyJoin) }),
        _ => null,
    };

    /// <summary>
    /// A seat whose every link was withdrawn (by a coordinator, or because the supervisor removed that person) is out:
    /// the hub refuses it whatever token it holds (kick = ban).
    /// </summary>
    public static bool IsRevoked(Participant seat) => seat.Invitations.Count > 0 && seat.Invitations.All(i => i.RevokedAt is not null);
}
