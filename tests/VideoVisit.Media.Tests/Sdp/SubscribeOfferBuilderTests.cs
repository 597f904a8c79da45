using CsCheck;
using VideoVisit.Media.Sdp;
using VideoVisit.Media.Tests.Sdp.Fixtures;

namespace VideoVisit.Media.Tests.Sdp;

public class SubscribeOfferBuilderTests
{
    private static SubscribeTrack Track(string kind, string id, uint ssrc) => new(kind, "stream-" + id, id, ssrc, "cname-" + id);

    private static SessionDescription OfferAndAnswer(SubscribeOfferBuilder b)
    {
        SessionDescription offer = b.CreateOffer();
        b.ApplyAnswer(JsepTestData.BrowserAnswer(offer));
        return offer;
    }

    [Fact]
    public void Rfc9429SubscribeOfferIsSendOnlyActPassWithMsidAndSsrc()
    {
        var b = new SubscribeOfferBuilder(JsepTestData.Server(), "777");
        Assert.Equal("0", b.AddTrack(Track("audio", "a1", 1111)));
        Assert.Equal("1", b.AddTrack(Track("video", "v1", 2222)));
        SessionDescription offer = b.CreateOffer();

        Assert.Equal(("777", 1UL), (offer.Origin.SessionId, offer.Origin.SessionVersion));
        Assert.True(offer.IceLite);
        Assert.Equal(["0", "1"], offer.Bundle!.Mids);
        MediaDescription audio = offer.Media[0];
        Assert.Equal(SdpDirection.SendOnly, audio.Direction);
        Assert.Equal(SdpSetupRole.ActPass, audio.Setup);
        Assert.Equal(new SdpMsid("stream-a1", "a1"), audio.Msids.Single());
        Assert.Contains(new SdpSsrcAttribute(1111, "cname", "cname-a1"), audio.Ssrcs);
        // Opus with in-band FEC first, then RFC 2198 redundancy of it for a browser that takes it.
        Assert.Equal(["111", "63"], audio.Formats);
        Assert.Equal([new SdpRtpMap(111, "opus", 48000, 2), new SdpRtpMap(63, "red", 48000, 2)], audio.RtpMaps);
        Assert.Equal("minptime=10;useinbandfec=1", audio.FindFmtp(111)!.Parameters);
        Assert.Equal("111/111", audio.FindFmtp(63)!.Parameters);
        Assert.Equal([1, 2, 3, 4], audio.Extmaps.Select(e => e.Id));
        MediaDescription video = offer.Media[1];
        Assert.Equal(new SdpRtpMap(96, "VP8", 90000, null), video.RtpMaps.Single());
        Assert.Equal([2, 3, 4], video.Extmaps.Select(e => e.Id));
        Assert.Contains(video.Extmaps, e => e.Uri == SdpCodecPolicy.MidUri);
        Assert.True(video.RtcpMux && video.EndOfCandidates);

        SessionDescription again = SessionDescription.Parse(offer.ToString());
        Assert.Equivalent(offer, again, strict: true);
    }

    [Fact]
    public void Rfc8843RecyclingOverJoinLeaveJoinNeverReordersOrDeletes()
    {
        var b = new SubscribeOfferBuilder(JsepTestData.Server());
        b.AddTrack(Track("audio", "a1", 1));
        b.AddTrack(Track("video", "v1", 2));
        SessionDescription first = OfferAndAnswer(b);

        Assert.True(b.RemoveTrack("a1"));
        Assert.True(b.RemoveTrack("v1"));
        SessionDescription afterLeave = OfferAndAnswer(b);
        Assert.Equal(["0", "1"], afterLeave.Media.Select(m => m.Mid));
        Assert.All(afterLeave.Media, m => Assert.Equal(SdpDirection.Inactive, m.Direction));
        Assert.All(afterLeave.Media, m => Assert.Empty(m.Msids));
        Assert.All(afterLeave.Media, m => Assert.Empty(m.Ssrcs));
        Assert.Equal(["0", "1"], afterLeave.Bundle!.Mids);

        // The next participant's tracks land in the freed sections; a third audio track needs a new one.
        Assert.Equal("1", b.AddTrack(Track("video", "v2", 4)));
        Assert.Equal("0", b.AddTrack(Track("audio", "a2", 3)));
        Assert.Equal("2", b.AddTrack(Track("audio", "a3", 5)));
        SessionDescription rejoin = OfferAndAnswer(b);
        Assert.Equal(["0", "1", "2"], rejoin.Media.Select(m => m.Mid));
        Assert.Equal(["audio", "video", "audio"], rejoin.Media.Select(m => m.Kind));
        Assert.Equal(["a2", "v2", "a3"], rejoin.Media.Select(m => m.Msids.Single().TrackId));
        Assert.Equal((ulong)3, rejoin.Origin.SessionVersion);

        // Credentials, fingerprint and role never change across renegotiations (no ICE restart, no role switch).
        foreach (SessionDescription o in new[] { first, afterLeave, rejoin })
        {
            Assert.All(o.Media, m => Assert.Equal(("Srv1", "ServerIcePassword+/0123456789", SdpSetupRole.ActPass),
                (m.IceUfrag, m.IcePwd, m.Setup)));
            Assert.All(o.Media, m => Assert.Equal(JsepTestData.ServerFingerprint, m.Fingerprints.Single()));
            Assert.Equal(first.Origin.SessionId, o.Origin.SessionId);
        }
    }

    [Fact]
    public void Rfc8843RecyclingPropertyHoldsForRandomJoinLeaveSequences()
    {
        // Ops: (add?, kind, id). Invariants: existing mids and kinds never change; sections of a kind never exceed
        // the peak number of simultaneous tracks of that kind; every live track is in exactly one section.
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Int[0, 7]).Array[1, 60].Sample(ops =>
        {
            var b = new SubscribeOfferBuilder(JsepTestData.Server());
            var live = new HashSet<string>();
            var peak = new Dictionary<string, int> { ["audio"] = 0, ["video"] = 0 };
            var previous = new List<SubscribeSlot>();
            uint ssrc = 1;
            foreach ((bool add, bool audio, int n) in ops)
            {
                string kind = audio ? "audio" : "video";
                string id = kind[0] + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (add && live.Add(id))
                {
                    b.AddTrack(Track(kind, id, ssrc++));
                    peak[kind] = Math.Max(peak[kind], live.Count(t => t[0] == kind[0]));
                }
                else if (!add)
                {
                    Assert.Equal(live.Remove(id), b.RemoveTrack(id));
                }

                SessionDescription offer = b.CreateOffer();
                b.ApplyAnswer(JsepTestData.BrowserAnswer(offer));
                Assert.Equal(b.Slots.Select(s => (s.Mid, s.Kind)).Take(previous.Count), previous.Select(s => (s.Mid, s.Kind)));
                Assert.Equal(peak["audio"], b.Slots.Count(s => s.Kind == "audio"));
                Assert.Equal(peak["video"], b.Slots.Count(s => s.Kind == "video"));
                Assert.Equal(live.Order(), offer.Media.SelectMany(m => m.Msids).Select(m => m.TrackId!).Order());
                previous = b.Slots.ToList();
            }
        }, iter: 300);
    }

    [Fact]
    public void Rfc9429ChromeStyleAnswerTextIsApplied()
    {
        var b = new SubscribeOfferBuilder(JsepTestData.Server());
        b.AddTrack(Track("audio", "a1", 1));
        b.AddTrack(Track("video", "v1", 2));
        b.AddTrack(Track("video", "v2", 3));
        OfferAndAnswer(b);
        b.RemoveTrack("v2");
        SessionDescription offer = SessionDescription.Parse(b.CreateOffer().ToString());
        Assert.Equal(SdpDirection.Inactive, offer.Media[2].Direction);

        SubscribeAnswerResult r = b.ApplyAnswer(SessionDescription.Parse(ChromeAnswers.SubscribeAnswer));
        Assert.Equal(("aB3d", "Qw7Er9Ty1Ui3Op5As7Df9Gh", SdpSetupRole.Active), (r.Transport.IceUfrag, r.Transport.IcePwd, r.Transport.Setup));
        Assert.Equal("sha-256", r.Transport.Fingerprints.Single().HashFunction);
        Assert.Empty(r.RejectedMids);
    }

    [Fact]
    public void Rfc9429OnlyOneSubscribeOfferIsOutstanding()
    {
        var b = new SubscribeOfferBuilder(JsepTestData.Server());
        b.AddTrack(Track("audio", "a1", 1));
        SessionDescription offer = b.CreateOffer();
        Assert.True(b.HasPendingOffer);
        Assert.Throws<InvalidOperationException>(() => b.CreateOffer());
        SubscribeAnswerResult r = b.ApplyAnswer(JsepTestData.BrowserAnswer(offer));
        Assert.Equal(("brwz", "BrowserIcePassword0123456", SdpSetupRole.Active), (r.Transport.IceUfrag, r.Transport.IcePwd, r.Transport.Setup));
        Assert.False(b.HasPendingOffer);
        Assert.Throws<SdpNegotiationException>(() => b.ApplyAnswer(JsepTestData.BrowserAnswer(offer)));
    }

    [Fact]
    public void Rfc3264AnswerMissingAMidIsRefused()
    {
        var b = new SubscribeOfferBuilder(JsepTestData.Server());
        b.AddTrack(Track("audio", "a1", 1));
        b.AddTrack(Track("video", "v1", 2));
        SessionDescription offer = b.CreateOffer();
        Assert.Throws<SdpNegotiationException>(() => b.ApplyAnswer(JsepTestData.BrowserAnswer(offer, dropLast: 1)));

        SessionDescription swapped = JsepTestData.BrowserAnswer(offer);
        swapped.Media.Reverse();
        Assert.Throws<SdpNegotiationException>(() => b.ApplyAnswer(swapped));
        Assert.True(b.HasPendingOffer);
        b.ApplyAnswer(JsepTestData.BrowserAnswer(offer));
    }

    [Fact]
    public void Rfc8843AnswerThatDoesNotBundleIsRefused()
    {
        var b = new SubscribeOfferBuilder(JsepTestData.Server());
        b.AddTrack(Track("audio", "a1", 1));
        b.AddTrack(Track("video", "v1", 2));
        SessionDescription answer = JsepTestData.BrowserAnswer(b.CreateOffer());
        answer.Groups.Clear();
        answer.Groups.Add(new SdpGroup("BUNDLE", ["0"]));
        Assert.Throws<SdpNegotiationException>(() => b.ApplyAnswer(answer));
    }

    [Fact]
    public void Rfc8842AnswerThatMakesTheServerDtlsClientIsRefused()
    {
        var b = new SubscribeOfferBuilder(JsepTestData.Server());
        b.AddTrack(Track("audio", "a1", 1));
        SessionDescription offer = b.CreateOffer();
        Assert.Throws<SdpNegotiationException>(() => b.ApplyAnswer(JsepTestData.BrowserAnswer(offer, SdpSetupRole.Passive)));
    }

    [Fact]
    public void Rfc3264AnswerRejectingOneSectionIsReported()
    {
        var b = new SubscribeOfferBuilder(JsepTestData.Server());
        b.AddTrack(Track("audio", "a1", 1));
        b.AddTrack(Track("video", "v1", 2));
        SessionDescription answer = JsepTestData.BrowserAnswer(b.CreateOffer());
        answer.Media[1].Port = 0;
        Assert.Equal(["1"], b.ApplyAnswer(answer).RejectedMids);
    }

    [Fact]
    public void SafeguardingSubscribeOfferNamesNoAddressButTheServers()
    {
        var b = new SubscribeOfferBuilder(JsepTestData.Server());
        for (uint i = 0; i < 6; i++)
        {
            b.AddTrack(Track(i % 2 == 0 ? "audio" : "video", "t" + i, i + 1));
        }

        b.RemoveTrack("t2");
        string text = b.CreateOffer().ToString();
        Assert.Equal([JsepTestData.ServerAddress], JsepTestData.AddressesIn(text).Distinct());
        Assert.All(SessionDescription.Parse(text).Media.SelectMany(m => m.Candidates), c => Assert.Equal(JsepTestData.ServerAddress, c.Address));
    }

    [Fact]
    public void SubscribeTrackWithBadIdsIsRefused()
    {
        var b = new SubscribeOfferBuilder(JsepTestData.Server());
        Assert.Throws<ArgumentException>(() => b.AddTrack(new SubscribeTrack("audio", "has space", "t", 1, "c")));
        Assert.Throws<ArgumentException>(() => b.AddTrack(new SubscribeTrack("application", "s", "t", 1, "c")));
        b.AddTrack(Track("audio", "dup", 1));
        Assert.Throws<InvalidOperationException>(() => b.AddTrack(Track("audio", "dup", 2)));
    }
}
