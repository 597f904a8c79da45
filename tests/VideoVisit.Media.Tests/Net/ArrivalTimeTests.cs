using System.Net;
using System.Net.Sockets;
using VideoVisit.Media.Net;

namespace VideoVisit.Media.Tests.Net;

/// <summary>
/// The arrival time transport-wide feedback reports (draft-holmer-rmcat-transport-wide-cc-extensions-01) is when the
/// datagram reached the host, not when a busy receive loop got to it: a loop held up for 300 ms must not make a
/// datagram look 300 ms late.
/// </summary>
public sealed class ArrivalTimeTests
{
    private static long WallMicros() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>Notes the socket's arrival time of each datagram; the first one holds the loop up until <see cref="Release"/> is set.</summary>
    private sealed class SlowHandler(Func<UdpMediaSocket> socket) : IMediaPacketHandler
    {
        private readonly SemaphoreSlim _seen = new(0);
        public readonly ManualResetEventSlim FirstEntered = new();
        public readonly ManualResetEventSlim Release = new();
        public List<(long Arrival, long Handled)> Stamps { get; } = [];

        public bool OnPacket(PacketKind kind, ReadOnlySpan<byte> packet, IPEndPoint remote)
        {
            lock (Stamps) Stamps.Add((socket().ArrivalMicros, WallMicros()));
            if (Stamps.Count == 1)
            {
                FirstEntered.Set();
                Release.Wait(TimeSpan.FromSeconds(10));
            }
            _seen.Release();
            return true;
        }

        public async Task WaitAsync(int count)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            for (int i = 0; i < count; i++) await _seen.WaitAsync(cts.Token);
        }
    }

    [Fact]
    public async Task TransportCcDraftArrivalTimeIsTheKernelsNotTheBusyLoops()
    {
        UdpMediaSocket? media = null;
        var handler = new SlowHandler(() => media!);
        media = new UdpMediaSocket(new UdpMediaSocketOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) }, handler);
        await using var _ = media;
        media.Start();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        byte[] rtp = [0x80, 0x60, 0x00, 0x01, 0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44, 0xDE, 0xAD];

        peer.SendTo(rtp, media.LocalEndPoint);
        Assert.True(handler.FirstEntered.Wait(TimeSpan.FromSeconds(10)));
        long secondSent = WallMicros(); // the loop is held up now
        peer.SendTo(rtp, media.LocalEndPoint);
        long secondSentAfter = WallMicros();
        await Task.Delay(300); // the loop stays held up meanwhile
        handler.Release.Set();
        await handler.WaitAsync(2);

        var (secondArrival, secondHandled) = handler.Stamps[1];
        Assert.True(secondHandled - secondSentAfter >= 250_000, $"the loop was not held up ({secondHandled - secondSentAfter} µs)");
        // Without kernel time stamps this would be ~300 ms after the send.
        Assert.InRange(secondArrival, secondSent - 1_000, secondSentAfter + 50_000);
    }
}
