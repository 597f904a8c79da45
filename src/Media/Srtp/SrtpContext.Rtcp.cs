using System.Buffers.Binary;

namespace VideoVisit.Media.Srtp;

/// <summary>SRTCP (RFC 3711 §3.4, RFC 7714 §9) half of <see cref="SrtpContext"/>.</summary>
public sealed partial class SrtpContext
{
    /// <summary>Protects an RTCP (compound) packet, appending E‖SRTCP index and tag (RFC 3711 §3.4).</summary>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength, out SrtpError error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length)
        {
            error = SrtpError.BufferTooSmall;
            return false;
        }

        error = CheckRtcpHeader(buffer, length, length);
        if (error == SrtpError.None && buffer.Length - length < RtcpOverhead)
        {
            error = SrtpError.BufferTooSmall;
        }

        if (error != SrtpError.None)
        {
            return false;
        }

        uint ssrc = SrtpPacketLayout.RtcpSsrc(buffer);
        if (!_rtcpStreams.TryGet(ssrc, out var stream))
        {
            if (_rtcpStreams.IsFull)
            {
                error = SrtpError.TooManyStreams;
                return false;
            }

            stream = new SrtcpStreamState();
            stream.Reset(ssrc);
            _rtcpStreams.Add(ssrc, stream);
        }

        if (stream.NextSendIndex > SrtcpStreamState.MaxIndex)
        {
            error = SrtpError.IndexExhausted;
            return false;
        }

        protectedLength = _rtcp.ProtectRtcp(buffer, length, ssrc, stream.NextSendIndex);
        stream.NextSendIndex++;
        return true;
    }

    /// <summary>Unprotects an SRTCP packet in place; the E bit says whether it was encrypted (RFC 3711 §3.4).</summary>
    public bool TryUnprotectRtcp(Span<byte> buffer, int length, out int plainLength, out SrtpError error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        plainLength = 0;
        if ((uint)length > (uint)buffer.Length)
        {
            error = SrtpError.BufferTooSmall;
            return false;
        }

        error = CheckRtcpHeader(buffer, length, length - RtcpOverhead);
        if (error != SrtpError.None)
        {
            return false;
        }

        uint ssrc = SrtpPacketLayout.RtcpSsrc(buffer);
        uint eAndIndex = BinaryPrimitives.ReadUInt32BigEndian(buffer[_rtcp.SrtcpIndexOffset(length)..]);
        uint index = eAndIndex & SrtcpStreamState.MaxIndex;
        bool known = _rtcpStreams.TryGet(ssrc, out var stream);
        if (!known)
        {
            if (_rtcpStreams.IsFull)
            {
                error = SrtpError.TooManyStreams;
                return false;
            }

            stream = _probeRtcp;
            stream.Reset(ssrc);
        }

        error = stream.Window.Check(index);
        if (error != SrtpError.None)
        {
            return false;
        }

        int plain = _rtcp.UnprotectRtcp(buffer, length, ssrc, eAndIndex);
        if (plain < 0)
        {
            error = SrtpError.AuthenticationFailed;
            return false;
        }

        if (!known)
        {
            stream = new SrtcpStreamState();
            stream.Reset(ssrc);
            _rtcpStreams.Add(ssrc, stream);
        }

        stream.Window.Accept(index);
        plainLength = plain;
        return true;
    }

    private static SrtpError CheckRtcpHeader(ReadOnlySpan<byte> buffer, int length, int plainEnd)
    {
        if (length < 0 || plainEnd < SrtpPacketLayout.RtcpFixedHeader)
        {
            return SrtpError.TooShort;
        }

        return buffer[0] >> 6 == 2 ? SrtpError.None : SrtpError.BadVersion;
    }
}
