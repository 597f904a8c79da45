using CsCheck;
using VideoVisit.Media.Srtp;
using static VideoVisit.Media.Tests.Srtp.SrtpTestPackets;

namespace VideoVisit.Media.Tests.Srtp;

/// <summary>
/// SRTP protect output compared byte for byte with the independent in-test reference (SrtpReference: RFC 3711
/// ECB-counter + HMACSHA1, RFC 7714 via .NET AesGcm), and unprotect restoring the packet, for both backends.
/// RFC 7714 §16/§17 vectors are not typed in: not reproducible from memory with certainty.
/// </summary>
public class SrtpProtectTests
{
    public static TheoryData<SrtpProfile, SrtpBackend> Matrix() => ProfilesAndBackends();

    [Theory]
    [MemberData(nameof(Matrix))]
    public void ProtectedRtpMatchesReferenceAndRoundTrips(SrtpProfile profile, SrtpBackend backend)
    {
        var gen = Gen.Select(Gen.Int[0, 4], Gen.Int[-1, 3], Gen.Int[0, 1300], Gen.UShort, Gen.UInt, Gen.Byte);
        gen.Sample((cc, ext, payload, seq, ssrc, fill) =>
        {
            var rtp = MakeRtp(ssrc, seq, payload, cc, ext, fill);
            using var sender = Context(profile, backend);
            using var receiver = Context(profile, backend);
            var srtp = Protect(sender, rtp);
            Assert.Equal(SrtpReference.ProtectRtp(profile, MasterKey(profile), MasterSalt(profile), rtp, 0), srtp);
            Assert.Equal(rtp.Length + profile.RtpOverhead(), srtp.Length);
            var (ok, error, plain) = Unprotect(receiver, srtp);
            Assert.True(ok, error.ToString());
            Assert.Equal(rtp, plain);
        }, iter: 200);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void ExplicitRocIsUsedForTheIndex(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend);
        var rtp = MakeRtp(0xCAFE, 1234, 100);
        var buffer = WithRoom(rtp);
        Assert.True(sender.TryProtectRtp(buffer, rtp.Length, rolloverCounter: 7, out int n, out _));
        Assert.Equal(SrtpReference.ProtectRtp(profile, MasterKey(profile), MasterSalt(profile), rtp, 7), buffer[..n]);
        Assert.True(sender.TryGetRolloverCounter(0xCAFE, out uint roc));
        Assert.Equal(7u, roc);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void UnprotectReportsThePacketIndex(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend);
        using var receiver = Context(profile, backend);
        var rtp = MakeRtp(1, 65535, 50);
        var buffer = WithRoom(rtp);
        Assert.True(sender.TryProtectRtp(buffer, rtp.Length, rolloverCounter: 3, out int n, out _));
        Assert.False(receiver.TryUnprotectRtp(buffer, n, out _, out _, out var error));
        Assert.Equal(SrtpError.AuthenticationFailed, error); // a fresh receiver assumes ROC 0 (RFC 3711 §3.3.1)

        var rtp2 = MakeRtp(2, 10, 50);
        var b2 = WithRoom(rtp2);
        Assert.True(sender.TryProtectRtp(b2, rtp2.Length, out n, out _));
        Assert.True(receiver.TryUnprotectRtp(b2, n, out _, out ulong index, out _));
        Assert.Equal(10ul, index);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void ProtectWithoutRoomForTheTagFails(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend);
        var rtp = MakeRtp(1, 1, 40);
        var buffer = WithRoom(rtp, profile.RtpOverhead() - 1);
        Assert.False(sender.TryProtectRtp(buffer, rtp.Length, out _, out var error));
        Assert.Equal(SrtpError.BufferTooSmall, error);
        Assert.Equal(rtp, buffer[..rtp.Length]);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void TruncatedSrtpIsRejectedAtEveryLength(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend);
        var srtp = Protect(sender, MakeRtp(9, 9, 60, csrcCount: 2, extensionWords: 2));
        for (int length = 0; length < srtp.Length; length++)
        {
            using var receiver = Context(profile, backend);
            var buffer = srtp[..length];
            Assert.False(receiver.TryUnprotectRtp(buffer, length, out _, out var error));
            Assert.NotEqual(SrtpError.None, error);
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void LengthOutsideTheBufferIsRejectedNotThrown(SrtpProfile profile, SrtpBackend backend)
    {
        using var ctx = Context(profile, backend);
        foreach (int length in new[] { -1, int.MinValue, 65, int.MaxValue })
        {
            var buffer = new byte[64];
            buffer[0] = 0x80;
            Assert.False(ctx.TryProtectRtp(buffer, length, out _, out var e1));
            Assert.False(ctx.TryUnprotectRtp(buffer, length, out _, out var e2));
            Assert.False(ctx.TryProtectRtcp(buffer, length, out _, out var e3));
            Assert.False(ctx.TryUnprotectRtcp(buffer, length, out _, out var e4));
            Assert.All(new[] { e1, e2, e3, e4 }, e => Assert.NotEqual(SrtpError.None, e));
            Assert.False(ctx.TryProtectRtcp(Span<byte>.Empty, 8, out _, out _));
        }
    }

    [Fact]
    public void BackendEnvironmentVariableForcesManaged()
    {
        var previous = Environment.GetEnvironmentVariable("VIDEOVISIT_SRTP_BACKEND");
        try
        {
            Environment.SetEnvironmentVariable("VIDEOVISIT_SRTP_BACKEND", "managed");
            using var ctx = Context(SrtpProfile.AeadAes128Gcm, SrtpBackend.Auto);
            Assert.Equal(SrtpBackend.Managed, ctx.Backend);
            Environment.SetEnvironmentVariable("VIDEOVISIT_SRTP_BACKEND", null);
            using var auto = Context(SrtpProfile.AeadAes128Gcm, SrtpBackend.Auto);
            Assert.Equal(SrtpBackend.Native, auto.Backend); // libcrypto.so.3 is present on our Debian machines
        }
        finally
        {
            Environment.SetEnvironmentVariable("VIDEOVISIT_SRTP_BACKEND", previous);
        }
    }

    [Fact]
    public void WrongKeyOrSaltLengthIsRefused()
    {
        Assert.Throws<ArgumentException>(() => SrtpContext.Create(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[14]));
        Assert.Throws<ArgumentException>(() => SrtpContext.Create(SrtpProfile.Aes128CmHmacSha1_80, new byte[32], new byte[14]));
    }

    [Fact]
    public void DisposedContextThrows()
    {
        var ctx = Context(SrtpProfile.Aes128CmHmacSha1_80, SrtpBackend.Native);
        ctx.Dispose();
        ctx.Dispose();
        var rtp = WithRoom(MakeRtp(1, 1, 10));
        Assert.Throws<ObjectDisposedException>(() => ctx.TryProtectRtp(rtp, 22, out _, out _));
    }
}
