using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Auth;
using VideoVisit.Web.Data;
using VideoVisit.Web.Hosting;

namespace VideoVisit.Web.Invitations;

public sealed record ExchangeRequest(string? Code);

public sealed record VisitSummary(string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

public sealed record ExchangeResponse(string Token, DateTimeOffset ExpiresAt, string VisitId, string ParticipantId,
    string Role, string DisplayName, VisitSummary Visit);

/// <summary>Trades an invitation code for a participant token, only while the visit's window is open.</summary>
public sealed partial class InvitationExchange(VideoVisitDb db, TokenIssuer tokens, IOptions<InvitationOptions> options,
    TimeProvider time, ILogger<InvitationExchange> logger)
{
    public async Task<IResult> ExchangeAsync(ExchangeRequest request, CancellationToken cancellationToken)
    {
        if (!InvitationCodes.TryNormalize(request.Code, out var code))
        {
            LogRefused(logger, "malformed");
            return Unknown();
        }
        var hash = InvitationCodes.Hash(code);
        var invitation = await db.Invitations
            .Include(i => i.Participant!).ThenInclude(p => p.Visit)
            .SingleOrDefaultAsync(i => i.CodeHash == hash, cancellationToken);
        if (invitation?.Participant?.Visit is not { } visit)
        {
            LogRefused(logger, "unknown");
            return Unknown();
        }
        var participant = invitation.Participant;
        var now = time.GetUtcNow();
        if (invitation.RevokedAt is not null)
        {
            LogRefused(logger, "revoked");
            return Problems.Create(StatusCodes.Status410Gone, "invitation_revoked", "This invitation link has been withdrawn.");
        }
        if (participant.StaffAccountId is { } accountId &&
            await db.StaffAccounts.Where(a => a.Id == accountId).Select(a => a.Role).SingleOrDefaultAsync(cancellationToken) is var accountRole &&
            !Staff.StaffSeats.MayHold(accountRole, participant.Role))
        {
            // A supervisor demoted to observer (or an account gone) no longer takes the seat through an old link.
            LogRefused(logger, "seat not held");
            return Problems.Create(StatusCodes.Status403Forbidden, "seat_not_held",
                "This link's staff seat needs a role your account no longer has: ask a coordinator for a new link.");
        }
        var state = VisitWindow.Of(visit, now, options.Value.EarlyJoin);
        if (VisitWindow.Refusal(state, visit, options.Value.EarlyJoin, StatusCodes.Status403Forbidden) is { } refusal)
        {
            LogRefused(logger, state.ToString());
            return refusal;
        }
        var session = ParticipantSessions.Issue(tokens, visit, participant, invitation.Id);
        LogExchanged(logger, visit.Id, participant.Id, participant.Role);
        return Results.Ok(session);
    }

    private static IResult Unknown() =>
        Problems.Create(StatusCodes.Status404NotFound, "invitation_unknown", "This invitation link is not valid.");

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Invitation exchanged: visit {VisitId}, participant {ParticipantId} ({Role})")]
    private static partial void LogExchanged(ILogger logger, string visitId, string participantId, string role);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Invitation exchange refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
