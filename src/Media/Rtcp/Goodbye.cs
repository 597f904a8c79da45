using System.Buffers.Binary;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Rtcp;

/// <summary>BYE, PT=203 (RFC 3550 §6.6): SC sources leaving, then optionally a length-prefixed reason, zero-padded to 32 bits.</summary>
public readonly ref struct Goodbye
{
    private readonly ReadOnlySpan<byte> _body;

    private Goodbye(ReadOnlySpan<byte> body, int sourceCount, ReadOnlySpan<byte> reason, bool hasReason)
    {
        _body = body;
        SourceCount = sourceCount;
        Reason = reason;
        HasReason = hasReason;
    }

    public int SourceCount { get; }
    public bool HasReason { get; }
    /// <summary>UTF-8 reason text, empty when absent.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    public static bool TryParse(ReadOnlySpan<byte> packet, out Goodbye bye, out RtcpParseError error)
    {
        bye = default;
        if (!RtcpPacket.TryParseTyped(packet, RtcpPacketType.Goodbye, -1, 0, out var p, out error))
        {
            return false;
        }
        var body = p.Body;
        int offset = 4 * p.Count;
        if (offset > body.Length)
        {
            error = RtcpParseError.BodyTooShort;
            return false;
        }
        ReadOnlySpan<byte> reason = default;
        bool hasReason = offset < body.Length;
        if (hasReason)
        {
            int length = body[offset];
            if (offset + 1 + length > body.Length)
            {
                error = RtcpParseError.BadItem;
                return false;
            }
            reason = body.Slice(offset + 1, length);
        }
        bye = new Goodbye(body, p.Count, reason, hasReason);
        return true;
    }

    public Ssrc GetSource(int index) => (uint)index < (uint)SourceCount
        ? new Ssrc(BinaryPrimitives.ReadUInt32BigEndian(_body[(4 * index)..]))
        : throw new ArgumentOutOfRangeException(nameof(index));

    public static int GetLength(int sourceCount, int reasonLength, bool withReason) =>
        RtcpPacket.HeaderLength + 4 * sourceCount + (withReason ? (1 + reasonLength + 3) & ~3 : 0);

    /// <summary>Writes a BYE; an empty <paramref name="reason"/> writes no reason field.</summary>
    public static bool TryWrite(Span<byte> destination, ReadOnlySpan<Ssrc> sources, ReadOnlySpan<byte> reason, out int written)
    {
        if (sources.Length > 31 || reason.Length > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(sources), "SC is 5 bits and the reason at most 255 bytes");
        }
        int length = GetLength(sources.Length, reason.Length, !reason.IsEmpty);
        if (!RtcpHeaderWriter.Fits(destination, length, out written))
        {
            return false;
        }
        RtcpHeaderWriter.Write(destination, sources.Length, RtcpPacketType.Goodbye, length);
        int offset = RtcpPacket.HeaderLength;
        foreach (var source in sources)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], source.Value);
            offset += 4;
        }
        if (!reason.IsEmpty)
        {
            destination[offset] = (byte)reason.Length;
            reason.CopyTo(destination[(offset + 1)..]);
            destination[(offset + 1 + reason.Length)..length].Clear();
        }
        return true;
    }
}
