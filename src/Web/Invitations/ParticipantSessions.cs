using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Auth;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.Invitations;

/// <summary>A participant token for one seat of a visit and what the page needs beside it: from a link, or from a staff login.</summary>
public static class ParticipantSessions
{
    /// <param name="invitation">The invitation's id, or <see cref="VisitClaims.StaffLoginInvitation"/> for a staff login's console.</param>
    public static ExchangeResponse Issue(TokenIssuer tokens, Visit visit, Participant seat, string invitation)
    {
        if (!ParticipantRoles.TryParse(seat.Role, out var role))
        {
            throw new InvalidOperationException($"participant {seat.Id} has an unknown role '{seat.Role}'");
        }
        var token = tokens.ForParticipant(new VisitId(visit.Id), new ParticipantId(seat.Id), role, seat.DisplayName, visit.StartsAt, visit.EndsAt, invitation);
        return new ExchangeResponse(token.Token, token.ExpiresAt, visit.Id, seat.Id, seat.Role, seat.DisplayName,
            new VisitSummary(visit.Title, visit.StartsAt, visit.EndsAt));
    }
}
