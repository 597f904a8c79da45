namespace VideoVisit.Media.Ice;

/// <summary>What the agent did with one datagram handed to it as a Binding request.</summary>
public enum IceBindingOutcome : byte
{
    /// <summary>Not a well-formed STUN message (RFC 8489 §6.3): dropped.</summary>
    Malformed,
    /// <summary>Not a Binding request (responses, indications, other methods): dropped.</summary>
    NotBindingRequest,
    /// <summary>FINGERPRINT missing or wrong (RFC 8445 §7.3 requires it on a shared port): dropped.</summary>
    BadFingerprint,
    /// <summary>No usable USERNAME: it cannot be tied to any session, so it is dropped unanswered.</summary>
    NoUsername,
    /// <summary>USERNAME names a ufrag that is not this session's (or no registered session): dropped, not ours.</summary>
    NotOurs,
    /// <summary>Our ufrag but no MESSAGE-INTEGRITY: 400 without integrity (RFC 8489 §9.1.3).</summary>
    BadRequest,
    /// <summary>MESSAGE-INTEGRITY wrong, or the remote ufrag is not the signalled one: 401 without integrity.</summary>
    Unauthorized,
    /// <summary>Authenticated, but with unknown comprehension-required attributes: 420 (RFC 8489 §6.3.1.1).</summary>
    UnknownAttribute,
    /// <summary>Authenticated, but the peer claims the controlled role too: 487 (RFC 8445 §7.3.1.1).</summary>
    RoleConflict,
    /// <summary>Authenticated: Binding success sent, source validated (and selected if nominated).</summary>
    Accepted,
    /// <summary>The session is closed: dropped.</summary>
    Closed,
}
