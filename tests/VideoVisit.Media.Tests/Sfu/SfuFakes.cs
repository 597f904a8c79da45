using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>A clock the test moves: monotonic milliseconds and a wall clock that advance together.</summary>
internal sealed class FakeTime : TimeProvider
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 25, 22, 0, 0, TimeSpan.Zero);
    /// <summary>The clock itself, for tests that move it from several threads (Interlocked).</summary>
    public long MsField = 10_000;

    public long Ms
    {
        get => Interlocked.Read(ref MsField);
        set => Interlocked.Exchange(ref MsField, value);
    }

    public override DateTimeOffset GetUtcNow() => Epoch.AddMilliseconds(Ms);
    public override long GetTimestamp() => Ms;
    public override long TimestampFrequency => 1000;
}

/// <summary>Records every packet a subscriber would be sent.</summary>
internal sealed class RecordingSubscriber : ISubscriberTransport
{
    private readonly Lock _gate = new();
    public List<byte[]> Rtp { get; } = [];
    public List<byte[]> Rtcp { get; } = [];

    public bool TrySendRtp(ReadOnlySpan<byte> packet)
    {
        lock (_gate)
        {
            Rtp.Add(packet.ToArray());
        }
        return true;
    }

    public bool TrySendRtcp(ReadOnlySpan<byte> packet)
    {
        lock (_gate)
        {
            Rtcp.Add(packet.ToArray());
        }
        return true;
    }

    public int RtpCount
    {
        get { lock (_gate) { return Rtp.Count; } }
    }

    public List<(Ssrc Ssrc, byte Pt, ushort Seq, uint Ts)> Headers()
    {
        lock (_gate)
        {
            return Rtp.Select(p =>
            {
                Assert.True(RtpPacket.TryParse(p, out var r, out _));
                return (r.Ssrc, r.PayloadType, r.SequenceNumber, r.Timestamp);
            }).ToList();
        }
    }
}

/// <summary>Counts without allocating, for the allocation test.</summary>
internal sealed class CountingSubscriber : ISubscriberTransport
{
    public long Packets;
    public long Bytes;
    public bool TrySendRtp(ReadOnlySpan<byte> packet)
    {
        Packets++;
        Bytes += packet.Length;
        return true;
    }

    public bool TrySendRtcp(ReadOnlySpan<byte> packet) => true;
}

internal sealed class RecordingPublisher : IPublisherTransport
{
    private readonly Lock _gate = new();
    public List<byte[]> Rtcp { get; } = [];

    public bool TrySendRtcp(ReadOnlySpan<byte> packet)
    {
        lock (_gate)
        {
            Rtcp.Add(packet.ToArray());
        }
        return true;
    }

    /// <summary>Every RTCP packet sent so far, compound datagrams split, as (type, FMT, bytes).</summary>
    public List<(RtcpPacketType Type, int Format, byte[] Raw)> Packets()
    {
        lock (_gate)
        {
            var all = new List<(RtcpPacketType, int, byte[])>();
            foreach (var datagram in Rtcp)
            {
                Assert.True(RtcpCompoundReader.TryCreate(datagram, RtcpCompoundRules.AllowReducedSize, out var reader, out var error), error.ToString());
                foreach (var p in reader)
                {
                    all.Add((p.PacketType, p.Count, p.Raw.ToArray()));
                }
            }
            return all;
        }
    }

    public int PliCount => Packets().Count(p => p.Type == RtcpPacketType.PayloadFeedback && p.Format == RtcpFeedbackFormat.PictureLoss);
}

/// <summary>Counts RTCP without allocating, for the allocation test.</summary>
internal sealed class CountingPublisher : IPublisherTransport
{
    public long Rtcp;

    public bool TrySendRtcp(ReadOnlySpan<byte> packet)
    {
        Rtcp++;
        return true;
    }
}

/// <summary>
/// A subscriber transport that does what <c>PeerTransport</c> does: one outbound SRTP context, used under a lock by
/// whichever thread sends. Records each packet as handed over (plain) and as it would go on the wire (protected).
/// </summary>
internal sealed class SrtpSubscriber : ISubscriberTransport, IDisposable
{
    private readonly Lock _gate = new();
    private readonly VideoVisit.Media.Srtp.SrtpContext _outbound;
    private readonly byte[] _buffer = new byte[1600];

    public SrtpSubscriber(VideoVisit.Media.Srtp.SrtpContext outbound) => _outbound = outbound;

    public List<(byte[] Plain, byte[] Wire)> Sent { get; } = [];

    public bool TrySendRtp(ReadOnlySpan<byte> packet)
    {
        lock (_gate)
        {
            packet.CopyTo(_buffer);
            Assert.True(_outbound.TryProtectRtp(_buffer, packet.Length, out int n, out var error), error.ToString());
            Sent.Add((packet.ToArray(), _buffer[..n]));
            return true;
        }
    }

    public bool TrySendRtcp(ReadOnlySpan<byte> packet) => true;

    public List<(byte[] Plain, byte[] Wire)> Snapshot()
    {
        lock (_gate)
        {
            return [.. Sent];
        }
    }

    public void Dispose() => _outbound.Dispose();
}
