using System.Net;
using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Ice;

/// <summary>
/// The per-session checks of a routed Binding request, in the order RFC 8489 §6.3 gives them (authentication first,
/// then attributes, then ICE roles), answering the failures. Only what a sender of the right USERNAME may learn is
/// said: 400 and 401 carry no integrity, 420 and 487 go only to authenticated requests and are signed with our pwd.
/// </summary>
internal static class IceCheckAuthenticator
{
    /// <summary>Room for the largest answer: header, XOR-MAPPED-ADDRESS (IPv6), ERROR-CODE, a bounded UNKNOWN-ATTRIBUTES, MI, FINGERPRINT.</summary>
    public const int ResponseBufferLength = 256;

    private const int MaxUnknownListed = 16;

    /// <summary>Returns <see cref="IceBindingOutcome.Accepted"/> when the request is authenticated and acceptable; otherwise answers it.</summary>
    public static IceBindingOutcome Verify(in StunMessage message, ReadOnlySpan<byte> theirs, IceCredentials local,
        IceCredentials? remote, IPEndPoint source, IDatagramSender sender)
    {
        Span<byte> response = stackalloc byte[ResponseBufferLength];
        StunTransactionId tid = message.TransactionId;

        // RFC 8489 §9.1.3: USERNAME without MESSAGE-INTEGRITY is a bad request; the answer carries no integrity.
        if (!message.HasMessageIntegrity)
        {
            return Reply(StunResponses.WriteBindingError(response, tid, StunErrorCode.BadRequest), response, source,
                sender, IceBindingOutcome.BadRequest);
        }

        // RFC 8445 §7.3 / RFC 8489 §9.1.3: the key is OUR pwd; a wrong MAC earns 401 without integrity.
        // RFC 8445 §7.3: the right-hand ufrag must be the peer's, when its SDP told us.
        if (!message.VerifyMessageIntegrity(local.PasswordBytes)
            || (remote is not null && !theirs.SequenceEqual(remote.UfragBytes)))
        {
            return Reply(StunResponses.WriteBindingError(response, tid, StunErrorCode.Unauthorized), response, source,
                sender, IceBindingOutcome.Unauthorized);
        }

        // RFC 8489 §6.3.1.1 (after authentication, §6.3): unknown comprehension-required attributes → 420, with
        // integrity now that the request is authenticated (§9.1.4).
        if (message.UnknownComprehensionRequiredCount > 0)
        {
            Span<ushort> unknown = stackalloc ushort[MaxUnknownListed];
            int n = message.CopyUnknownComprehensionRequired(unknown);
            return Reply(StunResponses.WriteBindingError(response, tid, StunErrorCode.UnknownAttribute, local.PasswordBytes,
                unknown[..n]), response, source, sender, IceBindingOutcome.UnknownAttribute);
        }

        // RFC 8445 §6.1.1/§7.3.1.1: a lite agent is always controlled. A peer claiming ICE-CONTROLLED is told 487 as if
        // our tie-breaker were the largest possible, so per §7.3.1.1 it must switch to controlling and check again.
        if (message.TryGetIceControlled(out _))
        {
            return Reply(StunResponses.WriteBindingError(response, tid, StunErrorCode.RoleConflict, local.PasswordBytes),
                response, source, sender, IceBindingOutcome.RoleConflict);
        }

        return IceBindingOutcome.Accepted;
    }

    private static IceBindingOutcome Reply(int length, ReadOnlySpan<byte> response, IPEndPoint destination,
        IDatagramSender sender, IceBindingOutcome outcome)
    {
        if (length > 0)
        {
            sender.TrySend(response[..length], destination);
        }

        return outcome;
    }
}
