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
    /// <summary>Staff role of a staff token (coordinator, supervisor, observer).</summary>
    public const string StaffRole = "vv_staff";
}
