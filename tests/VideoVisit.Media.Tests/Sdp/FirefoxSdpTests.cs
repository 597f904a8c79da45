using VideoVisit.Media.Sdp;
using VideoVisit.Media.Tests.Sdp.Fixtures;

namespace VideoVisit.Media.Tests.Sdp;

/// <summary>What a real Firefox writes (<see cref="FirefoxDescriptions"/>): bundle-only sections, its answers.</summary>
public class FirefoxSdpTests
{
    private static SessionDescription Offer() => SessionDescription.Parse(FirefoxDescriptions.PublishAudioVideo);

    private static SessionDescription Answer(SessionDescription offer) =>
        JsepPublishAnswerer.CreatePublishAnswer(offer, JsepTestData.Server(), "42", 1);

    [Fact]
    public void Rfc8843BundleOnlyIsATypedAttributeThatKeepsAPortZeroSectionAlive()
    {
        SessionDescription d = Offer();
        MediaDescription audio = d.Media[0];
        MediaDescription video = d.Media[1];
        Assert.Equal((9, false, false), (audio.Port, audio.BundleOnly, audio.IsRejected));
        Assert.Equal((0, true, false), (video.Port, video.BundleOnly, video.IsRejected));
        Assert.DoesNotContain(video.OtherAttributes, a => a.Name == "bundle-only");

        // Written back in place, and the model survives a round trip.
        string written = d.ToString();
        Assert.Contains("m=video 0 UDP/TLS/RTP/SAVPF 120 124 121 125 99 100 123 122 119\r\nc=IN IP4 0.0.0.0\r\na=bundle-only\r\n", written);
        Assert.Equivalent(d, SessionDescription.Parse(written), strict: true);
        Assert.Equal(
            FirefoxDescriptions.PublishAudioVideo.ReplaceLineEndings("\r\n").Split("\r\n").Where(l => l.Length > 0).Order(StringComparer.Ordinal),
            written.Split("\r\n").Where(l => l.Length > 0).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Rfc8843BundleOnlyTakesAValueNever()
    {
        string bad = FirefoxDescriptions.PublishAudioVideo.Replace("a=bundle-only", "a=bundle-only:yes");
        SdpParseException e = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(bad));
        Assert.Contains("bundle-only", e.Message);
    }

    [Fact]
    public void Rfc8843FirefoxPublishOfferGetsBothAudioAndVideoAnswered()
    {
        SessionDescription a = Answer(Offer());
        Assert.Equal(["0", "1"], a.Bundle!.Mids);
        Assert.All(a.Media, m =>
        {
            Assert.Equal(40000, m.Port);
            Assert.False(m.BundleOnly);
            Assert.Equal(SdpDirection.RecvOnly, m.Direction);
            Assert.Equal(SdpSetupRole.Passive, m.Setup);
            Assert.Equal("Srv1", m.IceUfrag);
        });

        MediaDescription audio = a.Media[0];
        Assert.Equal(["109"], audio.Formats);
        Assert.Equal(new SdpRtpMap(109, "opus", 48000, 2), audio.RtpMaps.Single());
        // csrc-audio-level (recvonly, not ours) is left out; Firefox's own ids are kept.
        Assert.Equal([(1, SdpCodecPolicy.AudioLevelUri), (3, SdpCodecPolicy.MidUri), (7, SdpCodecPolicy.TransportCcUri)],
            audio.Extmaps.Select(e => (e.Id, e.Uri)));

        MediaDescription video = a.Media[1];
        Assert.Equal(["120"], video.Formats);
        Assert.Equal(new SdpRtpMap(120, "VP8", 90000, null), video.RtpMaps.Single());
        // transport-cc is negotiated (its extension is answered), so no goog-remb: only feedback the server gives.
        Assert.Equal(["nack", "nack pli", "ccm fir", "transport-cc"],
            video.RtcpFeedbacks.Select(f => f.Parameter is null ? f.Type : $"{f.Type} {f.Parameter}"));
        Assert.All(video.RtcpFeedbacks, f => Assert.Equal("120", f.PayloadType));
        Assert.Equal([(3, SdpCodecPolicy.MidUri), (4, SdpCodecPolicy.AbsSendTimeUri), (7, SdpCodecPolicy.TransportCcUri)],
            video.Extmaps.Select(e => (e.Id, e.Uri)));

        // The answer reparses, and the browser's transport is read from the tagged (first) section.
        string text = a.ToString();
        Assert.DoesNotContain("bundle-only", text);
        Assert.Equivalent(a, SessionDescription.Parse(text), strict: true);
        SdpRemoteTransport remote = JsepTransport.ReadRemote(Offer());
        Assert.Equal(("6050b5ba", SdpSetupRole.ActPass), (remote.IceUfrag, remote.Setup));
        Assert.Equal("sha-256", remote.Fingerprints.Single().HashFunction);
    }

    [Fact]
    public void Rfc3264PortZeroWithoutBundleOnlyStillRejectsTheSection()
    {
        SessionDescription offer = SessionDescription.Parse(FirefoxDescriptions.PublishAudioVideo.Replace("a=bundle-only\n", ""));
        Assert.True(offer.Media[1].IsRejected);
        SessionDescription a = Answer(offer);
        Assert.Equal([40000, 0], a.Media.Select(m => m.Port));
        Assert.Equal(["0"], a.Bundle!.Mids);
    }

    [Fact]
    public void Rfc8843BundleOnlySectionOutsideTheBundleIsRejected()
    {
        SessionDescription offer = SessionDescription.Parse(FirefoxDescriptions.PublishAudioVideo.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0"));
        SessionDescription a = Answer(offer);
        Assert.Equal([40000, 0], a.Media.Select(m => m.Port));
        Assert.Equal("1", a.Media[1].Mid);
        Assert.Equal(["0"], a.Bundle!.Mids);
    }

    [Fact]
    public void Rfc9429FirefoxAnswerToASubscribeOfferIsApplied()
    {
        var b = new SubscribeOfferBuilder(JsepTestData.Server());
        b.AddTrack(new SubscribeTrack("audio", "p1", "p1-audio", 11111111, "p1"));
        b.AddTrack(new SubscribeTrack("video", "p1", "p1-video", 22222222, "p1"));
        b.AddTrack(new SubscribeTrack("video", "p2", "p2-video", 33333333, "p2"));
        b.ApplyAnswer(JsepTestData.BrowserAnswer(b.CreateOffer()));
        b.RemoveTrack("p2-video");
        SessionDescription offer = b.CreateOffer();
        Assert.Equal(SdpDirection.Inactive, offer.Media[2].Direction);

        SubscribeAnswerResult r = b.ApplyAnswer(SessionDescription.Parse(FirefoxDescriptions.SubscribeAnswer));
        Assert.Equal(("66c181a9", "ed1558afbfb6b08c4d2eaf3fceb3ad68", SdpSetupRole.Active), (r.Transport.IceUfrag, r.Transport.IcePwd, r.Transport.Setup));
        // Firefox puts its fingerprint at session level only.
        Assert.Equal("sha-256", r.Transport.Fingerprints.Single().HashFunction);
        Assert.Empty(r.RejectedMids);
    }

    [Fact]
    public void Rfc8843BundleOnlyInASubscribeAnswerCountsAsAccepted()
    {
        var b = new SubscribeOfferBuilder(JsepTestData.Server());
        b.AddTrack(new SubscribeTrack("audio", "p1", "p1-audio", 11111111, "p1"));
        b.AddTrack(new SubscribeTrack("video", "p1", "p1-video", 22222222, "p1"));
        SessionDescription answer = JsepTestData.BrowserAnswer(b.CreateOffer());
        answer.Media[1].Port = 0;
        answer.Media[1].BundleOnly = true;
        Assert.Empty(b.ApplyAnswer(answer).RejectedMids);
    }
}
