using System.Buffers.Binary;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Rtcp;

/// <summary>The sender information section of an SR (RFC 3550 §6.4.1).</summary>
public readonly record struct SenderInfo(Ssrc Sender, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount);

/// <summary>
/// SR, PT=200 (RFC 3550 §6.4.1): sender SSRC, NTP/RTP timestamps, packet and octet counts, RC report blocks,
/// then an optional profile-specific extension that we expose but do not interpret.
/// </summary>
public readonly ref struct SenderReport
{
    private const int SenderInfoLength = 24;
    private readonly ReadOnlySpan<byte> _body;

    private SenderReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        ReportCount = reportCount;
    }

    public static bool TryParse(ReadOnlySpan<byte> packet, out SenderReport report, out RtcpParseError error)
    {
        report = default;
        if (!RtcpPacket.TryParseTyped(packet, RtcpPacketType.SenderReport, -1, SenderInfoLength, out var p, out error))
        {
            return false;
        }
        if (p.Body.Length < SenderInfoLength + ReportBlock.Length * p.Count)
        {
            error = RtcpParseError.BodyTooShort;
            return false;
        }
        report = new SenderReport(p.Body, p.Count);
        return true;
    }

    public int ReportCount { get; }
    public SenderInfo Info => new(
        Sender,
        BinaryPrimitives.ReadUInt64BigEndian(_body[4..]),
        BinaryPrimitives.ReadUInt32BigEndian(_body[12..]),
        BinaryPrimitives.ReadUInt32BigEndian(_body[16..]),
        BinaryPrimitives.ReadUInt32BigEndian(_body[20..]));
    public Ssrc Sender => new(BinaryPrimitives.ReadUInt32BigEndian(_body));
    /// <summary>64-bit NTP timestamp: seconds since 1900 in the high word, fraction in the low (RFC 3550 §4).</summary>
    public ulong NtpTimestamp => BinaryPrimitives.ReadUInt64BigEndian(_body[4..]);
    public uint RtpTimestamp => BinaryPrimitives.ReadUInt32BigEndian(_body[12..]);
    public uint PacketCount => BinaryPrimitives.ReadUInt32BigEndian(_body[16..]);
    public uint OctetCount => BinaryPrimitives.ReadUInt32BigEndian(_body[20..]);

    /// <summary>The middle 32 bits of the NTP timestamp, what a receiver echoes as LSR (RFC 3550 §6.4.1).</summary>
    public uint CompactNtp => (uint)(NtpTimestamp >> 16);

    public ReportBlock GetReportBlock(int index) => (uint)index < (uint)ReportCount
        ? ReportBlock.Read(_body[(SenderInfoLength + ReportBlock.Length * index)..])
        : throw new ArgumentOutOfRangeException(nameof(index));

    public ReadOnlySpan<byte> ProfileExtension => _body[(SenderInfoLength + ReportBlock.Length * ReportCount)..];

    public static int GetLength(int reportCount) => RtcpPacket.HeaderLength + SenderInfoLength + ReportBlock.Length * reportCount;

    public static bool TryWrite(Span<byte> destination, in SenderInfo info, ReadOnlySpan<ReportBlock> blocks, out int written)
    {
        if (blocks.Length > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(blocks), "RC is 5 bits");
        }
        int length = GetLength(blocks.Length);
        if (!RtcpHeaderWriter.Fits(destination, length, out written))
        {
            return false;
        }
        RtcpHeaderWriter.Write(destination, blocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], info.Sender.Value);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], info.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], info.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], info.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], info.OctetCount);
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination[(28 + ReportBlock.Length * i)..]);
        }
        return true;
    }
}
