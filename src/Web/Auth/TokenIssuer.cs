using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Web.Auth;

public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>Issues the two kinds of token: a participant's (one visit, one role, its window) and a staff login's.</summary>
public sealed class TokenIssuer(IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>A staff token's user name (OpenID Connect's claim name).</summary>
    public const string UserNameClaim = "preferred_username";

    private readonly JsonWebTokenHandler _handler = new();

    /// <param name="invitation">The invitation (link) the token is exchanged from, or <see cref="VisitClaims.StaffLoginInvitation"/>:
    /// reissuing or withdrawing that link ends the token (docs/revocation.md).</param>
    public IssuedToken ForParticipant(VisitId visit, ParticipantId participant, ParticipantRole role, string displayName,
        DateTimeOffset windowStart, DateTimeOffset windowEnd, string invitation)
    {
        var o = options.Value;
        var expires = windowEnd + o.ParticipantTokenGrace;
        var claims = new Dictionary<string, object>
        {
            [VisitClaims.Participant] = participant.Value,
            [VisitClaims.Visit] = visit.Value,
            [VisitClaims.Role] = role.ToWire(),
            [VisitClaims.DisplayName] = displayName,
            [VisitClaims.WindowStart] = windowStart.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            [VisitClaims.WindowEnd] = windowEnd.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            [VisitClaims.Invitation] = invitation,
        };
        return Issue(claims, expires);
    }

    public IssuedToken ForStaff(Data.StaffAccount account)
    {
        var claims = new Dictionary<string, object>
        {
            [VisitClaims.Participant] = account.Id,
            [VisitClaims.DisplayName] = account.DisplayName,
            [UserNameClaim] = account.UserName,
            [VisitClaims.StaffRole] = account.Role,
            [StaffSessions.StampClaim] = account.SecurityStamp,
        };
        return Issue(claims, time.GetUtcNow() + options.Value.StaffTokenLifetime);
    }

    private IssuedToken Issue(Dictionary<string, object> claims, DateTimeOffset expires)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = o.Issuer,
            Audience = o.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddSeconds(-5),
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(SigningKeys.From(o), SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, expires);
    }
}
