using VideoVisit.Media.Rtp;

namespace VideoVisit.LoadGen;

/// <summary>
/// What a synthetic publisher puts on the wire: VP8-like video in frames of several ~1,200-byte packets (frame start
/// with the RFC 7741 §4.2 S bit, a keyframe header every <see cref="KeyframeInterval"/> frames, marker on the last
/// packet) and 20 ms Opus-sized audio, both with Chrome's one-byte header extensions (RFC 8285).
/// </summary>
internal sealed class SyntheticPublisher(SyntheticPeer peer, uint audioSsrc, uint videoSsrc)
{
    public const int PacketsPerFrame = 5;
    public const int KeyframeInterval = 60;

    private readonly byte[] _packet = new byte[1500];
    private readonly byte[] _payload = MakePayload();
    private ushort _videoSeq = 1000;
    private uint _videoTs = 90_000;
    private ushort _audioSeq = 5000;
    private uint _audioTs = 48_000;
    private long _videoPackets;

    public SyntheticPeer Peer { get; } = peer;

    /// <summary>Packets the kernel accepted (what each subscriber of this publisher must receive).</summary>
    public long Sent { get; private set; }

    /// <summary>Sends the next video packet; a new frame starts every <see cref="PacketsPerFrame"/> packets.</summary>
    public void SendVideo(int packetBytes = 1200)
    {
        int inFrame = (int)(_videoPackets % PacketsPerFrame);
        long frame = _videoPackets / PacketsPerFrame;
        bool last = inFrame == PacketsPerFrame - 1;
        var payload = _payload.AsSpan(0, packetBytes - 12 - 16);
        payload[0] = (byte)(inFrame == 0 ? 0x10 : 0x00); // RFC 7741 §4.2: S bit on a frame's first packet, PID 0
        if (inFrame == 0)
        {
            // RFC 6386 §9.1: P bit 0 = key frame, start code 9D 01 2A and 640x480; delta frames have P = 1.
            ReadOnlySpan<byte> header = frame % KeyframeInterval == 0
                ? [0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01]
                : [0x11, 0x02, 0x00];
            header.CopyTo(payload[1..]);
        }
        Send(new RtpHeader(last, SyntheticSdp.Vp8Pt, _videoSeq++, _videoTs, new Ssrc(videoSsrc)), payload, "1"u8, audioLevel: -1);
        if (last) _videoTs += 3000; // 30 fps at 90 kHz
        _videoPackets++;
    }

    /// <summary>One 20 ms Opus packet of about 100 bytes payload (RFC 7587).</summary>
    public void SendAudio()
    {
        var payload = _payload.AsSpan(0, 100);
        payload[0] = 0x78; // RFC 6716 §3.1 TOC: SILK-only wideband 20 ms, mono, one frame
        Send(new RtpHeader(false, SyntheticSdp.OpusPt, _audioSeq++, _audioTs, new Ssrc(audioSsrc)), payload, "0"u8, audioLevel: 0x85);
        _audioTs += 960;
    }

    private void Send(RtpHeader header, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> mid, int audioLevel)
    {
        Span<byte> ext = stackalloc byte[32];
        var w = new RtpExtensionWriter(ext, RtpExtensionForm.OneByte);
        if (audioLevel >= 0) w.TryAdd(1, [(byte)audioLevel]);
        long now = Environment.TickCount64;
        w.TryAdd(2, [(byte)(now >> 16), (byte)(now >> 8), (byte)now]);
        w.TryAdd(3, [(byte)(header.SequenceNumber >> 8), (byte)header.SequenceNumber]);
        w.TryAdd(4, mid);
        w.TryFinish(out int extLength);
        // Keep the packet at the requested size: the extension block comes out of the payload.
        var body = payload[..Math.Max(16, payload.Length - extLength)];
        if (!RtpPacketWriter.TryWrite(_packet, header, [], ext[..extLength], body, 0, out int n)) return;
        if (Peer.SendRtp(_packet.AsSpan(0, n))) Sent++;
    }

    private static byte[] MakePayload()
    {
        var payload = new byte[1500];
        for (int i = 0; i < payload.Length; i++) payload[i] = (byte)(i * 7 + 1);
        return payload;
    }
}
