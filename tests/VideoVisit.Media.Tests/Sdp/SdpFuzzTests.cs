using System.Text;
using VideoVisit.Media.Sdp;
using VideoVisit.Media.Tests.Sdp.Fixtures;

namespace VideoVisit.Media.Tests.Sdp;

/// <summary>
/// Hostile descriptions either parse or raise <see cref="SdpParseException"/>; whatever parses must write back to
/// text that parses to the same text, and the publish answerer and the subscribe builder must take it or refuse it
/// with SdpNegotiationException.
/// </summary>
[Trait("Category", "Fuzz")]
public class SdpFuzzTests
{
    private static readonly string[] Seeds =
    [
        ChromeOffers.PublishAudioVideo.ReplaceLineEndings("\r\n"),
        ChromeOffers.PublishWithUnsupportedSections,
        ChromeAnswers.SubscribeAnswer,
    ];

    private static int Inputs(int normal) =>
        int.TryParse(Environment.GetEnvironmentVariable("VIDEOVISIT_FUZZ_INPUTS"), out int n) && n > 0 ? n : normal;

    private static void Exercise(string text)
    {
        SessionDescription d;
        try
        {
            d = SessionDescription.Parse(text);
        }
        catch (SdpParseException e)
        {
            Assert.True(e.LineNumber >= 0);
            return;
        }

        string written = d.ToString();
        Assert.Equal(written, SessionDescription.Parse(written).ToString());
        try
        {
            SessionDescription answer = JsepPublishAnswerer.CreatePublishAnswer(d, JsepTestData.Server(), "1", 1);
            SessionDescription.Parse(answer.ToString());
        }
        catch (SdpNegotiationException)
        {
            // A description that parses but cannot be negotiated is refused cleanly.
        }

        var subscribe = new SubscribeOfferBuilder(JsepTestData.Server(), "1");
        subscribe.AddTrack(new SubscribeTrack("audio", "s", "a", 1, "c"));
        subscribe.AddTrack(new SubscribeTrack("video", "s", "v", 2, "c"));
        subscribe.AddTrack(new SubscribeTrack("video", "s", "w", 3, "c"));
        subscribe.CreateOffer();
        try
        {
            subscribe.ApplyAnswer(d);
            Assert.False(subscribe.HasPendingOffer);
        }
        catch (SdpNegotiationException)
        {
            Assert.True(subscribe.HasPendingOffer);
        }
    }

    [Fact]
    public void SdpParserSurvivesRandomBytes()
    {
        var rng = new Random(8866);
        var buf = new byte[600];
        int inputs = Inputs(20_000);
        for (int i = 0; i < inputs; i++)
        {
            int n = rng.Next(buf.Length);
            rng.NextBytes(buf.AsSpan(0, n));
            // Half the inputs start like an SDP so the line machinery past v= is reached.
            string prefix = rng.Next(2) == 0 ? "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\n" : string.Empty;
            Exercise(prefix + Encoding.Latin1.GetString(buf, 0, n));
        }
    }

    [Fact]
    public void SdpParserSurvivesMutatedBrowserOffers()
    {
        var rng = new Random(9429);
        int inputs = Inputs(5_000);
        const string Alphabet = " :/=\r\n0123456789abcxyzABC-*.\t\0{}";
        for (int i = 0; i < inputs; i++)
        {
            var lines = Seeds[rng.Next(Seeds.Length)].Split("\r\n").ToList();
            int mutations = rng.Next(1, 6);
            for (int k = 0; k < mutations && lines.Count > 0; k++)
            {
                int at = rng.Next(lines.Count);
                switch (rng.Next(6))
                {
                    case 0:
                        lines.RemoveAt(at);
                        break;
                    case 1:
                        lines.Insert(rng.Next(lines.Count), lines[at]);
                        break;
                    case 2:
                        (lines[at], lines[rng.Next(lines.Count)]) = (lines[rng.Next(lines.Count)], lines[at]);
                        break;
                    case 3 when lines[at].Length > 0:
                        lines[at] = lines[at][..rng.Next(lines[at].Length)];
                        break;
                    default:
                        var sb = new StringBuilder(lines[at]);
                        int pos = rng.Next(sb.Length + 1);
                        if (pos < sb.Length && rng.Next(2) == 0)
                        {
                            sb[pos] = Alphabet[rng.Next(Alphabet.Length)];
                        }
                        else
                        {
                            sb.Insert(pos, Alphabet[rng.Next(Alphabet.Length)]);
                        }

                        lines[at] = sb.ToString();
                        break;
                }
            }

            Exercise(string.Join(rng.Next(4) == 0 ? "\n" : "\r\n", lines));
        }
    }
}
