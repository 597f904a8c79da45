using System.Globalization;
using System.Security.Claims;

namespace VideoVisit.Signaling.Visits;

/// <summary>Who is calling, as their participant token says. Built once per connection from validated claims.</summary>
public sealed record VisitCaller(
    VisitId Visit,
    ParticipantId Participant,
    ParticipantRole Role,
    string DisplayName,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    string? Invitation = null)
{
    /// <summary>Reads a participant token's claims; false when any is missing or malformed (e.g. a staff token, which names no visit).</summary>
    public static bool TryFrom(ClaimsPrincipal? user, out VisitCaller caller)
    {
        caller = null!;
        if (user?.Identity?.IsAuthenticated != true) return false;
        if (!VisitId.TryParse(user.FindFirstValue(VisitClaims.Visit), out var visit)) return false;
        if (!ParticipantId.TryParse(user.FindFirstValue(VisitClaims.Participant), out var participant)) return false;
        if (!ParticipantRoles.TryParse(user.FindFirstValue(VisitClaims.Role), out var role)) return false;
        if (!TryUnix(user.FindFirstValue(VisitClaims.WindowStart), out var start)) return false;
        if (!TryUnix(user.FindFirstValue(VisitClaims.WindowEnd), out var end)) return false;
        // The invitation may be missing (a token from before invitations were named): the directory then refuses the
        // token at Join, whatever its seat (fail closed), rather than the connection being refused without a reason.
        caller = new VisitCaller(visit, participant, role, user.FindFirstValue(VisitClaims.DisplayName) ?? "", start, end,
            user.FindFirstValue(VisitClaims.Invitation));
        return true;
    }

    private static bool TryUnix(string? text, out DateTimeOffset value)
    {
        value = default;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
        value = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }
}
