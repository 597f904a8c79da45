using System.Buffers.Binary;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Rtcp;

/// <summary>PLI, PSFB FMT=1 (RFC 4585 §6.3.1): sender SSRC and media SSRC, no FCI, so the length field is always 2.</summary>
public readonly record struct PictureLossIndication(Ssrc Sender, Ssrc MediaSource)
{
    public const int Length = 12;

    public static bool TryParse(ReadOnlySpan<byte> packet, out PictureLossIndication pli, out RtcpParseError error)
    {
        pli = default;
        if (!RtcpPacket.TryParseTyped(packet, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.PictureLoss, 8, out var p, out error))
        {
            return false;
        }
        if (p.Body.Length != 8)
        {
            error = RtcpParseError.BadBodyLength;
            return false;
        }
        pli = new PictureLossIndication(
            new Ssrc(BinaryPrimitives.ReadUInt32BigEndian(p.Body)),
            new Ssrc(BinaryPrimitives.ReadUInt32BigEndian(p.Body[4..])));
        return true;
    }

    public bool TryWrite(Span<byte> destination, out int written)
    {
        if (!RtcpHeaderWriter.Fits(destination, Length, out written))
        {
            return false;
        }
        RtcpHeaderWriter.Write(destination, RtcpFeedbackFormat.PictureLoss, RtcpPacketType.PayloadFeedback, Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Sender.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], MediaSource.Value);
        return true;
    }
}
