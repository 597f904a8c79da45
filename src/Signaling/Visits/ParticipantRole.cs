namespace VideoVisit.Signaling.Visits;

/// <summary>The roles of docs/architecture.md. Supervisors and observers are staff; parents and children are the family.</summary>
public enum ParticipantRole
{
    Supervisor,
    Parent,
    Child,
    Observer,
}

public static class ParticipantRoles
{
    /// <summary>The lower-case names used in tokens, URLs, the client and the test contract.</summary>
    public static string ToWire(this ParticipantRole role) => role switch
    {
        ParticipantRole.Supervisor => "supervisor",
        ParticipantRole.Parent => "parent",
        ParticipantRole.Child => "child",
        ParticipantRole.Observer => "observer",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    public static bool TryParse(string? text, out ParticipantRole role)
    {
        switch (text)
        {
            case "supervisor": role = ParticipantRole.Supervisor; return true;
            case "parent": role = ParticipantRole.Parent; return true;
            case "child": role = ParticipantRole.Child; return true;
            case "observer": role = ParticipantRole.Observer; return true;
            default: role = default; return false;
        }
    }

    public static bool IsStaff(this ParticipantRole role) => role is ParticipantRole.Supervisor or ParticipantRole.Observer;

    public static bool IsFamily(this ParticipantRole role) => role is ParticipantRole.Parent or ParticipantRole.Child;
}
