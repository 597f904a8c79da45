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
        // The password is always hashed, for an unknown user against a dummy hash: the time taken does not tell
        // which user names exist, nor which accounts are locked (docs/security.md).
        var result = account is null
            ? Verify(hasher, DummyHash(hasher), request.Password)
            : hasher.VerifyHashedPassword(account, account.PasswordHash, request.Password);
        if (account is null)
        {
            LogFailed(logger, "unknown user");
            return Failed();
        }
        if (IsLocked(account, now))
        {
            // Same answer as a wrong password: a guesser does not learn that the account exists and is locked.
            LogFailed(logger, "locked");
            return Failed();
        }
        if (result == PasswordVerificationResult.Failed)
        {
            await CountFailureAsync(db, account.Id, options.Value, now, cancellationToken);
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

    private static string? _dummyHash;

    /// <summary>A hash of a random password, made once with the host's hasher (same algorithm and cost as real ones).</summary>
    private static string DummyHash(IPasswordHasher<StaffAccount> hasher) =>
        _dummyHash ??= hasher.HashPassword(new StaffAccount { Id = "", UserName = "", DisplayName = "", Role = "", PasswordHash = "" },
            Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));

    private static PasswordVerificationResult Verify(IPasswordHasher<StaffAccount> hasher, string hash, string password) =>
        hasher.VerifyHashedPassword(new StaffAccount { Id = "", UserName = "", DisplayName = "", Role = "", PasswordHash = hash }, hash, password);

    internal static bool IsLocked(StaffAccount account, DateTimeOffset now) => account.LockedUntil is { } until && until > now;

    /// <summary>
    /// A wrong password, at sign-in or when changing one's own. The counter moves in the database itself
    /// (<c>SET FailedLogins = FailedLogins + 1</c>), so parallel guesses cannot overwrite each other's count; the
    /// <c>MaxFailedLogins</c>-th locks the account for <c>LockoutDuration</c> and starts the count again.
    /// </summary>
    internal static async Task CountFailureAsync(VideoVisitDb db, string accountId, AuthOptions options, DateTimeOffset now, CancellationToken ct)
    {
        await db.StaffAccounts.Where(a => a.Id == accountId)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.FailedLogins, a => a.FailedLogins + 1), ct);
        var until = now + options.LockoutDuration;
        await db.StaffAccounts.Where(a => a.Id == accountId && a.FailedLogins >= options.MaxFailedLogins)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.LockedUntil, until).SetProperty(a => a.FailedLogins, 0), ct);
    }

    internal static IResult Locked() =>
        Problems.Create(StatusCodes.Status423Locked, "login_locked", "Too many failed attempts: the account is locked for a while.");

    /// <summary>One answer for an unknown user, a wrong password and a locked account.</summary>
    private static IResult Failed() =>
        Problems.Create(StatusCodes.Status401Unauthorized, "login_failed",
            "The user name or password is wrong, or the account is locked for a while after too many attempts.");

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Staff login refused: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
