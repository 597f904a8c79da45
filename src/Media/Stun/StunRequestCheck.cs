namespace VideoVisit.Media.Stun;

/// <summary>What an ICE-lite responder does with a Binding request after checking it.</summary>
public enum StunRequestVerdict : byte
{
    /// <summary>Authenticated: answer with a success response.</summary>
    Accept,
    /// <summary>Silently discard: not a Binding request, or FINGERPRINT missing or wrong (RFC 8445 §7.3, RFC 8489 §14.7).</summary>
    Drop,
    /// <summary>420 with UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1.1).</summary>
    UnknownAttribute,
    /// <summary>400: USERNAME or MESSAGE-INTEGRITY missing, or USERNAME malformed (RFC 8489 §9.1.3).</summary>
    BadRequest,
    /// <summary>401: unknown username or MESSAGE-INTEGRITY does not verify (RFC 8489 §9.1.3).</summary>
    Unauthorized,
}

/// <summary>
/// The order of checks for a short-term-credential Binding request (RFC 8489 §6.3, §9.1.3; RFC 8445 §7.3).
/// Two steps, because the key depends on the username: <see cref="Precheck"/> yields our ufrag, the caller looks up
/// the session (and its ice-pwd), then <see cref="Authenticate"/> checks MESSAGE-INTEGRITY with that key.
/// </summary>
public static class StunRequestCheck
{
    public static StunRequestVerdict Precheck(in StunMessage request, out ReadOnlySpan<byte> ourUfrag, out ReadOnlySpan<byte> theirUfrag)
    {
        ourUfrag = default;
        theirUfrag = default;
        if (request.Class != StunClass.Request || request.Method != StunMethod.Binding
            || !request.HasFingerprint || !request.VerifyFingerprint())
        {
            return StunRequestVerdict.Drop;
        }

        if (request.UnknownComprehensionRequiredCount > 0)
        {
            return StunRequestVerdict.UnknownAttribute;
        }

        if (!request.HasMessageIntegrity || !request.TryGetUsername(out ReadOnlySpan<byte> username)
            || !StunUsername.TrySplit(username, out ourUfrag, out theirUfrag))
        {
            return StunRequestVerdict.BadRequest;
        }

        return StunRequestVerdict.Accept;
    }

    /// <summary>An empty key means the ufrag matched no session.</summary>
    public static StunRequestVerdict Authenticate(in StunMessage request, ReadOnlySpan<byte> key) =>
        !key.IsEmpty && request.VerifyMessageIntegrity(key) ? StunRequestVerdict.Accept : StunRequestVerdict.Unauthorized;
}
