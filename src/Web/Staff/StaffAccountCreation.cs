using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using VideoVisit.Web.Data;
using VideoVisit.Web.Hosting;

namespace VideoVisit.Web.Staff;

/// <summary>Creating a staff account, for the REST endpoint and the first-run command alike.</summary>
public static class StaffAccountCreation
{
    /// <summary>Creates the account and audits it; the error names the field that is wrong.</summary>
    /// <param name="actor">The coordinator's login, or null for the first-run command.</param>
    public static async Task<(StaffAccountView? Account, FieldError? Error)> CreateAsync(VideoVisitDb db,
        IPasswordHasher<StaffAccount> hasher, string? userName, string? displayName, string? role, string? password,
        ClaimsPrincipal? actor, DateTimeOffset now, CancellationToken ct)
    {
        userName = userName?.Trim();
        if (string.IsNullOrEmpty(userName) || userName.Length > 100) return (null, new("userName", "A user name of 1-100 characters is required."));
        if (displayName?.Trim() is { Length: > 100 }) return (null, new("displayName", "The display name has up to 100 characters."));
        if (!StaffRoles.IsValid(role)) return (null, StaffAccountEndpoints.RoleError);
        if (StaffPasswords.Check(password, "password") is { } weak) return (null, weak);
        if (await db.StaffAccounts.AnyAsync(a => a.UserName == userName, ct)) return (null, new("userName", $"The user name '{userName}' is taken."));
        var account = new StaffAccount
        {
            Id = Guid.NewGuid().ToString("N"), UserName = userName,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? userName : displayName.Trim(),
            Role = role!, PasswordHash = "",
        };
        account.PasswordHash = hasher.HashPassword(account, password!);
        db.StaffAccounts.Add(account);
        StaffAudit.Record(db, actor, now, StaffAudit.AccountCreated, StaffAudit.AccountKind, account.Id, account.UserName,
            actor is null ? $"{account.Role} (create-coordinator command)" : account.Role);
        await db.SaveChangesAsync(ct);
        return (StaffAccountView.Of(account, now), null);
    }
}
