namespace VideoVisit.Media.Tests.Sdp.Fixtures;

/// <summary>
/// Descriptions written by a real Firefox ESR 153 (headless, fake devices), captured over its WebDriver BiDi agent:
/// what the client's <c>RTCPeerConnection</c> (bundlePolicy "max-bundle") writes. Keys and ids are that run's
/// throwaway values; Firefox puts no address in them (0.0.0.0 and port 9/0 only, candidates trickled apart).
/// </summary>
internal static class FirefoxDescriptions
{
    /// <summary>
    /// The publish offer (camera and microphone, sendonly). Every section after the first has port 0 and
    /// a=bundle-only (RFC 9429 §5.2.1, RFC 8843 §7.2), the fingerprint is at session level, and
    /// a=extmap-allow-mixed sits in each section.
    /// </summary>
    public const string PublishAudioVideo = """
        v=0
        o=mozilla...THIS_IS_SDPARTA-99.0 6721323793609500472 0 IN IP4 0.0.0.0
        s=-
        t=0 0
        a=fingerprint:sha-256 16:EB:D9:86:25:FD:51:48:48:C0:8B:B4:67:82:39:52:21:BF:53:EF:A0:4F:A6:A0:A0:2B:E8:17:57:4A:AB:D7
        a=group:BUNDLE 0 1
        a=ice-options:trickle
        a=msid-semantic:WMS *
        m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101
        c=IN IP4 0.0.0.0
        a=sendonly
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap-allow-mixed
        a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1
        a=fmtp:101 0-15
        a=ice-pwd:fe97b12026264b1739497a5d470d2e13
        a=ice-ufrag:6050b5ba
        a=mid:0
        a=msid:{a35dfefc-2982-4b3c-88c5-337fb49133c4} {df316fda-616f-498a-812a-d7afad9583a7}
        a=rtcp-fb:109 transport-cc
        a=rtcp-fb:9 transport-cc
        a=rtcp-fb:0 transport-cc
        a=rtcp-fb:8 transport-cc
        a=rtcp-mux
        a=rtpmap:109 opus/48000/2
        a=rtpmap:9 G722/8000/1
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000/1
        a=setup:actpass
        a=ssrc:3755489163 cname:{8a49b612-58c9-4559-93d5-4971f30a24a7}
        m=video 0 UDP/TLS/RTP/SAVPF 120 124 121 125 99 100 123 122 119
        c=IN IP4 0.0.0.0
        a=bundle-only
        a=sendonly
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:5 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
        a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap-allow-mixed
        a=fmtp:120 max-fs=12288;max-fr=60
        a=fmtp:124 apt=120
        a=fmtp:121 max-fs=12288;max-fr=60
        a=fmtp:125 apt=121
        a=fmtp:100 apt=99
        a=fmtp:119 apt=122
        a=ice-pwd:fe97b12026264b1739497a5d470d2e13
        a=ice-ufrag:6050b5ba
        a=mid:1
        a=msid:{a35dfefc-2982-4b3c-88c5-337fb49133c4} {a73ecf91-72a3-4845-99e8-59395cb17b06}
        a=rtcp-fb:120 nack
        a=rtcp-fb:120 nack pli
        a=rtcp-fb:120 ccm fir
        a=rtcp-fb:120 goog-remb
        a=rtcp-fb:120 transport-cc
        a=rtcp-fb:121 nack
        a=rtcp-fb:121 nack pli
        a=rtcp-fb:121 ccm fir
        a=rtcp-fb:121 goog-remb
        a=rtcp-fb:121 transport-cc
        a=rtcp-fb:99 nack
        a=rtcp-fb:99 nack pli
        a=rtcp-fb:99 ccm fir
        a=rtcp-fb:99 goog-remb
        a=rtcp-fb:99 transport-cc
        a=rtcp-fb:123 nack
        a=rtcp-fb:123 nack pli
        a=rtcp-fb:123 ccm fir
        a=rtcp-fb:123 goog-remb
        a=rtcp-fb:123 transport-cc
        a=rtcp-fb:122 nack
        a=rtcp-fb:122 nack pli
        a=rtcp-fb:122 ccm fir
        a=rtcp-fb:122 goog-remb
        a=rtcp-fb:122 transport-cc
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:120 VP8/90000
        a=rtpmap:124 rtx/90000
        a=rtpmap:121 VP9/90000
        a=rtpmap:125 rtx/90000
        a=rtpmap:99 AV1/90000
        a=rtpmap:100 rtx/90000
        a=rtpmap:123 ulpfec/90000
        a=rtpmap:122 red/90000
        a=rtpmap:119 rtx/90000
        a=setup:actpass
        a=ssrc:2410272265 cname:{8a49b612-58c9-4559-93d5-4971f30a24a7}
        a=ssrc:2798918564 cname:{8a49b612-58c9-4559-93d5-4971f30a24a7}
        a=ssrc-group:FID 2410272265 2798918564

        """;

    /// <summary>
    /// Firefox's answer to a subscribe offer of mids 0 (audio, sendonly), 1 (video, sendonly) and 2 (video,
    /// inactive) shaped as <c>SubscribeOfferBuilder</c> writes it: ports 9 without bundle-only, setup active.
    /// </summary>
    public const string SubscribeAnswer = """
        v=0
        o=mozilla...THIS_IS_SDPARTA-99.0 8862938432091592701 0 IN IP4 0.0.0.0
        s=-
        t=0 0
        a=fingerprint:sha-256 B5:03:00:44:F3:51:1E:59:3F:99:BA:54:29:DE:1C:57:AB:A3:4C:3C:38:B4:5E:2B:D6:5D:65:AF:C4:A8:40:A7
        a=group:BUNDLE 0 1 2
        a=ice-options:trickle
        a=msid-semantic:WMS *
        m=audio 9 UDP/TLS/RTP/SAVPF 111
        c=IN IP4 0.0.0.0
        a=recvonly
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=fmtp:111 maxplaybackrate=48000;stereo=1;useinbandfec=1
        a=ice-pwd:ed1558afbfb6b08c4d2eaf3fceb3ad68
        a=ice-ufrag:66c181a9
        a=mid:0
        a=rtcp-fb:111 transport-cc
        a=rtcp-mux
        a=rtpmap:111 opus/48000/2
        a=setup:active
        a=ssrc:1702241319 cname:{534f2511-7c5e-4964-83a9-1ee683a75356}
        m=video 9 UDP/TLS/RTP/SAVPF 96
        c=IN IP4 0.0.0.0
        a=recvonly
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=fmtp:96 max-fs=12288;max-fr=60
        a=ice-pwd:ed1558afbfb6b08c4d2eaf3fceb3ad68
        a=ice-ufrag:66c181a9
        a=mid:1
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-mux
        a=rtpmap:96 VP8/90000
        a=setup:active
        a=ssrc:1937936871 cname:{534f2511-7c5e-4964-83a9-1ee683a75356}
        m=video 9 UDP/TLS/RTP/SAVPF 96
        c=IN IP4 0.0.0.0
        a=inactive
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=fmtp:96 max-fs=12288;max-fr=60
        a=ice-pwd:ed1558afbfb6b08c4d2eaf3fceb3ad68
        a=ice-ufrag:66c181a9
        a=mid:2
        a=rtcp-mux
        a=rtpmap:96 VP8/90000
        a=setup:active
        a=ssrc:2197329575 cname:{534f2511-7c5e-4964-83a9-1ee683a75356}

        """;
}
