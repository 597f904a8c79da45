namespace VideoVisit.Media.Stun;

/// <summary>Error codes an ICE-lite responder sends (RFC 8489 §14.8, RFC 8445 §7.3.1.1), with static UTF-8 reasons.</summary>
public static class StunErrorCode
{
    public const int BadRequest = 400;
    public const int Unauthorized = 401;
    public const int UnknownAttribute = 420;
    public const int RoleConflict = 487;

    public static ReadOnlySpan<byte> ReasonPhrase(int code) => code switch
    {
        BadRequest => "Bad Request"u8,
        Unauthorized => "Unauthorized"u8,
        UnknownAttribute => "Unknown Attribute"u8,
        RoleConflict => "Role Conflict"u8,
        _ => "Error"u8,
    };
}
