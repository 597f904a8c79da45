using System.Buffers.Binary;
using VideoVisit.Media.Srtp;
using static VideoVisit.Media.Tests.Srtp.SrtpTestPackets;

namespace VideoVisit.Media.Tests.Srtp;

/// <summary>SRTCP (RFC 3711 §3.4, RFC 7714 §9): E bit, 31-bit index per SSRC, tag over the index, replay.</summary>
public class SrtcpTests
{
    public static TheoryData<SrtpProfile, SrtpBackend> Matrix() => ProfilesAndBackends();

    private static int IndexOffset(SrtpProfile profile, int length) => profile.IsAead() ? length - 4 : length - 14;

    [Theory]
    [MemberData(nameof(Matrix))]
    public void SrtcpCarriesEBitAndIncreasingIndexAndMatchesReference(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend);
        using var receiver = Context(profile, backend);
        foreach (int body in new[] { 0, 4, 24, 100, 1000 })
        {
            for (uint expectedIndex = 0; expectedIndex < 3; expectedIndex++)
            {
                uint ssrc = 0x5000u + (uint)body;
                var rtcp = MakeRtcp(ssrc, body);
                var buffer = WithRoom(rtcp);
                Assert.True(sender.TryProtectRtcp(buffer, rtcp.Length, out int n, out var error), error.ToString());
                Assert.Equal(rtcp.Length + profile.RtcpOverhead(), n);
                uint word = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(IndexOffset(profile, n)));
                Assert.Equal(0x8000_0000u | expectedIndex, word);
                Assert.Equal(SrtpReference.ProtectRtcp(profile, MasterKey(profile), MasterSalt(profile), rtcp, expectedIndex), buffer[..n]);

                Assert.True(receiver.TryUnprotectRtcp(buffer, n, out int plain, out error), error.ToString());
                Assert.Equal(rtcp, buffer[..plain]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void UnencryptedSrtcpWithEBitClearIsAuthenticatedAndLeftPlain(SrtpProfile profile, SrtpBackend backend)
    {
        using var receiver = Context(profile, backend);
        var rtcp = MakeRtcp(77, 40);
        var srtcp = SrtpReference.ProtectRtcp(profile, MasterKey(profile), MasterSalt(profile), rtcp, 5, encrypt: false);
        Assert.Equal(rtcp, srtcp[..rtcp.Length]);
        var buffer = (byte[])srtcp.Clone();
        Assert.True(receiver.TryUnprotectRtcp(buffer, buffer.Length, out int plain, out var error), error.ToString());
        Assert.Equal(rtcp, buffer[..plain]);

        // Flipping the E bit changes the authenticated index word: rejected (fresh receiver, so not a replay).
        using var other = Context(profile, backend);
        var flipped = (byte[])srtcp.Clone();
        flipped[IndexOffset(profile, flipped.Length)] ^= 0x80;
        Assert.False(other.TryUnprotectRtcp(flipped, flipped.Length, out _, out error));
        Assert.Equal(SrtpError.AuthenticationFailed, error);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void SrtcpReplayTamperAndTooOldAreRejected(SrtpProfile profile, SrtpBackend backend)
    {
        using var receiver = Context(profile, backend);
        var key = MasterKey(profile);
        var salt = MasterSalt(profile);
        var rtcp = MakeRtcp(9, 20);
        byte[] Packet(uint index) => SrtpReference.ProtectRtcp(profile, key, salt, rtcp, index);
        bool Accept(byte[] p, out SrtpError e)
        {
            var b = (byte[])p.Clone();
            return receiver.TryUnprotectRtcp(b, b.Length, out _, out e);
        }

        Assert.True(Accept(Packet(100), out _));
        Assert.False(Accept(Packet(100), out var error));
        Assert.Equal(SrtpError.Replayed, error);

        var tampered = Packet(200);
        tampered[10] ^= 1;
        Assert.False(Accept(tampered, out error));
        Assert.Equal(SrtpError.AuthenticationFailed, error);

        // The forged index 200 did not move the window: 50 is still within 64 of 100.
        Assert.True(Accept(Packet(50), out error), error.ToString());
        Assert.True(Accept(Packet(200), out _));
        Assert.False(Accept(Packet(120), out error));
        Assert.Equal(SrtpError.TooOld, error);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void TruncatedSrtcpIsRejectedAtEveryLength(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend);
        var rtcp = MakeRtcp(1, 16);
        var buffer = WithRoom(rtcp);
        Assert.True(sender.TryProtectRtcp(buffer, rtcp.Length, out int n, out _));
        for (int length = 0; length < n; length++)
        {
            using var receiver = Context(profile, backend);
            var b = buffer[..length];
            Assert.False(receiver.TryUnprotectRtcp(b, length, out _, out var error));
            Assert.NotEqual(SrtpError.None, error);
        }
    }
}
