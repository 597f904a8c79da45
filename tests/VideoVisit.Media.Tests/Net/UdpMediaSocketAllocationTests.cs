using System.Net;
using System.Net.Sockets;
using VideoVisit.Media.Net;
using VideoVisit.Testing;
using Xunit.Abstractions;

namespace VideoVisit.Media.Tests.Net;

[CollectionDefinition(nameof(AllocationMeasurement), DisableParallelization = true)]
public sealed class AllocationMeasurement;

/// <summary>
/// Steady-state receive cost. Measured process-wide (the loop runs on pool threads), so this class runs alone.
/// </summary>
[Collection(nameof(AllocationMeasurement))]
public sealed class UdpMediaSocketAllocationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SteadyStateReceiveAllocatesAlmostNothingPerPacket()
    {
        var handler = new CountingHandler();
        await using var media = new UdpMediaSocket(new UdpMediaSocketOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) }, handler);
        media.Start();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        SocketAddress target = media.LocalEndPoint.Serialize();
        var rtp = new byte[1200];
        rtp[0] = 0x80;
        rtp[1] = 0x60;

        await Send(peer, target, rtp, handler, 2000); // warm-up: JIT, endpoint cache, socket event args
        const int packets = 20_000;
        long before = GC.GetTotalAllocatedBytes(precise: true);
        await Send(peer, target, rtp, handler, packets);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        double perPacket = (double)allocated / packets;
        output.WriteLine($"UdpMediaSocket steady-state: {allocated} bytes for {packets} packets = {perPacket:F2} B/packet (process-wide, includes sender and test loop)");
        Assert.True(perPacket < 16, $"{perPacket:F2} bytes per packet");
    }

    [Fact]
    public async Task SteadyStateTrySendAllocatesNothing()
    {
        await using var media = new UdpMediaSocket(new UdpMediaSocketOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) }, new CountingHandler());
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var destination = (IPEndPoint)sink.LocalEndPoint!;
        var rtp = new byte[1200];
        rtp[0] = 0x80;

        long allocated = Allocations.Measure(n =>
        {
            for (int i = 0; i < n; i++)
            {
                media.TrySend(rtp, destination); // the sink never reads: the kernel drops, the send still succeeds
            }
        }, 10_000);
        output.WriteLine($"UdpMediaSocket.TrySend: {allocated} bytes for 10000 sends");
        Assert.Equal(0, allocated);
        Assert.Equal(Allocations.Runs * 10_000, media.PacketsSent + media.SendFailures);
    }

    private static async Task Send(Socket peer, SocketAddress target, byte[] packet, CountingHandler handler, int count)
    {
        long goal = handler.Count + count;
        for (int i = 0; i < count; i++)
        {
            peer.SendTo(packet, SocketFlags.None, target);
            if (i % 64 == 63)
            {
                // Let the receiver catch up so the kernel buffer never overflows.
                while (handler.Count < goal - count + i - 32)
                {
                    Thread.SpinWait(50);
                }
            }
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (handler.Count < goal && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Yield();
        }

        Assert.Equal(goal, handler.Count);
    }
}
