using System.Net;

namespace VideoVisit.Media.Net;

/// <summary>
/// Receives classified datagrams from <see cref="UdpMediaSocket"/>. Called on the socket's receive loop, one
/// datagram at a time: <paramref name="packet"/> is only valid during the call (the buffer is reused), so keep a copy
/// of anything needed later. <paramref name="remote"/> is cached per source address and may be kept.
/// Exceptions are caught and counted by the socket, but a handler should not rely on that.
/// </summary>
public interface IMediaPacketHandler
{
    /// <summary>
    /// Handles one datagram. Returns false when it was dropped (unknown source, failed parse or authentication,
    /// no session), so the socket can count rejected traffic per kind.
    /// </summary>
    bool OnPacket(PacketKind kind, ReadOnlySpan<byte> packet, IPEndPoint remote);
}
