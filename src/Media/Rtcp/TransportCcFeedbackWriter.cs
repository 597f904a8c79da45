using System.Buffers.Binary;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Rtcp;

/// <summary>A packet that arrived: its transport-wide sequence number and local arrival time in microseconds.</summary>
public readonly record struct TransportCcArrival(ushort SequenceNumber, long ArrivalMicros);

public enum TransportCcWriteError
{
    None = 0,
    DestinationTooSmall,
    /// <summary>No arrivals: a feedback packet reports at least one received packet.</summary>
    NoArrivals,
    /// <summary>Arrivals are not strictly ascending from the base sequence number (wrap-aware, within 65535).</summary>
    NotAscending,
    /// <summary>A receive delta does not fit the 16-bit signed field; send the rest in a new feedback packet.</summary>
    DeltaOutOfRange,
}

/// <summary>
/// Writes transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) from a list of arrivals.
/// Sequence numbers from <c>baseSequence</c> up to the last arrival that are missing from the list are reported
/// lost. The reference time is the first arrival floored to 64 ms; deltas are taken between 250 µs-floored
/// arrival times so rounding never accumulates. Chunks: run-length for runs of 14 or more (or a run covering
/// the rest), else a 1-bit vector when the next 14 statuses need no large delta, else a run of 7+ or a 2-bit vector.
/// The packet is zero-padded to 32 bits as the draft's figure shows, without the P bit, so it may sit
/// anywhere in a compound packet.
/// </summary>
public static class TransportCcFeedbackWriter
{
    private const int MaxRunLength = 0x1FFF;

    public static bool TryWrite(
        Span<byte> destination,
        Ssrc sender,
        Ssrc mediaSource,
        ushort baseSequence,
        byte feedbackPacketCount,
        ReadOnlySpan<TransportCcArrival> arrivals,
        out int written,
        out TransportCcWriteError error)
    {
        written = 0;
        if (arrivals.IsEmpty)
        {
            error = TransportCcWriteError.NoArrivals;
            return false;
        }
        long referenceTicks = FloorDiv(arrivals[0].ArrivalMicros, TransportCcFeedback.MicrosPerReferenceTick);
        long referenceMicros = referenceTicks * TransportCcFeedback.MicrosPerReferenceTick;
        int deltaBytes = 0;
        for (int j = 0; j < arrivals.Length; j++)
        {
            if (j > 0 && Offset(arrivals[j], baseSequence) <= Offset(arrivals[j - 1], baseSequence))
            {
                error = TransportCcWriteError.NotAscending;
                return false;
            }
            int symbol = Symbol(Delta(arrivals, j, referenceMicros));
            if (symbol < 0)
            {
                error = TransportCcWriteError.DeltaOutOfRange;
                return false;
            }
            deltaBytes += symbol;
        }
        int statusCount = Offset(arrivals[^1], baseSequence) + 1;
        if (statusCount > ushort.MaxValue)
        {
            error = TransportCcWriteError.NotAscending;
            return false;
        }

        var fixedPart = RtcpPacket.HeaderLength + TransportCcFeedback.FixedBody;
        if (destination.Length < fixedPart)
        {
            error = TransportCcWriteError.DestinationTooSmall;
            return false;
        }
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], sender.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSource.Value);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], baseSequence);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], (ushort)statusCount);
        destination[16] = (byte)(referenceTicks >> 16);
        destination[17] = (byte)(referenceTicks >> 8);
        destination[18] = (byte)referenceTicks;
        destination[19] = feedbackPacketCount;

        int offset = fixedPart;
        int position = 0;
        int cursor = 0; // first arrival at or after position
        while (position < statusCount)
        {
            if (offset + 2 > destination.Length)
            {
                error = TransportCcWriteError.DestinationTooSmall;
                return false;
            }
            int remaining = statusCount - position;
            int scan = cursor;
            int first = SymbolAt(arrivals, baseSequence, referenceMicros, position, ref scan);
            int run = 1;
            while (run < remaining && run < MaxRunLength &&
                   SymbolAt(arrivals, baseSequence, referenceMicros, position + run, ref scan) == first)
            {
                run++;
            }
            int chunk, covered;
            if (run >= 14 || run == remaining)
            {
                chunk = first << 13 | run;
                covered = run;
            }
            else
            {
                int take = Math.Min(14, remaining);
                scan = cursor;
                int bits = 0;
                bool oneBit = true;
                for (int i = 0; i < take && oneBit; i++)
                {
                    int symbol = SymbolAt(arrivals, baseSequence, referenceMicros, position + i, ref scan);
                    oneBit = symbol <= 1;
                    bits |= symbol << (13 - i);
                }
                if (oneBit)
                {
                    chunk = 0x8000 | bits;
                    covered = take;
                }
                else if (run >= 7)
                {
                    chunk = first << 13 | run;
                    covered = run;
                }
                else
                {
                    take = Math.Min(7, remaining);
                    scan = cursor;
                    bits = 0;
                    for (int i = 0; i < take; i++)
                    {
                        bits |= SymbolAt(arrivals, baseSequence, referenceMicros, position + i, ref scan) << (12 - 2 * i);
                    }
                    chunk = 0xC000 | bits;
                    covered = take;
                }
            }
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)chunk);
            offset += 2;
            position += covered;
            while (cursor < arrivals.Length && Offset(arrivals[cursor], baseSequence) < position)
            {
                cursor++;
            }
        }

        int length = (offset + deltaBytes + 3) & ~3;
        if (length > destination.Length || length > 0x40000)
        {
            error = TransportCcWriteError.DestinationTooSmall;
            return false;
        }
        for (int j = 0; j < arrivals.Length; j++)
        {
            long delta = Delta(arrivals, j, referenceMicros);
            if (Symbol(delta) == TransportCcFeedback.SymbolSmallDelta)
            {
                destination[offset++] = (byte)delta;
            }
            else
            {
                BinaryPrimitives.WriteInt16BigEndian(destination[offset..], (short)delta);
                offset += 2;
            }
        }
        destination[offset..length].Clear();
        RtcpHeaderWriter.Write(destination, RtcpFeedbackFormat.TransportCc, RtcpPacketType.TransportFeedback, length);
        written = length;
        error = TransportCcWriteError.None;
        return true;
    }

    private static int Offset(TransportCcArrival arrival, ushort baseSequence) => (ushort)(arrival.SequenceNumber - baseSequence);

    private static long Ticks(long micros, long referenceMicros) => FloorDiv(micros - referenceMicros, TransportCcStatus.MicrosPerTick);

    private static long Delta(ReadOnlySpan<TransportCcArrival> arrivals, int j, long referenceMicros) =>
        Ticks(arrivals[j].ArrivalMicros, referenceMicros) - (j == 0 ? 0 : Ticks(arrivals[j - 1].ArrivalMicros, referenceMicros));

    /// <summary>1 for a small delta (0..255 ticks), 2 for a large one (16-bit signed), -1 when it does not fit.</summary>
    private static int Symbol(long delta) => delta is >= 0 and <= 255 ? 1 : delta is >= short.MinValue and <= short.MaxValue ? 2 : -1;

    private static int SymbolAt(ReadOnlySpan<TransportCcArrival> arrivals, ushort baseSequence, long referenceMicros, int index, ref int scan)
    {
        while (scan < arrivals.Length && Offset(arrivals[scan], baseSequence) < index)
        {
            scan++;
        }
        return scan < arrivals.Length && Offset(arrivals[scan], baseSequence) == index
            ? Symbol(Delta(arrivals, scan, referenceMicros))
            : TransportCcFeedback.SymbolNotReceived;
    }

    private static long FloorDiv(long value, long divisor)
    {
        long quotient = value / divisor;
        return value % divisor != 0 && value < 0 ? quotient - 1 : quotient;
    }
}
