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
            return Problems.Create(StatusCodes.Status401Unauthorized, "login_failed", "The user name or password is wrong.");
        }
        if (account.LockedUntil is { } until && until > now)
        {
            LogFailed(logger, "locked");
            return Problems.Create(StatusCodes.Status423Locked, "login_locked", "Too many failed attempts: the account is locked for a while.");
        }
        var result = hasher.VerifyHashedPassword(account, account.PasswordHash, request.Password);
        if (result == PasswordVerificationResult.Failed)
        {
            account.FailedLogins++;
            if (account.FailedLogins >= options.Value.MaxFailedLogins)
            {
                account.LockedUntil = now + options.Value.LockoutDuration;
                account.FailedLogins = 0;
            }
            await db.SaveChangesAsync(cancellationToken);
            LogFailed(logger, "wrong password");
            return Problems.Create(StatusCodes.Status401Unauthorized, "login_failed", "The user name or password is wrong.");
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, request.Password);
        }
        account.FailedLogins = 0;
        account.LockedUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        var token = tokens.ForStaff(account.Id, account.UserName, account.DisplayName, account.Role);
        return Results.Ok(new LoginResponse(token.Token, token.ExpiresAt, account.Role, account.DisplayName));
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Staff login refused: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
