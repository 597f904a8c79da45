using System.Net;
using System.Runtime.CompilerServices;

namespace VideoVisit.Media.Net;

/// <summary>
/// The source of an ICE-TCP connection. It is an <see cref="IPEndPoint"/> so the ICE agent and the peers treat it as
/// any other source, but it is equal only to itself: a UDP datagram from the same address and port is a different
/// source and never matches it (its hash differs too, so a UDP source never finds it in a dictionary). Sending to it
/// frames the datagram onto its connection.
/// </summary>
public sealed class TcpPeerEndPoint : IPEndPoint
{
    internal TcpPeerEndPoint(IPAddress address, int port) : base(address, port)
    {
    }

    internal TcpMediaListener.ITcpConnection? Connection { get; set; }

    /// <summary>Queues one datagram on the connection; false when it is closed or its send queue is full.</summary>
    public bool TrySend(ReadOnlySpan<byte> datagram) => Connection?.TrySend(datagram) ?? false;

    public override bool Equals(object? comparand) => ReferenceEquals(this, comparand);

    public override int GetHashCode() => RuntimeHelpers.GetHashCode(this) ^ unchecked((int)0x9E3779B9);

    public override string ToString() => $"tcp:{base.ToString()}";
}
