using System.Collections.Concurrent;
using System.Net;
using VideoVisit.Media.Net;

namespace VideoVisit.Media.Tests.Net;

/// <summary>Keeps a copy of every datagram handed over by the socket, for assertions.</summary>
internal sealed class RecordingHandler : IMediaPacketHandler
{
    private readonly SemaphoreSlim _arrivals = new(0);

    public ConcurrentQueue<(PacketKind Kind, byte[] Packet, IPEndPoint Remote)> Packets { get; } = new();

    public Func<PacketKind, bool>? ThrowFor { get; init; }

    public Func<PacketKind, bool>? RejectFor { get; init; }

    public bool OnPacket(PacketKind kind, ReadOnlySpan<byte> packet, IPEndPoint remote)
    {
        Packets.Enqueue((kind, packet.ToArray(), remote));
        _arrivals.Release();
        if (ThrowFor?.Invoke(kind) == true)
        {
            throw new InvalidOperationException("handler bug");
        }

        return RejectFor?.Invoke(kind) != true;
    }

    public async Task WaitForCount(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        for (int i = 0; i < count; i++)
        {
            await _arrivals.WaitAsync(cts.Token);
        }
    }
}

/// <summary>Counts datagrams without allocating, to measure the socket's own per-packet cost.</summary>
internal sealed class CountingHandler : IMediaPacketHandler
{
    private long _count;
    private long _bytes;

    public long Count => Interlocked.Read(ref _count);

    public long Bytes => Interlocked.Read(ref _bytes);

    public bool OnPacket(PacketKind kind, ReadOnlySpan<byte> packet, IPEndPoint remote)
    {
        Interlocked.Add(ref _bytes, packet.Length);
        Interlocked.Increment(ref _count);
        return true;
    }
}
