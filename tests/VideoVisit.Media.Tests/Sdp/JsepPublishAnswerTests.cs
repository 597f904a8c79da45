using VideoVisit.Media.Sdp;
using VideoVisit.Media.Tests.Sdp.Fixtures;

namespace VideoVisit.Media.Tests.Sdp;

public class JsepPublishAnswerTests
{
    private static SessionDescription AnswerChrome() =>
        JsepPublishAnswerer.CreatePublishAnswer(SessionDescription.Parse(ChromeOffers.PublishAudioVideo), JsepTestData.Server(), "42", 1);

    [Fact]
    public void Rfc9429PublishAnswerAcceptsChromeOpusAndVp8ReceiveOnly()
    {
        SessionDescription a = AnswerChrome();
        Assert.True(a.IceLite);
        Assert.Equal(["0", "1"], a.Bundle!.Mids);
        Assert.Equal(2, a.Media.Count);

        MediaDescription audio = a.Media[0];
        Assert.Equal(("audio", "0", 40000), (audio.Kind, audio.Mid, audio.Port));
        // Chrome offers RFC 2198 redundancy of its Opus (red/48000/2, fmtp 111/111): it goes first, so Chrome sends it;
        // Opus keeps in-band FEC (RFC 7587 §7).
        Assert.Equal(["63", "111"], audio.Formats);
        Assert.Equal([new SdpRtpMap(63, "red", 48000, 2), new SdpRtpMap(111, "opus", 48000, 2)], audio.RtpMaps);
        Assert.Equal("111/111", audio.FindFmtp(63)!.Parameters);
        Assert.Equal("minptime=10;useinbandfec=1", audio.FindFmtp(111)!.Parameters);
        Assert.Equal([new SdpRtcpFeedback("111", "transport-cc", null)], audio.RtcpFeedbacks);
        Assert.Equal([1, 2, 3, 4], audio.Extmaps.Select(e => e.Id));

        MediaDescription video = a.Media[1];
        Assert.Equal(["96"], video.Formats);
        Assert.Equal(new SdpRtpMap(96, "VP8", 90000, null), video.RtpMaps.Single());
        Assert.Empty(video.Fmtps);
        // transport-cc, which the server answers (see TransportCcRecorder), and no goog-remb: a constant REMB would cap
        // the browser's own estimate.
        Assert.Equal(4, video.RtcpFeedbacks.Count);
        Assert.Contains(new SdpRtcpFeedback("96", "transport-cc", null), video.RtcpFeedbacks);
        Assert.DoesNotContain(video.RtcpFeedbacks, fb => fb.Type == "goog-remb");
        Assert.Contains(new SdpRtcpFeedback("96", "nack", "pli"), video.RtcpFeedbacks);
        Assert.Contains(new SdpRtcpFeedback("96", "ccm", "fir"), video.RtcpFeedbacks);
        // The offer's ids are kept; toffset, playout-delay, rid and the two-byte id 17 are not taken.
        Assert.Equal([(2, SdpCodecPolicy.AbsSendTimeUri), (3, SdpCodecPolicy.TransportCcUri), (4, SdpCodecPolicy.MidUri)],
            video.Extmaps.Select(e => (e.Id, e.Uri)));

        foreach (MediaDescription m in a.Media)
        {
            Assert.Equal(SdpDirection.RecvOnly, m.Direction);
            Assert.Equal(SdpSetupRole.Passive, m.Setup);
            Assert.Equal("Srv1", m.IceUfrag);
            Assert.Equal("ServerIcePassword+/0123456789", m.IcePwd);
            Assert.Equal(JsepTestData.ServerFingerprint, m.Fingerprints.Single());
            Assert.True(m.RtcpMux);
            Assert.False(m.RtcpRsize);
            Assert.Empty(m.Ssrcs);
            SdpCandidate c = m.Candidates.Single();
            Assert.Equal((JsepTestData.ServerAddress, 40000, "host", "udp", 1), (c.Address, c.Port, c.Type, c.Transport, c.Component));
            Assert.Equal(2130706431u, c.Priority);
            Assert.True(m.EndOfCandidates);
        }
    }

    [Fact]
    public void TransportCcDraftFeedbackIsNotAnsweredWithoutTheTransportWideSequenceExtensionAndRembStays()
    {
        // Without the extension no packet carries a transport-wide number: transport-cc feedback would be a promise
        // the server cannot keep, so the answer keeps goog-remb (the server's REMB) instead.
        string offer = string.Join("\n", ChromeOffers.PublishAudioVideo.Split('\n').Where(line => !line.Contains("transport-wide-cc", StringComparison.Ordinal)));
        Assert.DoesNotContain("transport-wide-cc", offer);
        SessionDescription a = JsepPublishAnswerer.CreatePublishAnswer(SessionDescription.Parse(offer), JsepTestData.Server(), "42", 1);
        foreach (MediaDescription m in a.Media)
        {
            Assert.DoesNotContain(m.RtcpFeedbacks, fb => fb.Type == "transport-cc");
            Assert.DoesNotContain(m.Extmaps, e => e.Uri == SdpCodecPolicy.TransportCcUri);
        }
        Assert.Contains(new SdpRtcpFeedback("96", "goog-remb", null), a.Media[1].RtcpFeedbacks);
    }

    [Theory]
    [InlineData("111/0")]   // a G.711 block inside: not Opus redundancy
    [InlineData("0/0")]     // redundancy of another codec altogether
    [InlineData("")]        // blocks not said
    public void Rfc2198RedIsAnsweredOnlyAsRedundancyOfTheAnsweredOpus(string fmtp)
    {
        string offer = ChromeOffers.PublishAudioVideo.Replace("a=fmtp:63 111/111", fmtp.Length == 0 ? "a=fmtp:63" : "a=fmtp:63 " + fmtp, StringComparison.Ordinal);
        if (fmtp.Length == 0) offer = offer.Replace("a=fmtp:63\r\n", "", StringComparison.Ordinal).Replace("a=fmtp:63\n", "", StringComparison.Ordinal);
        var answer = JsepPublishAnswerer.CreatePublishAnswer(SessionDescription.Parse(offer), JsepTestData.Server(), "42", 1);

        MediaDescription audio = answer.Media[0];
        Assert.Equal(["111"], audio.Formats);
        Assert.Equal(new SdpRtpMap(111, "opus", 48000, 2), audio.RtpMaps.Single());
        Assert.Equal("minptime=10;useinbandfec=1", audio.Fmtps.Single().Parameters);
    }

    [Fact]
    public void Rfc2198ThePublishPlanKnowsOpusAndRedApart()
    {
        var offer = SessionDescription.Parse(ChromeOffers.PublishAudioVideo);
        var plans = VideoVisit.Media.Rtc.PublishedTrackPlan.From(offer, AnswerChrome());
        Assert.Equal([(111, 63), (96, 0)], plans.Select(p => ((int)p.PayloadType, (int)p.RedPayloadType)));
    }

    [Fact]
    public void Rfc9429PublishAnswerIsWellFormedAndReparses()
    {
        SessionDescription a = AnswerChrome();
        string text = a.ToString();
        Assert.StartsWith("v=0\r\no=- 42 1 IN IP4 203.0.113.10\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\na=ice-lite\r\n", text);
        Assert.DoesNotContain("rtx", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("a=setup:actpass", text);
        SessionDescription again = SessionDescription.Parse(text);
        Assert.Equivalent(a, again, strict: true);
    }

    [Fact]
    public void Rfc3264PublishAnswerRejectsDataChannelAndUnsupportedCodecKeepingMidAndOrder()
    {
        SessionDescription offer = SessionDescription.Parse(ChromeOffers.PublishWithUnsupportedSections);
        SessionDescription a = JsepPublishAnswerer.CreatePublishAnswer(offer, JsepTestData.Server());
        Assert.Equal(["a", "v", "d"], a.Media.Select(m => m.Mid));
        Assert.Equal(["audio", "video", "application"], a.Media.Select(m => m.Kind));
        Assert.Equal([40000, 0, 0], a.Media.Select(m => m.Port));
        Assert.Equal(["a"], a.Bundle!.Mids);

        MediaDescription audio = a.Media[0];
        Assert.Equal(["109"], audio.Formats);
        Assert.Equal(SdpDirection.RecvOnly, audio.Direction);
        // csrc-audio-level is not on the whitelist; the one-way direction would otherwise be reversed.
        Assert.Equal([1, 3], audio.Extmaps.Select(e => e.Id));

        MediaDescription data = a.Media[2];
        Assert.Equal(("UDP/DTLS/SCTP", "webrtc-datachannel"), (data.Protocol, data.Formats.Single()));
        Assert.Empty(data.Candidates);
        Assert.Null(data.IceUfrag);

        SessionDescription.Parse(a.ToString());
    }

    [Fact]
    public void Rfc8842PublishOfferThatWantsUsAsDtlsClientIsRefused()
    {
        SessionDescription offer = SessionDescription.Parse(ChromeOffers.PublishAudioVideo.Replace("a=setup:actpass", "a=setup:passive"));
        Assert.Throws<SdpNegotiationException>(() => JsepPublishAnswerer.CreatePublishAnswer(offer, JsepTestData.Server()));
    }

    [Fact]
    public void Rfc8843PublishOfferWithoutBundleIsRefused()
    {
        SessionDescription offer = SessionDescription.Parse(ChromeOffers.PublishAudioVideo.Replace("a=group:BUNDLE 0 1\n", ""));
        Assert.Throws<SdpNegotiationException>(() => JsepPublishAnswerer.CreatePublishAnswer(offer, JsepTestData.Server()));
    }

    [Fact]
    public void Rfc8843PublishOfferRepeatingAMidIsRefused()
    {
        SessionDescription offer = SessionDescription.Parse(ChromeOffers.PublishAudioVideo.Replace("a=mid:1", "a=mid:0"));
        Assert.Throws<SdpNegotiationException>(() => JsepPublishAnswerer.CreatePublishAnswer(offer, JsepTestData.Server()));
    }

    [Fact]
    public void Rfc9429PublishOfferWithoutMidIsRefused()
    {
        SessionDescription offer = SessionDescription.Parse(ChromeOffers.PublishAudioVideo.Replace("a=mid:1\n", ""));
        Assert.Throws<SdpNegotiationException>(() => JsepPublishAnswerer.CreatePublishAnswer(offer, JsepTestData.Server()));
    }

    [Fact]
    public void Rfc5761PublishSectionWithoutRtcpMuxIsRejected()
    {
        string noMux = ChromeOffers.PublishAudioVideo.ReplaceLineEndings("\n");
        int second = noMux.IndexOf("a=rtcp-mux\n", noMux.IndexOf("m=video", StringComparison.Ordinal), StringComparison.Ordinal);
        noMux = noMux.Remove(second, "a=rtcp-mux\n".Length);
        SessionDescription a = JsepPublishAnswerer.CreatePublishAnswer(SessionDescription.Parse(noMux), JsepTestData.Server());
        Assert.Equal([40000, 0], a.Media.Select(m => m.Port));
    }

    [Theory]
    [InlineData("203.0.113.10")]
    [InlineData("2001:db8::10")]
    public void SafeguardingPublishAnswerNamesNoAddressButTheServers(string server)
    {
        foreach (string fixture in new[] { ChromeOffers.PublishAudioVideo, ChromeOffers.PublishWithUnsupportedSections })
        {
            string text = JsepPublishAnswerer.CreatePublishAnswer(SessionDescription.Parse(fixture), JsepTestData.Server(server)).ToString();
            string[] addresses = JsepTestData.AddressesIn(text).Distinct().ToArray();
            Assert.Equal([System.Net.IPAddress.Parse(server).ToString()], addresses);
            Assert.DoesNotContain("198.51.100.23", text);
            Assert.DoesNotContain(".local", text);
        }
    }
}
