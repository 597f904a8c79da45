using Microsoft.EntityFrameworkCore;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.Timeline;

/// <summary>The durable side of moderation: revoked invitations, ended visits and extended windows live in the database.</summary>
public sealed class EfVisitDirectory(IDbContextFactory<VideoVisitDb> factory) : IVisitDirectory
{
    public async Task<VisitAccess> CheckAccessAsync(VisitId visit, ParticipantId participant, string? invitation, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.Visits.Where(v => v.Id == visit.Value).Select(v => new { v.Status }).SingleOrDefaultAsync(cancellationToken);
        if (row is null) return VisitAccess.UnknownVisit;
        if (row.Status == VisitStatus.Cancelled) return VisitAccess.Cancelled;
        if (row.Status == VisitStatus.Ended) return VisitAccess.Ended;
        var invitations = await db.Invitations.Where(i => i.ParticipantId == participant.Value && i.Participant!.VisitId == visit.Value)
            .Select(i => i.RevokedAt).ToListAsync(cancellationToken);
        // Someone whose every invitation was withdrawn is out, whatever token they still hold.
        if (invitations.Count > 0 && invitations.All(r => r is not null)) return VisitAccess.Revoked;
        // A token belongs to the link it came from (docs/revocation.md): once that link is withdrawn or reissued, the
        // token is dead even if the seat has a newer link. A staff login's token belongs to the seat's account instead.
        if (invitation == VisitClaims.StaffLoginInvitation)
        {
            var held = await db.Participants.AnyAsync(p => p.Id == participant.Value && p.VisitId == visit.Value && p.StaffAccountId != null, cancellationToken);
            if (!held) return VisitAccess.Revoked;
        }
        else
        {
            var live = invitation is not null && await db.Invitations.AnyAsync(
                i => i.Id == invitation && i.ParticipantId == participant.Value && i.RevokedAt == null, cancellationToken);
            if (!live) return VisitAccess.Revoked;
        }
        // A staff seat (from the emailed link or the staff login's console) of a disabled account stays closed: a
        // lost phone's console cannot come back into a visit.
        var holder = await db.Participants
            .Where(p => p.Id == participant.Value && p.VisitId == visit.Value && p.StaffAccountId != null)
            .Join(db.StaffAccounts, p => p.StaffAccountId, a => a.Id, (p, a) => new { Seat = p.Role, Account = a.Role, a.DisabledAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (holder is null) return VisitAccess.Allowed;
        if (holder.DisabledAt is not null) return VisitAccess.AccountDisabled;
        // The account's role today decides: a supervisor demoted to observer cannot supervise through an old link.
        return Staff.StaffSeats.MayHold(holder.Account, holder.Seat) ? VisitAccess.Allowed : VisitAccess.SeatNotHeld;
    }

    public async Task RevokeAsync(VisitId visit, ParticipantId participant, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var invitations = await db.Invitations
            .Where(i => i.ParticipantId == participant.Value && i.Participant!.VisitId == visit.Value && i.RevokedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var i in invitations) i.RevokedAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task MarkEndedAsync(VisitId visit, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.Visits.SingleOrDefaultAsync(v => v.Id == visit.Value, cancellationToken);
        // A cancelled visit stays cancelled: ending it (the coordinator's cancellation ends a live room) records no other outcome.
        if (row is null || row.Status != VisitStatus.Scheduled) return;
        row.Status = VisitStatus.Ended;
        if (at < row.EndsAt) row.EndsAt = at;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task SetEndAsync(VisitId visit, DateTimeOffset endsAt, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.Visits.SingleOrDefaultAsync(v => v.Id == visit.Value, cancellationToken);
        if (row is null) return;
        row.EndsAt = endsAt;
        await db.SaveChangesAsync(cancellationToken);
    }
}
