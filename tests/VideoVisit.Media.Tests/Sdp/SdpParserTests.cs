using VideoVisit.Media.Sdp;
using VideoVisit.Media.Tests.Sdp.Fixtures;

namespace VideoVisit.Media.Tests.Sdp;

public class SdpParserTests
{
    private static string Crlf(string s) => s.ReplaceLineEndings("\r\n");

    [Fact]
    public void Rfc8866ChromePublishOfferParses()
    {
        SessionDescription d = SessionDescription.Parse(Crlf(ChromeOffers.PublishAudioVideo));
        Assert.Equal("4611731400430051336", d.Origin.SessionId);
        Assert.Equal(2UL, d.Origin.SessionVersion);
        Assert.Equal(["0", "1"], d.Bundle!.Mids);
        Assert.True(d.ExtmapAllowMixed);
        Assert.Contains(d.OtherAttributes, a => a is { Name: "msid-semantic", Value: " WMS 3ea7b7a2-5d0e-4a37-9c43-3d5f1c2b8e11" });
        Assert.Equal(2, d.Media.Count);

        MediaDescription audio = d.Media[0];
        Assert.Equal("audio", audio.Kind);
        Assert.Equal(56143, audio.Port);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(SdpDirection.SendOnly, audio.Direction);
        Assert.Equal("Xk3p", audio.IceUfrag);
        Assert.Equal("0bQx7VvJ9mP2nR4sT6uW8yZ1", audio.IcePwd);
        Assert.Equal(["trickle"], audio.IceOptions);
        Assert.Equal(SdpSetupRole.ActPass, audio.Setup);
        Assert.Equal("sha-256", audio.Fingerprints.Single().HashFunction);
        Assert.True(audio.RtcpMux && audio.RtcpRsize);
        Assert.Equal(new SdpRtpMap(111, "opus", 48000, 2), audio.FindRtpMap(111));
        Assert.Equal("minptime=10;useinbandfec=1", audio.FindFmtp(111)!.Parameters);
        Assert.Equal(new SdpRtcpFeedback("111", "transport-cc", null), audio.RtcpFeedbacks.Single());
        Assert.Equal(4, audio.Extmaps.Count);
        Assert.Equal(new SdpExtmap(4, null, "urn:ietf:params:rtp-hdrext:sdes:mid", null), audio.Extmaps[3]);
        Assert.Equal(new SdpMsid("3ea7b7a2-5d0e-4a37-9c43-3d5f1c2b8e11", "9b2c4f1e-7a3d-4e8b-b6c5-1d2e3f4a5b6c"), audio.Msids.Single());
        Assert.Equal(new SdpSsrcAttribute(1001234567, "cname", "pQ1yXb3n8Zr5Ts7v"), audio.Ssrcs[0]);
        Assert.Contains(audio.OtherAttributes, a => a is { Name: "rtcp", Value: "9 IN IP4 0.0.0.0" });

        Assert.Equal(2, audio.Candidates.Count);
        SdpCandidate host = audio.Candidates[0];
        Assert.Equal("9f2d51a4-0c8a-4c1e-8a8e-4d3c2b1a0f9e.local", host.Address);
        Assert.Equal("host", host.Type);
        Assert.Equal(2122260223u, host.Priority);
        Assert.Equal("generation 0 network-id 1 network-cost 10", host.Extensions);
        SdpCandidate srflx = audio.Candidates[1];
        Assert.Equal(("srflx", "0.0.0.0", (int?)0), (srflx.Type, srflx.RelatedAddress, srflx.RelatedPort));

        MediaDescription video = d.Media[1];
        Assert.Equal(12, video.Formats.Count);
        Assert.Equal(5, video.RtcpFeedbacks.Count(f => f.PayloadType == "96"));
        Assert.Contains(new SdpRtcpFeedback("96", "nack", "pli"), video.RtcpFeedbacks);
        Assert.Equal(new SdpSsrcGroup("FID", [2231627014, 632943048]), video.SsrcGroups.Single());
        Assert.Equal(4, video.Ssrcs.Count);
        Assert.Equal(17, video.Extmaps[^1].Id);
    }

    [Fact]
    public void Rfc8866ParserAcceptsLfOnlyLineEnds()
    {
        string lf = ChromeOffers.PublishAudioVideo.ReplaceLineEndings("\n");
        SessionDescription a = SessionDescription.Parse(lf);
        SessionDescription b = SessionDescription.Parse(Crlf(ChromeOffers.PublishAudioVideo));
        Assert.Equal(b.ToString(), a.ToString());
    }

    [Fact]
    public void Rfc8866WriterUsesCrlfAndReparsesToTheSameModel()
    {
        foreach (string fixture in new[] { ChromeOffers.PublishAudioVideo, ChromeOffers.PublishWithUnsupportedSections })
        {
            SessionDescription d = SessionDescription.Parse(fixture);
            string written = d.ToString();
            Assert.DoesNotContain("\n", written.Replace("\r\n", string.Empty));
            Assert.EndsWith("\r\n", written);
            SessionDescription again = SessionDescription.Parse(written);
            Assert.Equivalent(d, again, strict: true);
            Assert.Equal(written, again.ToString());
        }
    }

    [Fact]
    public void Rfc8866ChromeOfferWritesBackLineForLine()
    {
        // Chrome's own attribute order is the writer's order, so only unknown attributes move (to the section's end).
        string original = Crlf(ChromeOffers.PublishAudioVideo);
        string written = SessionDescription.Parse(original).ToString();
        Assert.Equal(
            original.Split("\r\n").Where(l => l.Length > 0).Order(StringComparer.Ordinal),
            written.Split("\r\n").Where(l => l.Length > 0).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Rfc8839FirefoxStyleOfferParsesWildcardFeedbackAndExtmapDirection()
    {
        SessionDescription d = SessionDescription.Parse(ChromeOffers.PublishWithUnsupportedSections);
        Assert.Equal(["a", "v", "d"], d.Bundle!.Mids);
        Assert.Single(d.Fingerprints);
        Assert.Equal(new SdpExtmap(2, SdpDirection.RecvOnly, "urn:ietf:params:rtp-hdrext:csrc-audio-level", null), d.Media[0].Extmaps[1]);
        Assert.Equal(new SdpRtcpFeedback("*", "nack", null), d.Media[1].RtcpFeedbacks[0]);
        Assert.Equal("application", d.Media[2].Kind);
        Assert.Equal(["webrtc-datachannel"], d.Media[2].Formats);
        Assert.Equal(new SdpRtpMap(9, "G722", 8000, 1), d.Media[0].FindRtpMap(9));
    }
}
