namespace VideoVisit.Media.Net;

/// <summary>
/// Receives the datagrams framed on ICE-TCP connections (<see cref="TcpMediaListener"/>). Called on each connection's
/// own read loop, so calls for different connections may overlap; <paramref name="packet"/> is only valid during the
/// call. <paramref name="remote"/> is the same instance for every frame of a connection and may be kept: sending to it
/// (<see cref="TcpPeerEndPoint.TrySend"/>) goes back over that connection.
/// </summary>
public interface ITcpMediaHandler
{
    /// <summary>Handles one frame; false when it was dropped. <paramref name="arrivalMicros"/>: wall-clock µs.</summary>
    bool OnPacket(PacketKind kind, ReadOnlySpan<byte> packet, TcpPeerEndPoint remote, long arrivalMicros);

    /// <summary>The connection is gone: nothing sent to <paramref name="remote"/> arrives any more.</summary>
    void OnClosed(TcpPeerEndPoint remote);
}
