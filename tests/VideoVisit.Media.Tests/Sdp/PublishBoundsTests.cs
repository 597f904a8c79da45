using System.Net;
using VideoVisit.Media.Rtc;
using VideoVisit.Media.Sdp;
using VideoVisit.Media.Sfu;
using VideoVisit.Media.Tests.Sdp.Fixtures;

namespace VideoVisit.Media.Tests.Sdp;

/// <summary>A publish offer is one camera and one microphone at most: further sections are refused, never allocated (docs/security.md).</summary>
public sealed class PublishBoundsTests
{
    /// <summary>Chrome's audio+video offer with <paramref name="copies"/> more audio and video sections (new mids, no SSRCs).</summary>
    internal static string OfferWithExtraSections(int copies)
    {
        var text = ChromeOffers.PublishAudioVideo.Replace("\r\n", "\n", StringComparison.Ordinal);
        int firstMedia = text.IndexOf("\nm=", StringComparison.Ordinal) + 1;
        var session = text[..firstMedia];
        var sections = text[firstMedia..].Split("m=", StringSplitOptions.RemoveEmptyEntries).Select(s => "m=" + s).ToArray();
        var mids = new List<string> { "0", "1" };
        var extra = new List<string>();
        for (int c = 0; c < copies; c++)
        {
            for (int i = 0; i < sections.Length; i++)
            {
                var mid = $"x{c}{i}";
                mids.Add(mid);
                var lines = sections[i].Split('\n').Where(l => !l.StartsWith("a=ssrc", StringComparison.Ordinal))
                    .Select(l => l.StartsWith("a=mid:", StringComparison.Ordinal) ? $"a=mid:{mid}" : l);
                extra.Add(string.Join('\n', lines));
            }
        }
        session = session.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE " + string.Join(' ', mids), StringComparison.Ordinal);
        return (session + string.Concat(sections) + string.Concat(extra)).Replace("\n", "\r\n", StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyTheFirstAudioAndTheFirstVideoSectionAreAccepted()
    {
        var offer = SessionDescription.Parse(OfferWithExtraSections(copies: 3));
        Assert.Equal(8, offer.Media.Count);
        var answer = JsepPublishAnswerer.CreatePublishAnswer(offer, JsepTestData.Server(), "42", 1);

        Assert.Equal(8, answer.Media.Count);
        Assert.Equal(offer.Media.Select(m => m.Mid), answer.Media.Select(m => m.Mid));
        Assert.Equal(["0", "1"], answer.Bundle!.Mids);
        Assert.Equal([("audio", 40000), ("video", 40000)], answer.Media.Take(2).Select(m => (m.Kind, m.Port)));
        Assert.All(answer.Media.Skip(2), m =>
        {
            Assert.Equal(0, m.Port);
            Assert.True(m.IsRejected);
            Assert.Empty(m.Candidates);
        });
    }

    [Fact]
    public async Task TheMediaServerPlansOneTrackPerKindForAnOfferOfMany()
    {
        await using var server = new MediaServer(new MediaServerOptions { BindEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        using var peer = server.CreatePublisher(new RoomId("r"), new ParticipantKey("p"), OfferWithExtraSections(copies: 5), out var answerSdp);

        Assert.Equal([MediaKind.Audio, MediaKind.Video], peer.Kinds);
        var answer = SessionDescription.Parse(answerSdp);
        Assert.Equal(2, answer.Media.Count(m => !m.IsRejected));
        Assert.Equal(10, answer.Media.Count(m => m.IsRejected));
    }
}
