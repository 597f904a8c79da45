using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>
/// RFC 3550 §5.1 as a subscriber sees it: one stream per SSRC whose sequence numbers advance by one and whose
/// media clock never runs backwards, whatever the router skipped while an edge was absent.
/// </summary>
public class ContinuityTests
{
    private static void AssertConsecutive(IReadOnlyList<(VideoVisit.Media.Rtp.Ssrc Ssrc, byte Pt, ushort Seq, uint Ts)> headers)
    {
        for (int i = 1; i < headers.Count; i++)
        {
            Assert.Equal((ushort)(headers[i - 1].Seq + 1), headers[i].Seq);
            Assert.True((int)(headers[i].Ts - headers[i - 1].Ts) > 0, $"timestamp went back at {i}");
            Assert.Equal(headers[0].Ssrc, headers[i].Ssrc);
        }
    }

    [Fact]
    public void SequenceContinuesWithoutAGapAcrossAnEdgeRemovedAndAddedBack()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        var edge = RoomFixture.Edge(MediaKind.Audio, "child");
        room.Allow(edge);
        for (int i = 0; i < 10; i++)
        {
            room.SendAudio();
            room.Time.Ms += 20;
        }
        room.Allow();
        for (int i = 0; i < 37; i++)
        {
            room.SendAudio();
            room.Time.Ms += 20;
        }
        room.Allow(edge);
        for (int i = 0; i < 10; i++)
        {
            room.SendAudio();
            room.Time.Ms += 20;
        }

        var headers = child.Transport.Headers();
        Assert.Equal(20, headers.Count);
        AssertConsecutive(headers);
        // The pause lasted 38 packet times (760 ms at 48 kHz): the clock jumps by the wall time, not by nothing.
        Assert.Equal(38u * 960, headers[10].Ts - headers[9].Ts);
    }

    [Fact]
    public void ASubscriberJoiningMidStreamStartsWithoutAGap()
    {
        var room = new RoomFixture();
        var first = room.AddSubscriber("first");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "first"));
        for (int i = 0; i < 100; i++)
        {
            room.SendAudio();
        }
        var late = room.AddSubscriber("late");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "first"), RoomFixture.Edge(MediaKind.Audio, "late"));
        for (int i = 0; i < 20; i++)
        {
            room.SendAudio();
        }

        AssertConsecutive(first.Transport.Headers());
        Assert.Equal(120, first.Transport.RtpCount);
        AssertConsecutive(late.Transport.Headers());
        Assert.Equal(20, late.Transport.RtpCount);
    }

    [Fact]
    public void PublisherLossStaysVisibleToTheSubscriberSoItCanReportIt()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "child"));
        room.SendAudio();
        room.AudioSource.NextAudio(); // lost upstream
        room.SendAudio();

        var headers = child.Transport.Headers();
        Assert.Equal((ushort)(headers[0].Seq + 2), headers[1].Seq);
    }

    [Fact]
    public void SequenceContinuesAcrossTheSixteenBitWrap()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "child"));
        room.AudioSource.Seq = 65530;
        for (int i = 0; i < 70_000 - 65530 + 100; i++)
        {
            room.SendAudio();
        }

        AssertConsecutive(child.Transport.Headers());
    }

    [Fact]
    public void RebindingAfterAnUnbindKeepsTheSsrcAndTheSequence()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "child"));
        room.SendAudio();
        var key = new ParticipantKey("child");
        var track = new TrackKey(RoomFixture.Parent, MediaKind.Audio);

        room.Room.Unbind(key, track);
        room.SendAudio();
        var again = room.Room.Bind(key, track, new OutputFormat(109, ExtensionIds.None, "3"));
        room.SendAudio();

        Assert.Equal(child.AudioSsrc, again);
        var headers = child.Transport.Headers();
        Assert.Equal(2, headers.Count);
        AssertConsecutive(headers);
    }

    [Fact]
    public void ReorderedPacketsKeepTheirRelativeOrder()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "child"));
        var p1 = room.AudioSource.NextAudio();
        var p2 = room.AudioSource.NextAudio();
        var p3 = room.AudioSource.NextAudio();

        room.Room.OnRtp(room.Audio, p1, 0);
        room.Room.OnRtp(room.Audio, p3, 0);
        room.Room.OnRtp(room.Audio, p2, 0);

        var seqs = child.Transport.Headers().Select(h => h.Seq).ToArray();
        Assert.Equal([seqs[0], (ushort)(seqs[0] + 2), (ushort)(seqs[0] + 1)], seqs);
    }
}
