using BenchmarkDotNet.Attributes;
using VideoVisit.Media.Srtp;

namespace VideoVisit.Bench;

/// <summary>
/// SRTP protect/unprotect per packet (bench/README.md: 1,200 B, one core; also 160 B for audio-sized packets).
/// Protect works in place on one buffer with increasing SEQ; unprotect copies from a ring of pre-protected packets
/// (increasing SEQ, fresh receiver per lap so none is a replay), the same method as bench/anchors/srtp_anchor.c.
/// </summary>
[MemoryDiagnoser]
public class SrtpBenchmarks
{
    private const int RingSize = 4096;
    private SrtpContext _sender = null!;
    private SrtpContext _receiver = null!;
    private byte[] _buffer = null!;
    private byte[] _ring = null!;
    private int _protectedLength;
    private int _next;
    private ushort _seq;

    [Params(SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm)]
    public SrtpProfile Profile { get; set; }

    [Params(160, 1200)]
    public int Size { get; set; }

    [Params(SrtpBackend.Native, SrtpBackend.Managed)]
    public SrtpBackend Backend { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _sender = SrtpBenchPackets.Context(Profile, Backend);
        _receiver = SrtpBenchPackets.Context(Profile, Backend);
        _buffer = new byte[Size + 32];
        SrtpBenchPackets.WritePacket(_buffer, Size, 0);
        (_ring, _protectedLength) = SrtpBenchPackets.ProtectedRing(Profile, Backend, Size, RingSize);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    [Benchmark]
    public int Protect()
    {
        _seq++;
        _buffer[2] = (byte)(_seq >> 8);
        _buffer[3] = (byte)_seq;
        _sender.TryProtectRtp(_buffer, Size, out int n, out _);
        return n;
    }

    [Benchmark]
    public int Unprotect()
    {
        if (_next == RingSize)
        {
            _next = 0;
            _receiver.Dispose();
            _receiver = SrtpBenchPackets.Context(Profile, Backend);
        }

        int slot = Size + 32;
        _ring.AsSpan(_next * slot, _protectedLength).CopyTo(_buffer);
        _next++;
        _receiver.TryUnprotectRtp(_buffer, _protectedLength, out int n, out _);
        return n;
    }
}
