using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Auth;
using VideoVisit.Web.Data;
using VideoVisit.Web.Hosting;
using VideoVisit.Web.Scheduling;

namespace VideoVisit.Web.Staff;

/// <summary>What any staff login does for itself, under <c>/api/me</c>.</summary>
public static class MyAccountEndpoints
{
    public static RouteGroupBuilder MapMyAccount(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("My account").RequireAuthorization(StaffRoles.AnyStaff);
        me.MapPost("/password", ChangePasswordAsync);
        return api;
    }

    /// <summary>
    /// The owner changes their password, given the current one. Every other session of the account ends (its stamp
    /// changes); this one continues with the fresh token in the answer. Wrong current passwords count towards the
    /// lockout, as at sign-in, so a stolen token cannot be used to guess the password.
    /// </summary>
    private static async Task<IResult> ChangePasswordAsync(PasswordChange request, ClaimsPrincipal staff, VideoVisitDb db,
        IPasswordHasher<StaffAccount> hasher, TokenIssuer tokens, IOptions<AuthOptions> options, TimeProvider time, CancellationToken ct)
    {
        var id = staff.FindFirstValue(VisitClaims.Participant);
        if (id is null || await db.StaffAccounts.FindAsync([id], ct) is not { } account) return Problems.NotFound();
        var now = time.GetUtcNow();
        if (StaffLogin.IsLocked(account, now)) return StaffLogin.Locked();
        if (string.IsNullOrEmpty(request.CurrentPassword) || request.CurrentPassword.Length > StaffPasswords.MaxLength ||
            hasher.VerifyHashedPassword(account, account.PasswordHash, request.CurrentPassword) == PasswordVerificationResult.Failed)
        {
            if (!string.IsNullOrEmpty(request.CurrentPassword))
            {
                await StaffLogin.CountFailureAsync(db, account.Id, options.Value, now, ct);
            }
            return Problems.Invalid("password_wrong", new FieldError("currentPassword", "The current password is wrong."));
        }
        if (StaffPasswords.Check(request.NewPassword, "newPassword") is { } weak) return Problems.Invalid("password_invalid", weak);
        if (request.NewPassword == request.CurrentPassword)
        {
            return Problems.Invalid("password_unchanged", new FieldError("newPassword", "Choose a password different from the current one."));
        }
        account.PasswordHash = hasher.HashPassword(account, request.NewPassword!);
        account.PasswordChangeRequired = false;
        account.FailedLogins = 0;
        account.SecurityStamp = StaffAccount.NewSecurityStamp();
        StaffAudit.Record(db, staff, now, StaffAudit.PasswordChanged, StaffAudit.AccountKind, account.Id, account.UserName);
        await db.SaveChangesAsync(ct);
        return Results.Ok(LoginResponse.For(account, tokens.ForStaff(account)));
    }
}
