using System.Buffers.Binary;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Rtcp;

/// <summary>RR, PT=201 (RFC 3550 §6.4.2): the reporter's SSRC and RC report blocks, then an optional profile extension.</summary>
public readonly ref struct ReceiverReport
{
    private readonly ReadOnlySpan<byte> _body;

    private ReceiverReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        ReportCount = reportCount;
    }

    public static bool TryParse(ReadOnlySpan<byte> packet, out ReceiverReport report, out RtcpParseError error)
    {
        report = default;
        if (!RtcpPacket.TryParseTyped(packet, RtcpPacketType.ReceiverReport, -1, 4, out var p, out error))
        {
            return false;
        }
        if (p.Body.Length < 4 + ReportBlock.Length * p.Count)
        {
            error = RtcpParseError.BodyTooShort;
            return false;
        }
        report = new ReceiverReport(p.Body, p.Count);
        return true;
    }

    public int ReportCount { get; }
    public Ssrc Reporter => new(BinaryPrimitives.ReadUInt32BigEndian(_body));

    public ReportBlock GetReportBlock(int index) => (uint)index < (uint)ReportCount
        ? ReportBlock.Read(_body[(4 + ReportBlock.Length * index)..])
        : throw new ArgumentOutOfRangeException(nameof(index));

    public ReadOnlySpan<byte> ProfileExtension => _body[(4 + ReportBlock.Length * ReportCount)..];

    public static int GetLength(int reportCount) => RtcpPacket.HeaderLength + 4 + ReportBlock.Length * reportCount;

    public static bool TryWrite(Span<byte> destination, Ssrc reporter, ReadOnlySpan<ReportBlock> blocks, out int written)
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
        RtcpHeaderWriter.Write(destination, blocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], reporter.Value);
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination[(8 + ReportBlock.Length * i)..]);
        }
        return true;
    }
}
