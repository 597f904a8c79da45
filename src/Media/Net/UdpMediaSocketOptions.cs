using System.Net;

namespace VideoVisit.Media.Net;

/// <summary>Settings for <see cref="UdpMediaSocket"/>.</summary>
public sealed class UdpMediaSocketOptions
{
    /// <summary>Address and port to bind. Port 0 lets the OS pick; read <see cref="UdpMediaSocket.LocalEndPoint"/>.</summary>
    public IPEndPoint LocalEndPoint { get; init; } = new(IPAddress.Any, 0);

    /// <summary>Kernel receive buffer (SO_RCVBUF); media arrives in bursts (a video keyframe is tens of packets).</summary>
    public int ReceiveBufferBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Kernel send buffer (SO_SNDBUF); one node forwards every stream to every subscriber.</summary>
    public int SendBufferBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Bound on the source-address → <see cref="IPEndPoint"/> cache. Sources are spoofable, so a spray of fake
    /// addresses must not grow memory without limit: past this the cache is cleared and rebuilt on demand.
    /// </summary>
    public int MaxCachedEndpoints { get; init; } = 4096;
}
