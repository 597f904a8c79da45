using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Ice;

/// <summary>
/// The checks that need no session: well-formed STUN, a Binding request, a valid FINGERPRINT, a USERNAME
/// "ours:theirs" (RFC 8445 §7.2.2). What fails here is dropped unanswered: with no session there is no key, and a
/// shared port must not answer every stray datagram (RFC 8445 §7.3; RFC 7983 demultiplexing relies on FINGERPRINT).
/// </summary>
internal static class IceBindingRequest
{
    /// <summary>Returns <see cref="IceBindingOutcome.Accepted"/> when the request may go on to a session.</summary>
    public static IceBindingOutcome TryRead(ReadOnlySpan<byte> datagram, out StunMessage message,
        out ReadOnlySpan<byte> ourUfrag, out ReadOnlySpan<byte> theirUfrag)
    {
        ourUfrag = default;
        theirUfrag = default;
        if (!StunMessage.TryParse(datagram, out message, out _))
        {
            return IceBindingOutcome.Malformed;
        }

        if (message.Class != StunClass.Request || message.Method != StunMethod.Binding)
        {
            return IceBindingOutcome.NotBindingRequest;
        }

        // RFC 8445 §7.2.2: checks carry FINGERPRINT; RFC 8489 §14.7 makes a wrong one "not STUN" on a shared port.
        if (!message.VerifyFingerprint())
        {
            return IceBindingOutcome.BadFingerprint;
        }

        if (!message.TryGetUsername(out ReadOnlySpan<byte> username)
            || !StunUsername.TrySplit(username, out ourUfrag, out theirUfrag))
        {
            return IceBindingOutcome.NoUsername;
        }

        return IceBindingOutcome.Accepted;
    }
}
