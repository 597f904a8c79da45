namespace VideoVisit.Web.Staff;

/// <summary>Which staff accounts may hold which seat of a visit, judged on the account's role as it is now.</summary>
public static class StaffSeats
{
    /// <summary>
    /// A supervisor seat needs a supervisor or coordinator account; an observer seat any staff account. An account
    /// that is gone (null role) holds nothing.
    /// </summary>
    public static bool MayHold(string? accountRole, string seatRole) => seatRole switch
    {
        "supervisor" => accountRole is StaffRoles.Supervisor or StaffRoles.Coordinator,
        _ => StaffRoles.IsValid(accountRole),
    };
}
