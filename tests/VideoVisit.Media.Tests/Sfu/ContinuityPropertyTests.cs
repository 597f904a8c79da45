using CsCheck;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>
/// RFC 3550 §5.1 continuity as a property: for any interleaving of packets, upstream losses and edge flips,
/// a subscriber's sequence numbers rise by exactly one except across upstream losses inside one edge period
/// (which it must see to report them), and its timestamps never go back.
/// </summary>
public class ContinuityPropertyTests
{
    private enum Op { Send, LoseUpstream, RemoveEdge, AddEdge }

    [Fact]
    public void SubscriberStreamStaysContinuousUnderAnyEdgeAndLossSchedule()
    {
        var ops = Gen.Frequency((6, Gen.Const(Op.Send)), (1, Gen.Const(Op.LoseUpstream)), (1, Gen.Const(Op.RemoveEdge)), (1, Gen.Const(Op.AddEdge)));
        Gen.Select(ops.Array[1, 200], Gen.UShort).Sample((schedule, firstSeq) =>
        {
            var room = new RoomFixture();
            room.AudioSource.Seq = firstSeq;
            var child = room.AddSubscriber("child");
            var edge = RoomFixture.Edge(MediaKind.Audio, "child");
            bool allowed = false;
            var expectedSteps = new List<int>(); // the sequence step each forwarded packet should show
            int pendingLoss = 0;
            bool restarted = true;
            foreach (var op in schedule)
            {
                switch (op)
                {
                    case Op.Send:
                        if (allowed)
                        {
                            expectedSteps.Add(restarted ? 1 : 1 + pendingLoss);
                            restarted = false;
                        }
                        pendingLoss = 0;
                        room.SendAudio();
                        break;
                    case Op.LoseUpstream:
                        room.AudioSource.NextAudio();
                        pendingLoss++;
                        break;
                    case Op.RemoveEdge:
                        allowed = false;
                        restarted = true;
                        room.Allow();
                        break;
                    case Op.AddEdge:
                        if (!allowed)
                        {
                            allowed = true;
                            restarted = true;
                            room.Allow(edge);
                        }
                        break;
                }
                room.Time.Ms += 20;
            }

            var headers = child.Transport.Headers();
            Assert.Equal(expectedSteps.Count, headers.Count);
            for (int i = 1; i < headers.Count; i++)
            {
                Assert.Equal((ushort)(headers[i - 1].Seq + expectedSteps[i]), headers[i].Seq);
                Assert.True((int)(headers[i].Ts - headers[i - 1].Ts) > 0);
            }
        }, iter: 300);
    }
}
