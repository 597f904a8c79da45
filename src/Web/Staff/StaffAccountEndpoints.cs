using System.Data;
using System.Data.Common;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Data;
using VideoVisit.Web.Hosting;
using VideoVisit.Web.Scheduling;

namespace VideoVisit.Web.Staff;

/// <summary>
/// Coordinators create, change, disable and re-enable staff accounts and reset their passwords. Every change is in
/// the staff audit; at least one active coordinator always remains.
/// </summary>
public static class StaffAccountEndpoints
{
    public static RouteGroupBuilder MapStaffAccounts(this RouteGroupBuilder api)
    {
        var staff = api.MapGroup("/staff").WithTags("Staff accounts");
        staff.MapGet("", async (VideoVisitDb db, TimeProvider time, CancellationToken ct) =>
            (await db.StaffAccounts.OrderBy(a => a.UserName).ToListAsync(ct)).Select(a => StaffAccountView.Of(a, time.GetUtcNow())).ToList())
            .RequireAuthorization(StaffRoles.Coordinating); // user names are for coordinators only (docs/security.md)
        staff.MapPost("", CreateAsync).RequireAuthorization(StaffRoles.Coordinating);
        staff.MapStaffAudit();
        staff.MapPatch("/{id}", UpdateAsync).RequireAuthorization(StaffRoles.Coordinating);
        staff.MapPost("/{id}/disable", DisableAsync).RequireAuthorization(StaffRoles.Coordinating);
        staff.MapPost("/{id}/enable", EnableAsync).RequireAuthorization(StaffRoles.Coordinating);
        staff.MapPost("/{id}/password", ResetPasswordAsync).RequireAuthorization(StaffRoles.Coordinating);
        return api;
    }

    private static async Task<IResult> CreateAsync(NewStaffAccount request, ClaimsPrincipal staff, VideoVisitDb db, IPasswordHasher<StaffAccount> hasher,
        TimeProvider time, CancellationToken ct)
    {
        var created = await StaffAccountCreation.CreateAsync(db, hasher, request.UserName, request.DisplayName, request.Role, request.Password, staff, time.GetUtcNow(), ct);
        return created.Error is { } error
            ? Problems.Invalid("staff_invalid", error)
            : Results.Created($"/api/staff/{created.Account!.Id}", created.Account);
    }

    internal static readonly FieldError RoleError = new("role", "The role must be coordinator, supervisor or observer.");

    private static Task<IResult> UpdateAsync(string id, StaffAccountChange request, ClaimsPrincipal staff, VideoVisitDb db, TimeProvider time,
        CancellationToken ct)
    {
        var name = request.DisplayName?.Trim();
        FieldError? error = null;
        if (name is null && request.Role is null) error = new("displayName", "Send a new displayName, a new role, or both.");
        else if (name is { Length: 0 or > 100 }) error = new("displayName", "A display name of 1-100 characters is required.");
        else if (request.Role is not null && !StaffRoles.IsValid(request.Role)) error = RoleError;
        if (error is not null) return Task.FromResult(Problems.Invalid("staff_invalid", error));
        var now = time.GetUtcNow();
        return ChangeAsync(id, staff, db, now, account =>
        {
            var changes = new List<(string, string?)>();
            if (name is not null && name != account.DisplayName)
            {
                changes.Add((StaffAudit.Renamed, $"{account.DisplayName} → {name}"));
                account.DisplayName = name;
            }
            if (request.Role is not null && request.Role != account.Role)
            {
                changes.Add((StaffAudit.RoleChanged, $"{account.Role} → {request.Role}"));
                account.Role = request.Role;
                // Tokens name the role they were issued for: they end, and the next sign-in carries the new role.
                account.SecurityStamp = StaffAccount.NewSecurityStamp();
            }
            return changes;
        }, account => Results.Ok(StaffAccountView.Of(account, now)), ct);
    }

    /// <summary>
    /// Disables the account; its seats' live connections in visits not yet over are cut at once, on every node
    /// (docs/revocation.md): a disabled supervisor stops admitting and watching, not only at the next join.
    /// </summary>
    private static async Task<IResult> DisableAsync(string id, ClaimsPrincipal staff, VideoVisitDb db, ISeatRevocations revocations, TimeProvider time,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var disabled = false;
        var result = await ChangeAsync(id, staff, db, now, account =>
        {
            if (account.DisabledAt is not null) return [];
            account.DisabledAt = now;
            // Re-enabling later must not bring back a token a lost laptop still holds.
            account.SecurityStamp = StaffAccount.NewSecurityStamp();
            disabled = true;
            return [(StaffAudit.AccountDisabled, null)];
        }, account => Results.Ok(StaffAccountView.Of(account, now)), ct);
        if (disabled && result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK })
        {
            var seats = await db.Participants
                .Where(p => p.StaffAccountId == id && p.Visit!.Status == VisitStatus.Scheduled)
                .Select(p => new { p.VisitId, p.Id }).ToListAsync(CancellationToken.None);
            foreach (var seat in seats)
            {
                await revocations.RevokeSeatAsync(new VisitId(seat.VisitId), new ParticipantId(seat.Id), CancellationToken.None);
            }
        }
        return result;
    }

    private static Task<IResult> EnableAsync(string id, ClaimsPrincipal staff, VideoVisitDb db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return ChangeAsync(id, staff, db, now, account =>
        {
            if (account.DisabledAt is null) return [];
            account.DisabledAt = null;
            return [(StaffAudit.AccountEnabled, null)];
        }, account => Results.Ok(StaffAccountView.Of(account, now)), ct);
    }

    private static Task<IResult> ResetPasswordAsync(string id, PasswordReset request, ClaimsPrincipal staff, VideoVisitDb db,
        IPasswordHasher<StaffAccount> hasher, TimeProvider time, CancellationToken ct)
    {
        if (StaffPasswords.Check(request.Password, "password") is { } weak) return Task.FromResult(Problems.Invalid("password_invalid", weak));
        return ChangeAsync(id, staff, db, time.GetUtcNow(), account =>
        {
            account.PasswordHash = hasher.HashPassword(account, request.Password!);
            account.PasswordChangeRequired = true;
            // A reset is also how a coordinator unlocks an account; the old password's sessions end.
            account.FailedLogins = 0;
            account.LockedUntil = null;
            account.SecurityStamp = StaffAccount.NewSecurityStamp();
            return [(StaffAudit.PasswordReset, null)];
        }, _ => Results.NoContent(), ct);
    }

    /// <summary>
    /// Applies one change to one account and audits it, inside a serializable transaction, refusing any change that
    /// would leave no active coordinator (then nobody could manage staff). Two coordinators disabling each other at
    /// the same moment: one of them is told to try again rather than both succeeding.
    /// </summary>
    private static async Task<IResult> ChangeAsync(string id, ClaimsPrincipal actor, VideoVisitDb db, DateTimeOffset now,
        Func<StaffAccount, List<(string Action, string? Detail)>> change, Func<StaffAccount, IResult> answer, CancellationToken ct)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            if (await db.StaffAccounts.SingleOrDefaultAsync(a => a.Id == id, ct) is not { } account) return Problems.NotFound();
            var wasCoordinating = IsActiveCoordinator(account);
            var changes = change(account);
            if (wasCoordinating && !IsActiveCoordinator(account) &&
                !await db.StaffAccounts.AnyAsync(a => a.Id != id && a.Role == StaffRoles.Coordinator && a.DisabledAt == null, ct))
            {
                return Problems.Create(StatusCodes.Status409Conflict, "last_coordinator",
                    "This is the last active coordinator: make another account coordinator first.");
            }
            foreach (var (action, detail) in changes)
            {
                StaffAudit.Record(db, actor, now, action, StaffAudit.AccountKind, account.Id, account.UserName, detail);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return answer(account);
        }
        catch (Exception e) when (IsSerializationFailure(e))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "staff_conflict",
                "Another change to staff accounts was saved at the same moment: reload and try again.");
        }
    }

    private static bool IsActiveCoordinator(StaffAccount a) => a.Role == StaffRoles.Coordinator && a.DisabledAt is null;

    /// <summary>PostgreSQL's serialization_failure (SQLSTATE 40001); SQLite serializes writers and never raises it.</summary>
    private static bool IsSerializationFailure(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is DbException { SqlState: "40001" }) return true;
        }
        return false;
    }
}
