using System.Buffers.Binary;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Rtcp;

/// <summary>
/// One reception report block of an SR or RR (RFC 3550 §6.4.1), 24 bytes.
/// <see cref="CumulativeLost"/> is signed 24-bit: duplicates can make it negative.
/// </summary>
public readonly record struct ReportBlock(
    Ssrc Source,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Length = 24;
    public const int MaxCumulativeLost = 0x7FFFFF;
    public const int MinCumulativeLost = -0x800000;

    public static ReportBlock Read(ReadOnlySpan<byte> source)
    {
        uint word = BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
        int lost = (int)(word << 8) >> 8; // sign-extend the low 24 bits
        return new ReportBlock(
            new Ssrc(BinaryPrimitives.ReadUInt32BigEndian(source)),
            (byte)(word >> 24),
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[20..]));
    }

    /// <summary>Writes 24 bytes; a cumulative loss outside 24 bits is clamped, as RFC 3550 App. A.3 suggests.</summary>
    public void Write(Span<byte> destination)
    {
        int lost = Math.Clamp(CumulativeLost, MinCumulativeLost, MaxCumulativeLost);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Source.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)FractionLost << 24 | ((uint)lost & 0xFFFFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }
}
