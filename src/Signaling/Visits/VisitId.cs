namespace VideoVisit.Signaling.Visits;

/// <summary>Identifies one scheduled visit. Opaque to clients; never derived from family data.</summary>
public readonly record struct VisitId(string Value)
{
    public override string ToString() => Value;

    /// <summary>Visit ids are short tokens of letters, digits, '-' and '_'; anything else is refused before it reaches a store key.</summary>
    public static bool TryParse(string? text, out VisitId id)
    {
        id = default;
        if (!IdSyntax.IsValid(text)) return false;
        id = new VisitId(text!);
        return true;
    }
}

/// <summary>Identifies one invited participant of a visit (one invitation, one person).</summary>
public readonly record struct ParticipantId(string Value)
{
    public override string ToString() => Value;

    public static bool TryParse(string? text, out ParticipantId id)
    {
        id = default;
        if (!IdSyntax.IsValid(text)) return false;
        id = new ParticipantId(text!);
        return true;
    }
}

internal static class IdSyntax
{
    public const int MaxLength = 64;

    public static bool IsValid(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength) return false;
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        }
        return true;
    }
}
