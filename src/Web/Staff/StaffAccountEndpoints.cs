using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using VideoVisit.Web.Data;
using VideoVisit.Web.Hosting;

namespace VideoVisit.Web.Staff;

public sealed record StaffAccountView(string Id, string UserName, string DisplayName, string Role);

public sealed record NewStaffAccount(string? UserName, string? DisplayName, string? Role, string? Password);

/// <summary>Coordinators create supervisor, observer and further coordinator accounts.</summary>
public static class StaffAccountEndpoints
{
    public const int MinPasswordLength = 12;

    public static RouteGroupBuilder MapStaffAccounts(this RouteGroupBuilder api)
    {
        var staff = api.MapGroup("/staff").WithTags("Staff accounts");
        staff.MapGet("", async (VideoVisitDb db, CancellationToken ct) =>
            (await db.StaffAccounts.OrderBy(a => a.UserName).ToListAsync(ct))
                .Select(a => new StaffAccountView(a.Id, a.UserName, a.DisplayName, a.Role)).ToList())
            .RequireAuthorization(StaffRoles.AnyStaff);
        staff.MapPost("", CreateAsync).RequireAuthorization(StaffRoles.Coordinating);
        return api;
    }

    private static async Task<IResult> CreateAsync(NewStaffAccount request, VideoVisitDb db, IPasswordHasher<StaffAccount> hasher, CancellationToken ct)
    {
        var created = await CreateAccountAsync(db, hasher, request.UserName, request.DisplayName, request.Role, request.Password, ct);
        return created.Error is { } error
            ? Problems.Create(StatusCodes.Status400BadRequest, "staff_invalid", error)
            : Results.Created($"/api/staff/{created.Account!.Id}", created.Account);
    }

    /// <summary>Shared by the REST endpoint and the first-run command; the error names what is wrong.</summary>
    public static async Task<(StaffAccountView? Account, string? Error)> CreateAccountAsync(VideoVisitDb db,
        IPasswordHasher<StaffAccount> hasher, string? userName, string? displayName, string? role, string? password, CancellationToken ct)
    {
        userName = userName?.Trim();
        if (string.IsNullOrEmpty(userName) || userName.Length > 100) return (null, "A user name of 1-100 characters is required.");
        if (!StaffRoles.IsValid(role)) return (null, "The role must be coordinator, supervisor or observer.");
        if (password is null || password.Length < MinPasswordLength || password.Length > 1024)
        {
            return (null, $"The password must have at least {MinPasswordLength} characters.");
        }
        if (await db.StaffAccounts.AnyAsync(a => a.UserName == userName, ct)) return (null, $"The user name '{userName}' is taken.");
        var account = new StaffAccount
        {
            Id = Guid.NewGuid().ToString("N"), UserName = userName,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? userName : displayName.Trim()[..Math.Min(100, displayName.Trim().Length)],
            Role = role!, PasswordHash = "",
        };
        account.PasswordHash = hasher.HashPassword(account, password);
        db.StaffAccounts.Add(account);
        await db.SaveChangesAsync(ct);
        return (new StaffAccountView(account.Id, account.UserName, account.DisplayName, account.Role), null);
    }
}
