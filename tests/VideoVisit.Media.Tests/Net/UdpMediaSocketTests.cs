using System.Net;
using System.Net.Sockets;
using VideoVisit.Media.Net;

namespace VideoVisit.Media.Tests.Net;

public sealed class UdpMediaSocketTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static UdpMediaSocketOptions Loopback => new() { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) };

    [Fact]
    public async Task PortZeroBindsAnEphemeralPortAndReportsIt()
    {
        await using var socket = new UdpMediaSocket(Loopback, new RecordingHandler());

        Assert.Equal(IPAddress.Loopback, socket.LocalEndPoint.Address);
        Assert.NotEqual(0, socket.LocalEndPoint.Port);
    }

    [Fact]
    public async Task Rfc7983EachKindIsDispatchedWithItsSourceAndGarbageIsDropped()
    {
        var handler = new RecordingHandler();
        await using var media = new UdpMediaSocket(Loopback, handler);
        media.Start();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        byte[] stun = [0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        byte[] dtls = [0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xAA];
        byte[] rtp = [0x80, 0x60, 0x00, 0x01, 0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44, 0xDE, 0xAD];
        byte[] rtcp = [0x81, 0xC9, 0x00, 0x07, 0x11, 0x22, 0x33, 0x44];
        byte[][] garbage = [[0x10, 0x00], [0x40], [0x4F, 0x00, 0x00, 0x04], [0x7F, 0x01, 0x02], [0xC0, 0x00], [0xFF], []];

        foreach (byte[] g in garbage)
        {
            peer.SendTo(g, media.LocalEndPoint);
        }

        foreach (byte[] datagram in new[] { stun, dtls, rtp, rtcp })
        {
            peer.SendTo(datagram, media.LocalEndPoint);
        }

        await handler.WaitForCount(4, Timeout);
        var received = handler.Packets.ToArray();

        Assert.Equal([PacketKind.Stun, PacketKind.Dtls, PacketKind.Rtp, PacketKind.Rtcp], received.Select(p => p.Kind));
        Assert.Equal(stun, received[0].Packet);
        Assert.Equal(dtls, received[1].Packet);
        Assert.Equal(rtp, received[2].Packet);
        Assert.Equal(rtcp, received[3].Packet);
        Assert.All(received, p => Assert.Equal(peer.LocalEndPoint, p.Remote));
        Assert.Same(received[0].Remote, received[3].Remote); // cached per source, not rebuilt per packet

        Assert.Equal(garbage.Length, media.DroppedUnknown);
        Assert.Equal(1, media.DroppedEmpty);
        Assert.Equal(2, media.DroppedTurnChannel);
        Assert.Equal(0, media.RejectedStun + media.RejectedDtls + media.RejectedRtp + media.RejectedRtcp);
        Assert.Equal(garbage.Length + 4, media.PacketsReceived);
        Assert.Equal((1, 1, 1, 1), (media.StunReceived, media.DtlsReceived, media.RtpReceived, media.RtcpReceived));
    }

    [Fact]
    public async Task Ipv6LoopbackWorksTheSameWay()
    {
        var handler = new RecordingHandler();
        await using var media = new UdpMediaSocket(new UdpMediaSocketOptions { LocalEndPoint = new IPEndPoint(IPAddress.IPv6Loopback, 0) }, handler);
        media.Start();
        using var peer = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        peer.ReceiveTimeout = 5000;

        peer.SendTo(new byte[] { 0x81, 0xCE, 0x00, 0x02, 1, 2, 3, 4, 5, 6, 7, 8 }, media.LocalEndPoint);
        await handler.WaitForCount(1, Timeout);
        (PacketKind kind, _, IPEndPoint remote) = handler.Packets.Single();
        Assert.Equal(PacketKind.Rtcp, kind);
        Assert.Equal(peer.LocalEndPoint, remote);

        Assert.True(media.TrySend([0x00, 0x01, 0x00, 0x00], remote));
        var buffer = new byte[16];
        Assert.Equal(4, peer.Receive(buffer));
    }

    [Fact]
    public async Task TrySendReachesThePeerAndIsCounted()
    {
        await using var media = new UdpMediaSocket(Loopback, new RecordingHandler());
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        peer.ReceiveTimeout = 5000;
        byte[] payload = [0x80, 0x60, 0x00, 0x02, 1, 2, 3];

        Assert.True(media.TrySend(payload, (IPEndPoint)peer.LocalEndPoint!));
        Assert.True(media.TrySend(payload, (IPEndPoint)peer.LocalEndPoint!));

        var buffer = new byte[100];
        int n = peer.Receive(buffer);
        Assert.Equal(payload, buffer[..n]);
        Assert.Equal(2, media.PacketsSent);
        Assert.Equal(2 * payload.Length, media.BytesSent);
    }

    [Fact]
    public async Task PacketsTheHandlerRefusesAreCountedPerKind()
    {
        var handler = new RecordingHandler { RejectFor = kind => kind is PacketKind.Dtls or PacketKind.Rtcp };
        await using var media = new UdpMediaSocket(Loopback, handler);
        media.Start();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        peer.SendTo(new byte[] { 0x16, 0xFE, 0xFD }, media.LocalEndPoint);
        peer.SendTo(new byte[] { 0x16, 0xFE, 0xFD }, media.LocalEndPoint);
        peer.SendTo(new byte[] { 0x80, 0xC8, 0, 0 }, media.LocalEndPoint);
        peer.SendTo(new byte[] { 0x80, 0x60, 0, 0 }, media.LocalEndPoint);
        await handler.WaitForCount(4, Timeout);

        Assert.Equal((2L, 1L, 0L, 0L), (media.RejectedDtls, media.RejectedRtcp, media.RejectedRtp, media.RejectedStun));
    }

    [Fact]
    public async Task AThrowingHandlerIsCountedAndTheLoopGoesOn()
    {
        var handler = new RecordingHandler { ThrowFor = kind => kind == PacketKind.Stun };
        await using var media = new UdpMediaSocket(Loopback, handler);
        media.Start();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        peer.SendTo(new byte[] { 0x00, 0x01, 0, 0 }, media.LocalEndPoint);
        peer.SendTo(new byte[] { 0x80, 0x60, 0, 1 }, media.LocalEndPoint);
        await handler.WaitForCount(2, Timeout);

        Assert.Equal(1, media.HandlerFaults);
        Assert.Equal(PacketKind.Rtp, handler.Packets.Last().Kind);
    }

    [Fact]
    public async Task RandomDatagramsNeverStopTheLoop()
    {
        var handler = new CountingHandler();
        await using var media = new UdpMediaSocket(Loopback, handler);
        media.Start();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var random = new Random(42);
        var buffer = new byte[1500];
        int expectedDispatched = 0;
        for (int i = 0; i < 2000; i++)
        {
            random.NextBytes(buffer);
            int length = random.Next(0, buffer.Length);
            if (PacketClassifier.Classify(buffer.AsSpan(0, length)) != PacketKind.Unknown)
            {
                expectedDispatched++;
            }

            peer.SendTo(buffer.AsSpan(0, length), SocketFlags.None, media.LocalEndPoint);
            if (i % 100 == 0)
            {
                await Task.Delay(1); // stay within the kernel buffer: loss would make the count flaky
            }
        }

        peer.SendTo(new byte[] { 0x00, 0x01 }, media.LocalEndPoint); // a final marker packet
        await WaitUntil(() => media.PacketsReceived == 2001);

        Assert.Equal(expectedDispatched + 1, handler.Count);
        Assert.Equal(2001 - (expectedDispatched + 1), media.DroppedUnknown);
    }

    [Fact]
    public async Task DisposeStopsTheLoopAndLaterSendsFailQuietly()
    {
        var media = new UdpMediaSocket(Loopback, new RecordingHandler());
        media.Start();
        IPEndPoint target = media.LocalEndPoint;

        await media.DisposeAsync().AsTask().WaitAsync(Timeout);
        await media.DisposeAsync(); // idempotent

        Assert.False(media.TrySend([0x80, 0x60], target));
        Assert.Equal(1, media.SendFailures);
        Assert.Throws<ObjectDisposedException>(media.Start);
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < Timeout, "condition not reached in time");
            await Task.Delay(5);
        }
    }
}
