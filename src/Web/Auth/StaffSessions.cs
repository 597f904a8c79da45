using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Data;
using VideoVisit.Web.Hosting;

namespace VideoVisit.Web.Auth;

/// <summary>
/// A staff token is checked against its account on every request that carries it: a disabled account's tokens, and
/// tokens issued before the account's role or password changed (its security stamp), stop working at once. One
/// primary-key read per staff request, with no cache, so every node of a cluster agrees the moment the change is
/// stored. The alternative — short staff tokens renewed at a refresh endpoint — would leave a lost laptop signed in
/// until its token ran out, and needs refresh tokens this host does not have.
/// </summary>
internal static class StaffSessions
{
    /// <summary>The account's security stamp as the token was issued.</summary>
    public const string StampClaim = "vv_stamp";

    public const string Disabled = "account_disabled";
    public const string Revoked = "session_revoked";

    public static async Task ValidateAsync(TokenValidatedContext context)
    {
        var principal = context.Principal;
        // Participant tokens (from invitation links) name no staff role; the hub checks those against their visit.
        if (principal?.FindFirstValue(VisitClaims.StaffRole) is null) return;
        var id = principal.FindFirstValue(VisitClaims.Participant);
        var db = context.HttpContext.RequestServices.GetRequiredService<VideoVisitDb>();
        var account = id is null ? null : await db.StaffAccounts.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.DisabledAt, a.SecurityStamp }).SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (account?.DisabledAt is not null)
        {
            context.Fail(new StaffSessionRefusedException(Disabled, "This staff account is disabled: ask a coordinator."));
        }
        else if (account is null || account.SecurityStamp != (principal.FindFirstValue(StampClaim) ?? ""))
        {
            context.Fail(new StaffSessionRefusedException(Revoked,
                "This sign-in has ended because the account's role or password changed: sign in again."));
        }
    }

    /// <summary>A refused staff token gets 401 with a code saying why, so the page can tell the person.</summary>
    public static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        if (context.AuthenticateFailure is not StaffSessionRefusedException refused) return;
        context.HandleResponse();
        context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        await Problems.Create(StatusCodes.Status401Unauthorized, refused.Code, refused.Message).ExecuteAsync(context.HttpContext);
    }
}

internal sealed class StaffSessionRefusedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
