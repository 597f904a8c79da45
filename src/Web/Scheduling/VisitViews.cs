using VideoVisit.Web.Data;

namespace VideoVisit.Web.Scheduling;

/// <summary>What the staff API shows of a visit: its phase, its seats in a fixed order, a family's default title.</summary>
internal static class VisitViews
{
    internal static VisitPhase PhaseOf(Visit v, DateTimeOffset now) =>
        v.Status != VisitStatus.Scheduled || v.EndsAt <= now ? VisitPhase.Past : v.StartsAt <= now ? VisitPhase.Live : VisitPhase.Upcoming;

    /// <param name="replaced">Seats to leave out (see <see cref="VisitQueries.ReplacedSeatsAsync"/>); none when null.</param>
    internal static VisitView View(Visit v, DateTimeOffset now, IReadOnlySet<string>? replaced = null) => new(v.Id, v.Title, v.FamilyId, v.StartsAt, v.EndsAt,
        v.Status.ToString().ToLowerInvariant(), PhaseOf(v, now).ToString().ToLowerInvariant(), v.RecordingAllowed,
        v.Participants.Where(p => replaced?.Contains(p.Id) != true).OrderBy(p => RoleOrder(p.Role)).Select(p =>
        {
            var active = p.Invitations.Where(i => i.RevokedAt is null).OrderByDescending(i => i.CreatedAt).FirstOrDefault();
            var state = active is not null ? "active" : p.Invitations.Count > 0 ? "revoked" : "none";
            return new ParticipantView(p.Id, p.Role, p.DisplayName, state, active?.CreatedAt);
        }).ToList());

    internal static int RoleOrder(string role) => role switch { "supervisor" => 0, "parent" => 1, "child" => 2, _ => 3 };

    internal static string DefaultTitle(string child, string parent) => $"{child} / {parent}";
}
