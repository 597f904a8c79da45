using System.Buffers.Binary;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Sfu;

/// <summary>
/// Rewrites a forwarded packet's RFC 8285 extension block in place for one subscriber: only the extensions it
/// negotiated, under its ids, with its mid value, abs-send-time restamped and transport-wide-cc renumbered for
/// its connection; everything else becomes padding. The block keeps its length (RFC 8285 §4.1.2 padding fills the
/// rest) so the packet never grows; what does not fit is left out, the mid first (our subscribe offers signal
/// a=ssrc, so the browser demuxes without it) — except in the first packets of a new binding, which put the mid
/// first: until the browser has seen the SSRC with its mid, RFC 8843 §9.2 lets it bind the SSRC to an m-section by
/// payload type alone, and a wrong guess sticks.
/// </summary>
internal static class ExtensionRestamper
{
    /// <summary>
    /// <paramref name="extensionOffset"/> and <paramref name="headerLength"/> come from <see cref="RtpPacket"/>.
    /// A transport-wide sequence number, if one is written, is <paramref name="transportSequence"/> (a resend repeats
    /// the first send's) or, when that is -1, the subscriber's next. Returns the number written, or -1.
    /// </summary>
    public static int Rewrite(
        Span<byte> packet,
        int extensionOffset,
        int headerLength,
        ExtensionIds publisher,
        OutputFormat output,
        uint absSendTime,
        SubscriberState subscriber,
        int transportSequence = -1,
        bool midFirst = false)
    {
        if (extensionOffset < 0)
        {
            return -1; // no block: nothing to strip, and adding one would grow the packet
        }
        var block = packet[extensionOffset..headerLength];
        var data = block[4..];

        // Capture the one value we pass through before the block is overwritten.
        int audioLevel = -1;
        if (publisher.AudioLevel != 0 && RtpHeaderExtension.TryParse(block, out var extension, out _) &&
            extension.TryFind(publisher.AudioLevel, out var level) && level.Length >= 1)
        {
            audioLevel = level[0];
        }

        var ids = output.Extensions;
        bool oneByte = ids.FitsOneByteForm;
        int elementHeader = oneByte ? 1 : 2;
        BinaryPrimitives.WriteUInt16BigEndian(block, oneByte ? RtpHeaderExtension.OneByteProfile : RtpHeaderExtension.TwoByteProfileBase);
        int position = 0;
        int written = -1;
        var mid = output.MidBytes;
        if (midFirst)
        {
            // A new binding: the mid before anything else; abs-send-time is the first to go when space is short.
            position = PutMid(data, position, oneByte, elementHeader, ids, mid);
            position = PutAudioLevel(data, position, oneByte, elementHeader, ids, audioLevel);
            position = PutTransportSequence(data, position, oneByte, elementHeader, ids, subscriber, transportSequence, ref written);
            position = PutAbsSendTime(data, position, oneByte, elementHeader, ids, absSendTime);
        }
        else
        {
            position = PutAudioLevel(data, position, oneByte, elementHeader, ids, audioLevel);
            position = PutAbsSendTime(data, position, oneByte, elementHeader, ids, absSendTime);
            position = PutTransportSequence(data, position, oneByte, elementHeader, ids, subscriber, transportSequence, ref written);
            position = PutMid(data, position, oneByte, elementHeader, ids, mid);
        }
        data[position..].Clear();
        return written;
    }

    private static int PutAudioLevel(Span<byte> data, int position, bool oneByte, int elementHeader, ExtensionIds ids, int audioLevel)
    {
        if (ids.AudioLevel == 0 || audioLevel < 0 || !Fits(data, position, elementHeader, 1)) return position;
        Span<byte> value = stackalloc byte[1];
        value[0] = (byte)audioLevel;
        return Put(data, position, oneByte, ids.AudioLevel, value);
    }

    private static int PutAbsSendTime(Span<byte> data, int position, bool oneByte, int elementHeader, ExtensionIds ids, uint absSendTime)
    {
        if (ids.AbsSendTime == 0 || !Fits(data, position, elementHeader, 3)) return position;
        Span<byte> value = stackalloc byte[3];
        value[0] = (byte)(absSendTime >> 16);
        value[1] = (byte)(absSendTime >> 8);
        value[2] = (byte)absSendTime;
        return Put(data, position, oneByte, ids.AbsSendTime, value);
    }

    private static int PutTransportSequence(Span<byte> data, int position, bool oneByte, int elementHeader, ExtensionIds ids,
        SubscriberState subscriber, int transportSequence, ref int written)
    {
        if (ids.TransportWideCc == 0 || !Fits(data, position, elementHeader, 2)) return position;
        written = transportSequence >= 0 ? (ushort)transportSequence : subscriber.NextTransportSequence();
        Span<byte> value = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(value, (ushort)written);
        return Put(data, position, oneByte, ids.TransportWideCc, value);
    }

    private static int PutMid(Span<byte> data, int position, bool oneByte, int elementHeader, ExtensionIds ids, byte[] mid) =>
        ids.Mid != 0 && Fits(data, position, elementHeader, mid.Length) ? Put(data, position, oneByte, ids.Mid, mid) : position;

    private static bool Fits(Span<byte> data, int position, int elementHeader, int length) =>
        position + elementHeader + length <= data.Length;

    private static int Put(Span<byte> data, int position, bool oneByte, int id, ReadOnlySpan<byte> value)
    {
        if (oneByte)
        {
            // RFC 8285 §4.2: 4-bit id, 4-bit length minus one.
            data[position] = (byte)(id << 4 | (value.Length - 1));
            value.CopyTo(data[(position + 1)..]);
            return position + 1 + value.Length;
        }
        // RFC 8285 §4.3: 8-bit id, 8-bit length.
        data[position] = (byte)id;
        data[position + 1] = (byte)value.Length;
        value.CopyTo(data[(position + 2)..]);
        return position + 2 + value.Length;
    }
}
