using CsCheck;
using VideoVisit.Media.Sdp;

namespace VideoVisit.Media.Tests.Sdp;

public class SdpRoundTripTests
{
    [Fact]
    public void Rfc8866SessionDescriptionRoundTrips()
    {
        SdpGenerators.Session.Sample(d =>
        {
            string written = d.ToString();
            SessionDescription parsed = SessionDescription.Parse(written);
            Assert.Equivalent(d, parsed, strict: true);
            Assert.Equal(written, parsed.ToString());
        }, iter: 2000);
    }

    [Fact]
    public void Rfc8839CandidateRoundTrips()
    {
        SdpGenerators.Candidate.Sample(c =>
        {
            Assert.True(SdpCandidate.TryParse(c.ToString(), out SdpCandidate back, out string reason), reason);
            Assert.Equal(c, back);
        });
    }

    [Fact]
    public void Rfc8866ListOrderSurvivesTheRoundTrip()
    {
        // Equivalent() ignores collection order, so the order of the lists that carry meaning is checked on its own.
        SdpGenerators.Session.Sample(d =>
        {
            SessionDescription p = SessionDescription.Parse(d.ToString());
            Assert.Equal(d.Media.Select(m => m.Mid), p.Media.Select(m => m.Mid));
            for (int i = 0; i < d.Media.Count; i++)
            {
                Assert.Equal(d.Media[i].Formats, p.Media[i].Formats);
                Assert.Equal(d.Media[i].RtpMaps, p.Media[i].RtpMaps);
                Assert.Equal(d.Media[i].RtcpFeedbacks, p.Media[i].RtcpFeedbacks);
                Assert.Equal(d.Media[i].Extmaps, p.Media[i].Extmaps);
                Assert.Equal(d.Media[i].Candidates, p.Media[i].Candidates);
                Assert.Equal(d.Media[i].OtherAttributes, p.Media[i].OtherAttributes);
            }

            Assert.Equal(d.Groups, p.Groups);
        }, iter: 500);
    }
}
