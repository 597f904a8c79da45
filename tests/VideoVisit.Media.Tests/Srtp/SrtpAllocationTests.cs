using VideoVisit.Media.Srtp;
using VideoVisit.Testing;
using static VideoVisit.Media.Tests.Srtp.SrtpTestPackets;

namespace VideoVisit.Media.Tests.Srtp;

/// <summary>Protect and unprotect allocate nothing per packet (after the first packet of each SSRC).</summary>
public class SrtpAllocationTests
{
    public static TheoryData<SrtpProfile, SrtpBackend> Matrix() => ProfilesAndBackends();

    [Theory]
    [MemberData(nameof(Matrix))]
    public void RtpProtectAndUnprotectAllocateNothing(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend);
        using var receiver = Context(profile, backend);
        var template = MakeRtp(0x1234, 0, 1188);
        var buffer = WithRoom(template);
        int seq = 0;
        void Run(int count)
        {
            for (int i = 0; i < count; i++, seq++)
            {
                template.CopyTo(buffer, 0);
                buffer[2] = (byte)(seq >> 8);
                buffer[3] = (byte)seq;
                if (!sender.TryProtectRtp(buffer, template.Length, out int n, out _) ||
                    !receiver.TryUnprotectRtp(buffer, n, out _, out _))
                {
                    throw new InvalidOperationException("round trip failed");
                }
            }
        }

        Assert.Equal(0, Allocations.Measure(Run, 2000));
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void RtcpProtectAndUnprotectAllocateNothing(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend);
        using var receiver = Context(profile, backend);
        var template = MakeRtcp(0x4321, 40);
        var buffer = WithRoom(template);
        void Run(int count)
        {
            for (int i = 0; i < count; i++)
            {
                template.CopyTo(buffer, 0);
                if (!sender.TryProtectRtcp(buffer, template.Length, out int n, out _) ||
                    !receiver.TryUnprotectRtcp(buffer, n, out _, out _))
                {
                    throw new InvalidOperationException("round trip failed");
                }
            }
        }

        Assert.Equal(0, Allocations.Measure(Run, 2000));
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void RejectedReplaysAllocateNothing(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend);
        using var receiver = Context(profile, backend);
        var srtp = Protect(sender, MakeRtp(1, 1, 100));
        var buffer = (byte[])srtp.Clone();
        Assert.True(receiver.TryUnprotectRtp(buffer, srtp.Length, out _, out _));
        long allocated = Allocations.Measure(n =>
        {
            for (int i = 0; i < n; i++)
            {
                srtp.CopyTo(buffer, 0);
                if (receiver.TryUnprotectRtp(buffer, srtp.Length, out _, out _))
                {
                    throw new InvalidOperationException("replay accepted");
                }
            }
        }, 1000);

        Assert.Equal(0, allocated);
    }
}
