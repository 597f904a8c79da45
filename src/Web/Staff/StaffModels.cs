using VideoVisit.Web.Data;

namespace VideoVisit.Web.Staff;

/// <param name="Status">active or disabled.</param>
/// <param name="LockedUntil">Set while too many failed sign-ins keep the account locked (a password reset unlocks it).</param>
public sealed record StaffAccountView(string Id, string UserName, string DisplayName, string Role, string Status,
    DateTimeOffset? DisabledAt, DateTimeOffset? LockedUntil, bool PasswordChangeRequired)
{
    public const string Active = "active";
    public const string Disabled = "disabled";

    public static StaffAccountView Of(StaffAccount a, DateTimeOffset now) => new(a.Id, a.UserName, a.DisplayName, a.Role,
        a.DisabledAt is null ? Active : Disabled, a.DisabledAt, a.LockedUntil > now ? a.LockedUntil : null, a.PasswordChangeRequired);
}

public sealed record NewStaffAccount(string? UserName, string? DisplayName, string? Role, string? Password);

/// <summary>A coordinator's change to an account: either field may be left out (null).</summary>
public sealed record StaffAccountChange(string? DisplayName, string? Role);

/// <summary>A temporary password a coordinator sets; the owner is asked to replace it at their next sign-in.</summary>
public sealed record PasswordReset(string? Password);

/// <summary>The owner's own change, which needs the current password.</summary>
public sealed record PasswordChange(string? CurrentPassword, string? NewPassword);
