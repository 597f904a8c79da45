using System.Net;

namespace VideoVisit.Media.Ice;

/// <summary>
/// How the ICE agent answers: the socket owner (<c>Net</c>) implements it. The datagram span is only valid during the
/// call, so an implementation sends it at once or copies it. Only <c>Net</c> owns sockets; ICE never sees one.
/// </summary>
public interface IDatagramSender
{
    /// <summary>Sends one datagram; false when it could not be sent (the agent does not retry: the peer retransmits).</summary>
    bool TrySend(ReadOnlySpan<byte> datagram, IPEndPoint destination);
}
