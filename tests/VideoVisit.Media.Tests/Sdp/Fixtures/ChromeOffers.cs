namespace VideoVisit.Media.Tests.Sdp.Fixtures;

/// <summary>
/// Publish offers shaped like Chrome's (Unified Plan, sendonly audio + video, max-bundle), written by hand for these
/// tests after the structure of a Chrome 13x offer; ids, keys and addresses are made up (documentation ranges).
/// Kept as constants so no project file has to copy fixture files.
/// </summary>
internal static class ChromeOffers
{
    public const string PublishAudioVideo = """
        v=0
        o=- 4611731400430051336 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=extmap-allow-mixed
        a=msid-semantic: WMS 3ea7b7a2-5d0e-4a37-9c43-3d5f1c2b8e11
        m=audio 56143 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
        c=IN IP4 198.51.100.23
        a=rtcp:9 IN IP4 0.0.0.0
        a=candidate:1467250027 1 udp 2122260223 9f2d51a4-0c8a-4c1e-8a8e-4d3c2b1a0f9e.local 56143 typ host generation 0 network-id 1 network-cost 10
        a=candidate:842163049 1 udp 1686052607 198.51.100.23 56143 typ srflx raddr 0.0.0.0 rport 0 generation 0 network-id 1 network-cost 10
        a=ice-ufrag:Xk3p
        a=ice-pwd:0bQx7VvJ9mP2nR4sT6uW8yZ1
        a=ice-options:trickle
        a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=sendonly
        a=msid:3ea7b7a2-5d0e-4a37-9c43-3d5f1c2b8e11 9b2c4f1e-7a3d-4e8b-b6c5-1d2e3f4a5b6c
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:63 red/48000/2
        a=fmtp:63 111/111
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:13 CN/8000
        a=rtpmap:110 telephone-event/48000
        a=rtpmap:126 telephone-event/8000
        a=ssrc:1001234567 cname:pQ1yXb3n8Zr5Ts7v
        a=ssrc:1001234567 msid:3ea7b7a2-5d0e-4a37-9c43-3d5f1c2b8e11 9b2c4f1e-7a3d-4e8b-b6c5-1d2e3f4a5b6c
        m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 98 99 39 40 45 46 127 125
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:Xk3p
        a=ice-pwd:0bQx7VvJ9mP2nR4sT6uW8yZ1
        a=ice-options:trickle
        a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08
        a=setup:actpass
        a=mid:1
        a=extmap:14 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:13 urn:3gpp:video-orientation
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
        a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type
        a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing
        a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
        a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
        a=extmap:17 http://www.webrtc.org/experiments/rtp-hdrext/video-layers-allocation00
        a=sendonly
        a=msid:3ea7b7a2-5d0e-4a37-9c43-3d5f1c2b8e11 c7d8e9f0-1a2b-4c3d-8e4f-5a6b7c8d9e0f
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rtpmap:102 H264/90000
        a=rtcp-fb:102 goog-remb
        a=rtcp-fb:102 transport-cc
        a=rtcp-fb:102 ccm fir
        a=rtcp-fb:102 nack
        a=rtcp-fb:102 nack pli
        a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
        a=rtpmap:103 rtx/90000
        a=fmtp:103 apt=102
        a=rtpmap:98 VP9/90000
        a=rtcp-fb:98 goog-remb
        a=rtcp-fb:98 transport-cc
        a=rtcp-fb:98 ccm fir
        a=rtcp-fb:98 nack
        a=rtcp-fb:98 nack pli
        a=fmtp:98 profile-id=0
        a=rtpmap:99 rtx/90000
        a=fmtp:99 apt=98
        a=rtpmap:39 AV1/90000
        a=rtcp-fb:39 goog-remb
        a=rtcp-fb:39 transport-cc
        a=rtcp-fb:39 ccm fir
        a=rtcp-fb:39 nack
        a=rtcp-fb:39 nack pli
        a=fmtp:39 level-idx=5;profile=0;tier=0
        a=rtpmap:40 rtx/90000
        a=fmtp:40 apt=39
        a=rtpmap:45 AV1/90000
        a=rtcp-fb:45 goog-remb
        a=rtcp-fb:45 nack pli
        a=fmtp:45 level-idx=5;profile=1;tier=0
        a=rtpmap:46 rtx/90000
        a=fmtp:46 apt=45
        a=rtpmap:127 red/90000
        a=rtpmap:125 ulpfec/90000
        a=ssrc-group:FID 2231627014 632943048
        a=ssrc:2231627014 cname:pQ1yXb3n8Zr5Ts7v
        a=ssrc:2231627014 msid:3ea7b7a2-5d0e-4a37-9c43-3d5f1c2b8e11 c7d8e9f0-1a2b-4c3d-8e4f-5a6b7c8d9e0f
        a=ssrc:632943048 cname:pQ1yXb3n8Zr5Ts7v
        a=ssrc:632943048 msid:3ea7b7a2-5d0e-4a37-9c43-3d5f1c2b8e11 c7d8e9f0-1a2b-4c3d-8e4f-5a6b7c8d9e0f

        """;

    /// <summary>
    /// An offer the server must partly refuse: a data channel, H.264-only video, and an audio section whose opus sits
    /// at a different payload type (as another browser might number it) and carries a session-level wildcard rtcp-fb.
    /// </summary>
    public const string PublishWithUnsupportedSections = """
        v=0
        o=mozilla...THIS_IS_SDPARTA-99.0 7052848360639826063 0 IN IP4 0.0.0.0
        s=-
        t=0 0
        a=fingerprint:sha-256 1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8:09:1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8:09
        a=group:BUNDLE a v d
        a=ice-options:trickle
        a=msid-semantic:WMS *
        m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101
        c=IN IP4 0.0.0.0
        a=sendrecv
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1
        a=fmtp:101 0-15
        a=ice-pwd:7e5f3a1c9b2d4e6f8a0b1c2d3e4f5a6b
        a=ice-ufrag:4f1c2d3e
        a=mid:a
        a=msid:{5b2d8e4a-1c3f-4a5b-9c6d-7e8f9a0b1c2d} {0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}
        a=rtcp-mux
        a=rtpmap:109 opus/48000/2
        a=rtpmap:9 G722/8000/1
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=setup:actpass
        a=ssrc:3735928559 cname:{c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f}
        m=video 9 UDP/TLS/RTP/SAVPF 126 97
        c=IN IP4 0.0.0.0
        a=sendonly
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=ice-pwd:7e5f3a1c9b2d4e6f8a0b1c2d3e4f5a6b
        a=ice-ufrag:4f1c2d3e
        a=mid:v
        a=rtcp-fb:* nack
        a=rtcp-fb:126 ccm fir
        a=rtcp-mux
        a=rtpmap:126 H264/90000
        a=rtpmap:97 H264/90000
        a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1
        a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1
        a=setup:actpass
        m=application 9 UDP/DTLS/SCTP webrtc-datachannel
        c=IN IP4 0.0.0.0
        a=sendrecv
        a=ice-pwd:7e5f3a1c9b2d4e6f8a0b1c2d3e4f5a6b
        a=ice-ufrag:4f1c2d3e
        a=mid:d
        a=setup:actpass
        a=sctp-port:5000
        a=max-message-size:1073741823

        """;
}
