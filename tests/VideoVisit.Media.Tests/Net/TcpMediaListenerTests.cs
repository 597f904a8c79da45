using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using VideoVisit.Media.Net;
using VideoVisit.Media.Tests.Sfu;

namespace VideoVisit.Media.Tests.Net;

/// <summary>
/// ICE-TCP (RFC 6544) with RFC 4571 framing, on real loopback sockets: frames are delivered whole however TCP cuts
/// them, replies go back over the same connection, and every way a hostile or broken peer could hold the node's
/// memory or descriptors ends with the connection dropped and counted.
/// </summary>
public sealed class TcpMediaListenerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly byte[] Stun = [0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    private static readonly byte[] Dtls = [0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xAA];
    private static readonly byte[] Rtp = [0x80, 0x60, 0x00, 0x01, 0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44, 0xDE, 0xAD];
    private static readonly byte[] Rtcp = [0x81, 0xC9, 0x00, 0x07, 0x11, 0x22, 0x33, 0x44];

    private static TcpMediaListenerOptions Loopback(Func<TcpMediaListenerOptions, TcpMediaListenerOptions>? change = null)
    {
        var options = new TcpMediaListenerOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) };
        return change is null ? options : change(options);
    }

    [Fact]
    public async Task Rfc4571FramesArriveWholeHoweverTcpCutsThemAndRepliesGoBackOverTheConnection()
    {
        var handler = new FrameHandler { Echo = true };
        await using var listener = new TcpMediaListener(Loopback(), handler);
        listener.Start();
        using var client = await ConnectAsync(listener);

        // The check alone, then three frames in one write, then one frame a byte at a time.
        await client.SendAsync(Frame(Stun));
        await client.SendAsync(Frame(Dtls).Concat(Frame(Rtp)).Concat(Frame(Rtcp)).ToArray());
        foreach (byte b in Frame(Rtp))
        {
            await client.SendAsync(new[] { b });
            await Task.Delay(2);
        }
        await handler.WaitForCount(5, Timeout);

        var received = handler.Frames.ToArray();
        Assert.Equal([PacketKind.Stun, PacketKind.Dtls, PacketKind.Rtp, PacketKind.Rtcp, PacketKind.Rtp], received.Select(f => f.Kind));
        Assert.Equal(Stun, received[0].Packet);
        Assert.Equal(Dtls, received[1].Packet);
        Assert.Equal(Rtp, received[2].Packet);
        Assert.Equal(Rtcp, received[3].Packet);
        Assert.Equal(Rtp, received[4].Packet);
        // One source object per connection, with the client's address and port, and never equal to a UDP address.
        Assert.All(received, f => Assert.Same(received[0].Remote, f.Remote));
        var remote = received[0].Remote;
        Assert.Equal(((IPEndPoint)client.LocalEndPoint!).Port, remote.Port);
        var udpTwin = new IPEndPoint(remote.Address, remote.Port);
        Assert.False(remote.Equals(udpTwin));
        Assert.False(new Dictionary<IPEndPoint, int> { [udpTwin] = 1 }.ContainsKey(remote));
        Assert.False(new Dictionary<IPEndPoint, int> { [remote] = 1 }.ContainsKey(udpTwin));

        // Every frame was echoed over the same connection, framed.
        foreach (var expected in new[] { Stun, Dtls, Rtp, Rtcp, Rtp })
        {
            Assert.Equal(expected, await ReadFrameAsync(client));
        }
        Assert.Equal(5, listener.FramesReceived);
    }

    [Fact]
    public async Task AFirstFrameThatIsNotAnAcceptedIceCheckDropsTheConnection()
    {
        var handler = new FrameHandler { RejectStun = true };
        await using var listener = new TcpMediaListener(Loopback(), handler);
        listener.Start();

        using (var rtpFirst = await ConnectAsync(listener))
        {
            await rtpFirst.SendAsync(Frame(Rtp));
            Assert.True(await IsClosedAsync(rtpFirst));
        }
        using (var refusedCheck = await ConnectAsync(listener))
        {
            await refusedCheck.SendAsync(Frame(Stun));
            Assert.True(await IsClosedAsync(refusedCheck));
        }
        using (var garbage = await ConnectAsync(listener))
        {
            await garbage.SendAsync(Frame([0x40, 0x00, 0x00, 0x04]));
            Assert.True(await IsClosedAsync(garbage));
        }
        await WaitUntilAsync(() => listener.ClosedFirstFrame == 3 && handler.Closed.Count == 3);
        Assert.Equal(0, listener.ConnectionCount);
    }

    [Fact]
    public async Task AConnectionThatSaysNothingIsDroppedAfterTheFirstFrameTimeout()
    {
        var time = new FakeTime();
        await using var listener = new TcpMediaListener(Loopback(o => o with { FirstFrameTimeout = TimeSpan.FromSeconds(5) }), new FrameHandler(), time: time);
        listener.Start();
        using var silent = await ConnectAsync(listener);
        await WaitUntilAsync(() => listener.ConnectionCount == 1);
        time.Ms += 4_900;
        await Task.Delay(600); // the sweep runs a few times and finds the deadline not yet passed
        Assert.Equal(1, listener.ConnectionCount);
        time.Ms += 200;
        Assert.True(await IsClosedAsync(silent));
        Assert.Equal(1, listener.ClosedFirstFrame);
    }

    [Fact]
    public async Task APeerTricklingAFrameByteByByteIsDroppedAtTheFrameDeadline()
    {
        var time = new FakeTime();
        var handler = new FrameHandler();
        await using var listener = new TcpMediaListener(Loopback(o => o with { FrameTimeout = TimeSpan.FromMilliseconds(500) }), handler, time: time);
        listener.Start();
        using var client = await ConnectAsync(listener);
        await client.SendAsync(Frame(Stun));
        await handler.WaitForCount(1, Timeout);
        byte[] slow = Frame(new byte[200].Select((_, i) => i == 0 ? (byte)0x80 : (byte)i).ToArray());
        // One byte per 100 ms of the server's clock: the connection is never idle, but the frame never completes.
        int steps = 0;
        while (listener.ClosedSlowFrame == 0 && steps < slow.Length)
        {
            try
            {
                await client.SendAsync(new[] { slow[steps] });
            }
            catch (SocketException)
            {
                break;
            }
            await Task.Delay(100);
            time.Ms += 100;
            steps++;
        }
        await WaitUntilAsync(() => listener.ClosedSlowFrame == 1);
        Assert.True(steps >= 5, $"closed after {steps} steps of 100 ms, before the 500 ms frame deadline");
        Assert.True(await IsClosedAsync(client));
        Assert.Equal(0, listener.ClosedIdle);
        Assert.Single(handler.Frames);
    }

    [Fact]
    public async Task AFrameLongerThanTheLimitOrEmptyDropsTheConnection()
    {
        await using var listener = new TcpMediaListener(Loopback(), new FrameHandler());
        listener.Start();
        using (var oversized = await ConnectAsync(listener))
        {
            await oversized.SendAsync(Frame(Stun));
            byte[] header = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(header, 4097);
            await oversized.SendAsync(header);
            Assert.True(await IsClosedAsync(oversized));
        }
        using (var empty = await ConnectAsync(listener))
        {
            await empty.SendAsync(Frame(Stun));
            await empty.SendAsync(new byte[2]);
            Assert.True(await IsClosedAsync(empty));
        }
        await WaitUntilAsync(() => listener.ClosedOversized == 2);
    }

    [Fact]
    public async Task AnIdleConnectionIsDroppedAfterTheIdleTimeout()
    {
        var time = new FakeTime();
        var handler = new FrameHandler();
        await using var listener = new TcpMediaListener(Loopback(o => o with { IdleTimeout = TimeSpan.FromMilliseconds(400) }), handler, time: time);
        listener.Start();
        using var client = await ConnectAsync(listener);
        // Each frame restarts the idle clock: 300 ms on the server's clock after each, it is still open...
        for (int i = 0; i < 4; i++)
        {
            await client.SendAsync(Frame(i == 0 ? Stun : Rtp));
            await handler.WaitForCount(1, Timeout);
            time.Ms += 300;
            await Task.Delay(300);
            Assert.Equal(1, listener.ConnectionCount);
        }
        // ...and 400 ms of silence closes it.
        time.Ms += 101;
        Assert.True(await IsClosedAsync(client));
        Assert.Equal(1, listener.ClosedIdle);
        await WaitUntilAsync(() => handler.Closed.Count == 1);
    }

    [Fact]
    public async Task OneAddressMayHoldOnlyItsShareOfConnections()
    {
        await using var listener = new TcpMediaListener(Loopback(o => o with
        {
            MaxConnectionsPerAddress = 2,
            FirstFrameTimeout = TimeSpan.FromSeconds(60), // the test's silent connections stay while it counts
        }), new FrameHandler());
        listener.Start();
        using var first = await ConnectAsync(listener);
        using var second = await ConnectAsync(listener);
        await WaitUntilAsync(() => listener.ConnectionCount == 2);
        // The reset may come before the connect call returns.
        try
        {
            using var third = await ConnectAsync(listener);
            Assert.True(await IsClosedAsync(third));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
        await WaitUntilAsync(() => listener.RefusedAddressLimit == 1);

        // When one goes, its place is free again.
        first.Dispose();
        await WaitUntilAsync(() => listener.ConnectionCount == 1);
        using var fourth = await ConnectAsync(listener);
        await fourth.SendAsync(Frame(Stun));
        await WaitUntilAsync(() => listener.ConnectionCount == 2);
        Assert.Equal(1, listener.RefusedAddressLimit);
    }

    [Fact]
    public async Task APeerThatDoesNotReadLosesFramesInsteadOfGrowingTheServersQueue()
    {
        var handler = new FrameHandler();
        await using var listener = new TcpMediaListener(Loopback(o => o with { SendQueueFrames = 8 }), handler);
        listener.Start();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await client.ConnectAsync(listener.LocalEndPoint);
        await client.SendAsync(Frame(Stun));
        await handler.WaitForCount(1, Timeout);
        var remote = handler.Frames.Single().Remote;

        // 40 MB toward a peer that never reads: more than any kernel buffer holds, so the queue fills and frames drop.
        byte[] datagram = new byte[4000];
        datagram[0] = 0x80;
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 10_000; i++)
        {
            if (remote.TrySend(datagram)) accepted++;
            else refused++;
            if (i % 500 == 0) await Task.Delay(5);
        }
        Assert.True(refused > 0, $"all {accepted} frames were queued");
        Assert.Equal(refused, listener.FramesDropped);
        Assert.Equal(1, listener.ConnectionCount);
    }

    [Fact]
    public async Task SendingAfterThePeerLeftFailsAndTheHandlerIsTold()
    {
        var handler = new FrameHandler();
        await using var listener = new TcpMediaListener(Loopback(), handler);
        listener.Start();
        var client = await ConnectAsync(listener);
        await client.SendAsync(Frame(Stun));
        await handler.WaitForCount(1, Timeout);
        var remote = handler.Frames.Single().Remote;
        client.Dispose();
        await WaitUntilAsync(() => handler.Closed.Count == 1);
        Assert.Same(remote, handler.Closed.Single());
        Assert.False(remote.TrySend(Rtp));
        Assert.Equal(0, listener.ConnectionCount);
    }

    [Fact]
    public async Task DisposingClosesEveryConnection()
    {
        var listener = new TcpMediaListener(Loopback(), new FrameHandler());
        listener.Start();
        using var client = await ConnectAsync(listener);
        await client.SendAsync(Frame(Stun));
        await WaitUntilAsync(() => listener.ConnectionCount == 1);
        await listener.DisposeAsync();
        Assert.True(await IsClosedAsync(client));
        Assert.Equal(0, listener.ConnectionCount);
    }

    private static async Task<Socket> ConnectAsync(TcpMediaListener listener)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(listener.LocalEndPoint);
        return socket;
    }

    private static byte[] Frame(byte[] datagram)
    {
        byte[] frame = new byte[2 + datagram.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)datagram.Length);
        datagram.CopyTo(frame, 2);
        return frame;
    }

    private static async Task<byte[]> ReadFrameAsync(Socket socket)
    {
        byte[] header = await ReadExactlyAsync(socket, 2);
        return await ReadExactlyAsync(socket, BinaryPrimitives.ReadUInt16BigEndian(header));
    }

    private static async Task<byte[]> ReadExactlyAsync(Socket socket, int length)
    {
        using var cts = new CancellationTokenSource(Timeout);
        byte[] buffer = new byte[length];
        int read = 0;
        while (read < length)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cts.Token);
            if (n == 0) throw new IOException("closed");
            read += n;
        }
        return buffer;
    }

    /// <summary>True when the server closed (or reset) the connection within the timeout.</summary>
    private static async Task<bool> IsClosedAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(Timeout);
        byte[] buffer = new byte[65536];
        try
        {
            while (true)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) == 0) return true;
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not met in time");
            await Task.Delay(20);
        }
    }

    private sealed class FrameHandler : ITcpMediaHandler
    {
        private readonly SemaphoreSlim _arrivals = new(0);

        public bool Echo { get; init; }

        public bool RejectStun { get; init; }

        public ConcurrentQueue<(PacketKind Kind, byte[] Packet, TcpPeerEndPoint Remote)> Frames { get; } = new();

        public ConcurrentQueue<TcpPeerEndPoint> Closed { get; } = new();

        public bool OnPacket(PacketKind kind, ReadOnlySpan<byte> packet, TcpPeerEndPoint remote, long arrivalMicros)
        {
            Frames.Enqueue((kind, packet.ToArray(), remote));
            _arrivals.Release();
            if (Echo) Assert.True(remote.TrySend(packet));
            return !(RejectStun && kind == PacketKind.Stun);
        }

        public void OnClosed(TcpPeerEndPoint remote) => Closed.Enqueue(remote);

        public async Task WaitForCount(int count, TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            for (int i = 0; i < count; i++)
            {
                await _arrivals.WaitAsync(cts.Token);
            }
        }
    }
}
