using System.Net;
using VideoVisit.Media.Net;
using VideoVisit.Media.Rtc;
using VideoVisit.Media.Sdp;
using VideoVisit.Media.Sfu;
using VideoVisit.Media.Tests.Ice;
using VideoVisit.Media.Tests.Sdp.Fixtures;

namespace VideoVisit.Media.Tests.Rtc;

/// <summary>What one peer can make the media server remember or forward is bounded (docs/security.md).</summary>
public sealed class PeerBoundsTests
{
    [Fact]
    public async Task APeerCheckingFromEverNewAddressesIsRememberedAtEightOfThem()
    {
        await using var server = new MediaServer(new MediaServerOptions { BindEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        server.Start();
        using var peer = server.CreatePublisher(new RoomId("r"), new ParticipantKey("p"), ChromeOffers.PublishAudioVideo, out var answerSdp);
        var answer = SessionDescription.Parse(answerSdp);
        var browser = new ChromeLikeClient(answer.Media[0].IceUfrag!, answer.Media[0].IcePwd!, "Xk3p");

        IPEndPoint last = null!;
        for (int i = 0; i < 200; i++)
        {
            last = new IPEndPoint(IPAddress.Parse($"127.0.{i / 200}.{1 + i % 200}"), 20000 + i);
            Assert.True(server.OnPacket(PacketKind.Stun, browser.Check(), last), $"check {i} from {last} was refused");
            Assert.InRange(server.RememberedSources, 1, MediaServer.MaxSourcesPerPeer);
        }
        Assert.Equal(MediaServer.MaxSourcesPerPeer, server.RememberedSources);
        // The newest address is the one that works.
        Assert.True(peer.Ice.IsAuthenticatedSource(last));

        // Closing the peer forgets every address it had.
        peer.Dispose();
        Assert.Equal(0, server.RememberedSources);
    }

    [Fact]
    public void ATrackOverItsBitrateCapHasTheExcessDroppedAndCounted()
    {
        const long cap = 2_500_000; // bits per second
        var bucket = new BitrateBucket(cap, nowMs: 0);
        long passedBytes = 0;
        int sent = 0;
        // 5 Mbit/s for 10 s: 1200-byte packets every 1.92 ms.
        for (double t = 0; t < 10_000; t += 1.92, sent++)
        {
            if (bucket.TryTake(1200, (long)t)) passedBytes += 1200;
        }
        // What passed is the cap over 10 s plus the one second the bucket holds, within a packet.
        long allowed = cap / 8 * 11;
        Assert.InRange(passedBytes, allowed - 2 * 1200, allowed + 1200);
        Assert.Equal(sent - passedBytes / 1200, bucket.Dropped);

        // A sender under the cap loses nothing, and a keyframe-sized burst of 200 kB passes whole.
        var steady = new BitrateBucket(cap, nowMs: 0);
        for (long t = 0; t < 10_000; t += 10) Assert.True(steady.TryTake(1200, t)); // ~1 Mbit/s
        for (int i = 0; i < 170; i++) Assert.True(steady.TryTake(1200, 10_000));
        Assert.Equal(0, steady.Dropped);
    }
}
