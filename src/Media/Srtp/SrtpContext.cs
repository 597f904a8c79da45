using VideoVisit.Media.Srtp.Crypto;

namespace VideoVisit.Media.Srtp;

/// <summary>
/// SRTP and SRTCP for one direction of one DTLS-SRTP association (RFC 3711, RFC 7714): created from that
/// direction's master key and salt, it keeps per-SSRC ROC, highest sequence and replay window (§3.2.1).
/// Protect and unprotect work in place in a caller-owned buffer: the buffer must extend at least
/// <see cref="RtpOverhead"/> (RTP) or <see cref="RtcpOverhead"/> (RTCP) bytes past the plain packet.
/// Nothing is allocated per packet (only when a new SSRC is first seen).
/// <para>Thread safety: none. A context must be used by one thread at a time (e.g. the connection's receive loop
/// or its send path); callers that share one across threads must serialise access themselves. Use a context either
/// for sending or for receiving, not both.</para>
/// <para>On a failed unprotect the buffer's contents are unspecified (GCM decrypts before the tag is checked);
/// the stream state is untouched.</para>
/// </summary>
public sealed partial class SrtpContext : IDisposable
{
    /// <summary>Default cap on the SSRCs one context tracks per protocol (RTP, RTCP).</summary>
    public const int DefaultMaxStreams = 512;

    private readonly SrtpPacketTransform _rtp;
    private readonly SrtpPacketTransform _rtcp;
    private readonly SsrcTable<SrtpStreamState> _rtpStreams;
    private readonly SsrcTable<SrtcpStreamState> _rtcpStreams;
    private readonly SrtpStreamState _probeRtp = new();
    private readonly SrtcpStreamState _probeRtcp = new();
    private bool _disposed;

    private SrtpContext(SrtpProfile profile, SrtpBackend backend, SrtpPacketTransform rtp, SrtpPacketTransform rtcp, int maxStreams)
    {
        Profile = profile;
        Backend = backend;
        _rtp = rtp;
        _rtcp = rtcp;
        _rtpStreams = new SsrcTable<SrtpStreamState>(maxStreams);
        _rtcpStreams = new SsrcTable<SrtcpStreamState>(maxStreams);
    }

    /// <summary>The protection profile.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>The crypto backend actually in use (never <see cref="SrtpBackend.Auto"/>).</summary>
    public SrtpBackend Backend { get; }

    /// <summary>Bytes an RTP packet grows by when protected.</summary>
    public int RtpOverhead => _rtp.TagLength;

    /// <summary>Bytes an RTCP packet grows by when protected (tag plus E‖index).</summary>
    public int RtcpOverhead => _rtcp.TagLength + 4;

    /// <summary>
    /// Creates a context from a master key and salt (RFC 3711 §4.3; for DTLS-SRTP, RFC 5764 §4.2).
    /// <paramref name="backend"/> Auto picks libcrypto when present (overridable by VIDEOVISIT_SRTP_BACKEND).
    /// </summary>
    public static SrtpContext Create(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpBackend backend = SrtpBackend.Auto, int maxStreams = DefaultMaxStreams)
    {
        if (!profile.IsSupported())
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile.");
        }

        if (masterKey.Length != profile.KeyLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.KeyLength()}-byte master key.", nameof(masterKey));
        }

        if (masterSalt.Length != profile.SaltLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.SaltLength()}-byte master salt.", nameof(masterSalt));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxStreams, 1);
        var resolved = SrtpBackendSelector.Resolve(backend);
        var rtp = SrtpPacketTransform.Create(profile, masterKey, masterSalt, rtcp: false, resolved);
        try
        {
            var rtcp = SrtpPacketTransform.Create(profile, masterKey, masterSalt, rtcp: true, resolved);
            return new SrtpContext(profile, resolved, rtp, rtcp, maxStreams);
        }
        catch
        {
            rtp.Dispose();
            throw;
        }
    }

    /// <summary>Protects an RTP packet; the ROC is tracked per SSRC from the sequence numbers (RFC 3711 §3.3.1).</summary>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength, out SrtpError error) =>
        ProtectRtp(buffer, length, explicitRoc: -1, out protectedLength, out error);

    /// <summary>
    /// Protects an RTP packet with a given ROC, e.g. the publisher's when an SFU forwards with its packet index
    /// (docs/media.md "SRTP"). The stream's own state advances to this index if it is newer.
    /// </summary>
    public bool TryProtectRtp(Span<byte> buffer, int length, uint rolloverCounter, out int protectedLength, out SrtpError error) =>
        ProtectRtp(buffer, length, rolloverCounter, out protectedLength, out error);

    /// <summary>Unprotects an SRTP packet in place.</summary>
    public bool TryUnprotectRtp(Span<byte> buffer, int length, out int plainLength, out SrtpError error) =>
        TryUnprotectRtp(buffer, length, out plainLength, out _, out error);

    /// <summary>Unprotects an SRTP packet in place and reports its 48-bit index (ROC·2^16 + SEQ).</summary>
    public bool TryUnprotectRtp(Span<byte> buffer, int length, out int plainLength, out ulong packetIndex, out SrtpError error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        plainLength = 0;
        packetIndex = 0;
        if ((uint)length > (uint)buffer.Length)
        {
            error = SrtpError.BufferTooSmall;
            return false;
        }

        int tag = _rtp.TagLength;
        error = SrtpPacketLayout.TryGetRtpHeaderLength(buffer, length - tag, out int headerLength);
        if (error != SrtpError.None)
        {
            return false;
        }

        uint ssrc = SrtpPacketLayout.RtpSsrc(buffer);
        bool known = _rtpStreams.TryGet(ssrc, out var stream);
        if (!known)
        {
            if (_rtpStreams.IsFull)
            {
                error = SrtpError.TooManyStreams;
                return false;
            }

            // State for an unknown SSRC is built on a probe and kept only once the packet authenticates.
            stream = _probeRtp;
            stream.Reset(ssrc);
        }

        long index = stream.EstimateIndex(SrtpPacketLayout.RtpSequence(buffer));
        if (index < 0)
        {
            error = SrtpError.TooOld;
            return false;
        }

        error = stream.Window.Check((ulong)index);
        if (error != SrtpError.None)
        {
            return false;
        }

        if (!_rtp.UnprotectRtp(buffer, length, headerLength, ssrc, (ulong)index))
        {
            error = SrtpError.AuthenticationFailed;
            return false;
        }

        // RFC 3711 §3.3.1/§3.3.2: ROC, s_l and the window move only after authentication.
        if (!known)
        {
            stream = new SrtpStreamState();
            stream.Reset(ssrc);
            _rtpStreams.Add(ssrc, stream);
        }

        stream.Advance((ulong)index);
        stream.Window.Accept((ulong)index);
        plainLength = length - tag;
        packetIndex = (ulong)index;
        return true;
    }

    /// <summary>The ROC of an SSRC's highest index so far, for forwarding with the publisher's index.</summary>
    public bool TryGetRolloverCounter(uint ssrc, out uint rolloverCounter)
    {
        if (_rtpStreams.TryGet(ssrc, out var stream) && stream.Started)
        {
            rolloverCounter = stream.RolloverCounter;
            return true;
        }

        rolloverCounter = 0;
        return false;
    }

    /// <summary>Releases native cipher contexts and wipes key material.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _rtp.Dispose();
        _rtcp.Dispose();
    }

    private bool ProtectRtp(Span<byte> buffer, int length, long explicitRoc, out int protectedLength, out SrtpError error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length)
        {
            error = SrtpError.BufferTooSmall;
            return false;
        }

        error = SrtpPacketLayout.TryGetRtpHeaderLength(buffer, length, out int headerLength);
        if (error == SrtpError.None && buffer.Length - length < _rtp.TagLength)
        {
            error = SrtpError.BufferTooSmall;
        }

        if (error != SrtpError.None)
        {
            return false;
        }

        uint ssrc = SrtpPacketLayout.RtpSsrc(buffer);
        if (!_rtpStreams.TryGet(ssrc, out var stream))
        {
            if (_rtpStreams.IsFull)
            {
                error = SrtpError.TooManyStreams;
                return false;
            }

            stream = new SrtpStreamState();
            stream.Reset(ssrc);
            _rtpStreams.Add(ssrc, stream);
        }

        ushort seq = SrtpPacketLayout.RtpSequence(buffer);
        long index = explicitRoc >= 0 ? (explicitRoc << 16) | seq : stream.EstimateIndex(seq);
        if (index < 0)
        {
            // Only reachable past 2^48 packets or for a sequence number from before the stream began.
            error = SrtpError.IndexExhausted;
            return false;
        }

        _rtp.ProtectRtp(buffer, length, headerLength, ssrc, (ulong)index);
        stream.Advance((ulong)index);
        protectedLength = length + _rtp.TagLength;
        return true;
    }
}
