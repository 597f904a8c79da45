namespace VideoVisit.Signaling.Visits;

/// <summary>
/// Claim names of a participant token. The host issues tokens with them; the hub reads them. Short names keep
/// the token small enough for a query string (<c>access_token</c>).
/// </summary>
public static class VisitClaims
{
    public const string Participant = "sub";
    public const string Visit = "vv_visit";
    public const string Role = "vv_role";
    public const string DisplayName = "name";
    /// <summary>Unix seconds: the visit's scheduled window, as the token was issued.</summary>
    public const string WindowStart = "vv_ws";
    public const string WindowEnd = "vv_we";
    /// <summary>
    /// The invitation (link) the participant token was exchanged from: reissuing or withdrawing that link ends the
    /// token (docs/revocation.md). A token opened from a staff login's console names <see cref="StaffLoginInvitation"/>.
    /// </summary>
    public const string Invitation = "vv_inv";
    /// <summary>The <see cref="Invitation"/> of a token issued to a staff login for its own seat (no link involved).</summary>
    public const string StaffLoginInvitation = "staff-login";
    /// <summary>Staff role of a staff token (coordinator, supervisor, observer).</summary>
    public const string StaffRole = "vv_staff";
}
