using System.Buffers.Binary;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Rtcp;

/// <summary>
/// REMB (draft-alvestrand-rmcat-remb-03 §2.2): PSFB FMT=15 with media SSRC 0, the ASCII identifier 'REMB',
/// Num SSRC (8 bits), BR Exp (6) and BR Mantissa (18) giving mantissa·2^exp bits per second, then the SSRCs it applies to.
/// </summary>
public readonly ref struct ReceiverEstimatedMaxBitrate
{
    private const uint RembIdentifier = 0x52454D42; // "REMB"
    private const int FixedBody = 16;
    private readonly ReadOnlySpan<byte> _body;

    private ReceiverEstimatedMaxBitrate(ReadOnlySpan<byte> body) => _body = body;

    public static bool TryParse(ReadOnlySpan<byte> packet, out ReceiverEstimatedMaxBitrate remb, out RtcpParseError error)
    {
        remb = default;
        if (!RtcpPacket.TryParseTyped(packet, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.ApplicationLayer, 12, out var p, out error))
        {
            return false;
        }
        var body = p.Body;
        if (BinaryPrimitives.ReadUInt32BigEndian(body[8..]) != RembIdentifier)
        {
            error = RtcpParseError.NotRemb;
            return false;
        }
        if (body.Length < FixedBody || body.Length < FixedBody + 4 * body[12])
        {
            error = RtcpParseError.BodyTooShort;
            return false;
        }
        remb = new ReceiverEstimatedMaxBitrate(body);
        return true;
    }

    public Ssrc Sender => new(BinaryPrimitives.ReadUInt32BigEndian(_body));
    public int SsrcCount => _body[12];
    public int Exponent => _body[13] >> 2;
    public int Mantissa => (_body[13] & 0x03) << 16 | _body[14] << 8 | _body[15];

    /// <summary>mantissa·2^exp bits per second; saturates at <see cref="ulong.MaxValue"/> when that overflows 64 bits.</summary>
    public ulong Bitrate
    {
        get
        {
            ulong mantissa = (ulong)Mantissa;
            return mantissa == 0 ? 0 : Exponent > 63 - 18 && mantissa > ulong.MaxValue >> Exponent ? ulong.MaxValue : mantissa << Exponent;
        }
    }

    public Ssrc GetSsrc(int index) => (uint)index < (uint)SsrcCount
        ? new Ssrc(BinaryPrimitives.ReadUInt32BigEndian(_body[(FixedBody + 4 * index)..]))
        : throw new ArgumentOutOfRangeException(nameof(index));

    public static int GetLength(int ssrcCount) => RtcpPacket.HeaderLength + FixedBody + 4 * ssrcCount;

    /// <summary>Encodes <paramref name="bitrate"/> with the smallest exponent that fits the 18-bit mantissa (rounding down).</summary>
    public static bool TryWrite(Span<byte> destination, Ssrc sender, ulong bitrate, ReadOnlySpan<Ssrc> ssrcs, out int written)
    {
        if (ssrcs.Length > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(ssrcs), "Num SSRC is 8 bits");
        }
        int length = GetLength(ssrcs.Length);
        if (!RtcpHeaderWriter.Fits(destination, length, out written))
        {
            return false;
        }
        int exponent = 0;
        while (bitrate > 0x3FFFF)
        {
            bitrate >>= 1;
            exponent++;
        }
        RtcpHeaderWriter.Write(destination, RtcpFeedbackFormat.ApplicationLayer, RtcpPacketType.PayloadFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], sender.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], RembIdentifier);
        destination[16] = (byte)ssrcs.Length;
        destination[17] = (byte)(exponent << 2 | (int)(bitrate >> 16));
        destination[18] = (byte)(bitrate >> 8);
        destination[19] = (byte)bitrate;
        for (int i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(20 + 4 * i)..], ssrcs[i].Value);
        }
        return true;
    }
}
