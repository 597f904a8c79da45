using System.Buffers.Binary;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Rtcp;

/// <summary>One FIR FCI entry (RFC 5104 §4.3.1.1): the target SSRC and a command sequence number, then 24 reserved bits.</summary>
public readonly record struct FirEntry(Ssrc Target, byte SequenceNumber);

/// <summary>
/// FIR, PSFB FMT=4 (RFC 5104 §4.3.1): sender SSRC, media SSRC (unused, 0 per §4.3.1.2), one or more 8-byte entries.
/// A sender increments an entry's sequence number per new request, so a repeat is recognisable.
/// </summary>
public readonly ref struct FullIntraRequest
{
    private const int EntryLength = 8;
    private readonly ReadOnlySpan<byte> _body;

    private FullIntraRequest(ReadOnlySpan<byte> body) => _body = body;

    public static bool TryParse(ReadOnlySpan<byte> packet, out FullIntraRequest fir, out RtcpParseError error)
    {
        fir = default;
        if (!RtcpPacket.TryParseTyped(packet, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.FullIntraRequest, 8 + EntryLength, out var p, out error))
        {
            return false;
        }
        if ((p.Body.Length - 8) % EntryLength != 0)
        {
            error = RtcpParseError.BadBodyLength;
            return false;
        }
        fir = new FullIntraRequest(p.Body);
        return true;
    }

    public Ssrc Sender => new(BinaryPrimitives.ReadUInt32BigEndian(_body));
    public Ssrc MediaSource => new(BinaryPrimitives.ReadUInt32BigEndian(_body[4..]));
    public int EntryCount => (_body.Length - 8) / EntryLength;

    public FirEntry GetEntry(int index) => (uint)index < (uint)EntryCount
        ? new FirEntry(new Ssrc(BinaryPrimitives.ReadUInt32BigEndian(_body[(8 + EntryLength * index)..])), _body[12 + EntryLength * index])
        : throw new ArgumentOutOfRangeException(nameof(index));

    public static int GetLength(int entryCount) => RtcpPacket.HeaderLength + 8 + EntryLength * entryCount;

    public static bool TryWrite(Span<byte> destination, Ssrc sender, ReadOnlySpan<FirEntry> entries, out int written)
    {
        if (entries.IsEmpty)
        {
            throw new ArgumentException("RFC 5104 §4.3.1 needs at least one entry", nameof(entries));
        }
        int length = GetLength(entries.Length);
        if (length > 0x40000 || !RtcpHeaderWriter.Fits(destination, length, out written))
        {
            written = 0;
            return false;
        }
        RtcpHeaderWriter.Write(destination, RtcpFeedbackFormat.FullIntraRequest, RtcpPacketType.PayloadFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], sender.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], 0);
        for (int i = 0; i < entries.Length; i++)
        {
            var at = destination[(12 + EntryLength * i)..];
            BinaryPrimitives.WriteUInt32BigEndian(at, entries[i].Target.Value);
            BinaryPrimitives.WriteUInt32BigEndian(at[4..], (uint)entries[i].SequenceNumber << 24);
        }
        return true;
    }
}
