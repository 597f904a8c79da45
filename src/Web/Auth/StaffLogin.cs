using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VideoVisit.Web.Data;
using VideoVisit.Web.Hosting;

namespace VideoVisit.Web.Auth;

/// <summary>Staff sign-in: password check with ASP.NET Core Identity's hasher, lockout after repeated failures.</summary>
public sealed partial class StaffLogin(VideoVisitDb db, IPasswordHasher<StaffAccount> hasher, TokenIssuer tokens,
    IOptions<AuthOptions> options, TimeProvider time, ILogger<StaffLogin> logger)
{
    public async Task<IResult> LoginAsync(LoginRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password) ||
            request.UserName.Length > 100 || request.Password.Length > 1024)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "login_invalid", "User name and password are required.");
        }
        var account = await db.StaffAccounts.SingleOrDefaultAsync(a => a.UserName == request.UserName.Trim(), cancellationToken);
        var now = time.GetUtcNow();
        if (account is null)
        {
            // Same answer as a wrong password: the response never tells which user names exist.
            LogFailed(logger, "unknown user");
            return Failed();
        }
        if (IsLocked(account, now))
        {
            LogFailed(logger, "locked");
            return Locked();
        }
        var result = hasher.VerifyHashedPassword(account, account.PasswordHash, request.Password);
        if (result == PasswordVerificationResult.Failed)
        {
            CountFailure(account, options.Value, now);
            await db.SaveChangesAsync(cancellationToken);
            LogFailed(logger, "wrong password");
            return Failed();
        }
        // Only someone who knows the password learns that the account is disabled.
        if (account.DisabledAt is not null)
        {
            LogFailed(logger, "disabled");
            return Problems.Create(StatusCodes.Status403Forbidden, "login_disabled", "This staff account is disabled: ask a coordinator.");
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, request.Password);
        }
        account.FailedLogins = 0;
        account.LockedUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        return Results.Ok(LoginResponse.For(account, tokens.ForStaff(account)));
    }

    internal static bool IsLocked(StaffAccount account, DateTimeOffset now) => account.LockedUntil is { } until && until > now;

    /// <summary>A wrong password, at sign-in or when changing one's own: enough of them lock the account for a while.</summary>
    internal static void CountFailure(StaffAccount account, AuthOptions options, DateTimeOffset now)
    {
        account.FailedLogins++;
        if (account.FailedLogins >= options.MaxFailedLogins)
        {
            account.LockedUntil = now + options.LockoutDuration;
            account.FailedLogins = 0;
        }
    }

    internal static IResult Locked() =>
        Problems.Create(StatusCodes.Status423Locked, "login_locked", "Too many failed attempts: the account is locked for a while.");

    private static IResult Failed() =>
        Problems.Create(StatusCodes.Status401Unauthorized, "login_failed", "The user name or password is wrong.");

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Staff login refused: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
