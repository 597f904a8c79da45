using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sfu;
using VideoVisit.Media.Tests.Rtp;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>
/// Garbage in from a publisher or subscriber never crashes the router, and whatever it forwards is a well-formed
/// RTP packet of the same length with a well-formed extension block. Count: <c>VIDEOVISIT_FUZZ_INPUTS</c>.
/// </summary>
[Trait("Category", "Fuzz")]
public class SfuFuzzTests
{
    /// <summary>Checks every forwarded packet as it is handed over.</summary>
    private sealed class ValidatingSubscriber : ISubscriberTransport
    {
        public int ExpectedLength;
        public long Packets;

        public bool TrySendRtp(ReadOnlySpan<byte> packet)
        {
            Assert.Equal(ExpectedLength, packet.Length);
            Assert.True(RtpPacket.TryParse(packet, out var p, out var error), error.ToString());
            if (p.HasExtension)
            {
                Assert.True(p.TryGetExtension(out var ext));
                Assert.True(ext.IsWellFormed(out _));
            }
            Packets++;
            return true;
        }

        public bool TrySendRtcp(ReadOnlySpan<byte> packet)
        {
            Assert.True(RtcpCompoundReader.TryCreate(packet, RtcpCompoundRules.Compound, out _, out _));
            return true;
        }
    }

    private static (RoomFixture Room, ValidatingSubscriber[] Sinks) Setup()
    {
        var room = new RoomFixture();
        ExtensionIds[] maps = [new(9, 5, 6, 10), new(Mid: 200, AbsSendTime: 3), ExtensionIds.None];
        var sinks = new ValidatingSubscriber[maps.Length];
        var edges = new HashSet<SfuEdge>();
        for (int i = 0; i < maps.Length; i++)
        {
            var key = new ParticipantKey("s" + i);
            sinks[i] = new ValidatingSubscriber();
            room.Room.AddSubscriber(key, sinks[i]);
            foreach (var kind in new[] { MediaKind.Audio, MediaKind.Video })
            {
                room.Room.Bind(key, new TrackKey(RoomFixture.Parent, kind), new OutputFormat(100, maps[i], "m" + i));
                edges.Add(new SfuEdge(RoomFixture.Parent, kind, key));
            }
        }
        room.Room.SetEdges(edges);
        return (room, sinks);
    }

    [Fact]
    public void RouterSurvivesFuzzedRtp()
    {
        var (room, sinks) = Setup();
        byte[][] seeds =
        [
            room.AudioSource.NextAudio(), room.AudioSource.NextAudio(10),
            room.VideoSource.NextVideoFrame(true), room.VideoSource.NextVideoFrame(false),
            Bytes.Hex("90 6F 00 01 00 00 00 10 11 11 11 11 10 00 00 02 01 01 AA 00 04 01 41 00 01 02"),
            Bytes.Hex("B0 6F 00 01 00 00 00 10 11 11 11 11 12 34 00 01 10 85 00 00 AA BB 00 02"),
        ];
        var work = new byte[2048];
        long arrival = 0;
        Fuzz.Run(nameof(RouterSurvivesFuzzedRtp), seeds, input =>
        {
            input.CopyTo(work);
            foreach (var sink in sinks)
            {
                sink.ExpectedLength = input.Length;
            }
            var track = (input.Length > 1 && (input[1] & 0x7F) == 96) ? room.Video : room.Audio;
            if (input.Length >= 12)
            {
                work[8] = (byte)(track.Ssrc.Value >> 24); // keep the SSRC mostly right so the forwarding path runs
                work[9] = (byte)(track.Ssrc.Value >> 16);
                work[10] = (byte)(track.Ssrc.Value >> 8);
                work[11] = (byte)track.Ssrc.Value;
            }
            room.Room.OnRtp(track, work.AsSpan(0, input.Length), arrival += 7);
        });
        Assert.True(sinks.All(s => s.Packets > Fuzz.Inputs / 10), string.Join(",", sinks.Select(s => s.Packets)));
    }

    [Fact]
    public void RouterSurvivesFuzzedRtcpFromBothSides()
    {
        var (room, _) = Setup();
        var subscriberSsrc = room.Room.Bind(new ParticipantKey("s0"), new TrackKey(RoomFixture.Parent, MediaKind.Video),
            new OutputFormat(100, ExtensionIds.None, "m0"));
        var pli = new byte[PictureLossIndication.Length];
        new PictureLossIndication(new Ssrc(1), subscriberSsrc).TryWrite(pli, out _);
        var fir = new byte[FullIntraRequest.GetLength(2)];
        FullIntraRequest.TryWrite(fir, new Ssrc(1), [new FirEntry(subscriberSsrc, 1), new FirEntry(new Ssrc(5), 2)], out _);
        var sr = new byte[SenderReport.GetLength(1)];
        SenderReport.TryWrite(sr, new SenderInfo(room.Audio.Ssrc, 1UL << 40, 1, 2, 3),
            [new ReportBlock(new Ssrc(7), 1, 2, 3, 4, 5, 6)], out _);
        byte[][] seeds = [pli, fir, sr, [.. sr, .. pli], [.. sr, .. fir]];
        long now = 0;
        Fuzz.Run(nameof(RouterSurvivesFuzzedRtcpFromBothSides), seeds, input =>
        {
            room.Room.OnSubscriberRtcp(new ParticipantKey("s0"), input, now += 13);
            room.Room.OnPublisherRtcp(RoomFixture.Parent, input, now);
            if (now % 1000 < 13)
            {
                room.Room.Tick(now);
            }
        });
        Assert.True(room.Publisher.PliCount > 1);
    }
}
