using System.Net;

namespace VideoVisit.Media.Net;

/// <summary>The limits of the ICE-TCP listener (docs/security.md): what one TCP peer may hold, and for how long.</summary>
public sealed record TcpMediaListenerOptions
{
    /// <summary>Where the listener binds (port 0: any free port, for tests).</summary>
    public required IPEndPoint LocalEndPoint { get; init; }

    /// <summary>Open connections on the node; beyond it new ones are reset at once.</summary>
    public int MaxConnections { get; init; } = 2000;

    /// <summary>Open connections from one address (a family behind one NAT has a few devices with two connections each).</summary>
    public int MaxConnectionsPerAddress { get; init; } = 16;

    /// <summary>The first frame, an ICE check the server accepts, must have arrived this long after the connection.</summary>
    public TimeSpan FirstFrameTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Once a frame's first byte has arrived, the whole frame must follow within this long.</summary>
    public TimeSpan FrameTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A connection with no byte for this long is closed (browsers check consent every few seconds).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest frame accepted (RFC 4571 allows 65,535; a browser's datagrams stay near 1,200 bytes).</summary>
    public int MaxFrameLength { get; init; } = 4096;

    /// <summary>Frames queued toward one peer; when it reads too slowly further frames are dropped, as UDP would lose them.</summary>
    public int SendQueueFrames { get; init; } = 512;

    public int Backlog { get; init; } = 512;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(LocalEndPoint);
        if (MaxConnections < 1) throw new ArgumentOutOfRangeException(nameof(MaxConnections));
        if (MaxConnectionsPerAddress < 1) throw new ArgumentOutOfRangeException(nameof(MaxConnectionsPerAddress));
        if (MaxFrameLength is < 64 or > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(MaxFrameLength));
        if (SendQueueFrames < 1) throw new ArgumentOutOfRangeException(nameof(SendQueueFrames));
        if (FirstFrameTimeout <= TimeSpan.Zero || FrameTimeout <= TimeSpan.Zero || IdleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleTimeout), "timeouts must be positive");
        }
    }
}
