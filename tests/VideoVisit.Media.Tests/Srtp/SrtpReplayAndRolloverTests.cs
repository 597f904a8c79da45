using VideoVisit.Media.Srtp;
using static VideoVisit.Media.Tests.Srtp.SrtpTestPackets;

namespace VideoVisit.Media.Tests.Srtp;

/// <summary>RFC 3711 §3.3.1 ROC tracking per SSRC and the §3.3.2 replay window, updated only after authentication.</summary>
public class SrtpReplayAndRolloverTests
{
    public static TheoryData<SrtpProfile, SrtpBackend> Matrix() => ProfilesAndBackends();

    [Theory]
    [MemberData(nameof(Matrix))]
    public void RocRollsOverOnTwoInterleavedSsrcs(SrtpProfile profile, SrtpBackend backend)
    {
        // Two streams wrap at different times; a single shared ROC would break one of them (SS#1584).
        using var sender = Context(profile, backend);
        using var receiver = Context(profile, backend);
        const int packets = 70_000;
        var a = MakeRtp(0xAAAA0001, 0, 16);
        var b = MakeRtp(0xBBBB0002, 0, 16);
        var buffer = new byte[64];
        for (int i = 0; i < packets; i++)
        {
            RoundTrip(sender, receiver, a, (ushort)(65_000 + i), buffer, i);
            RoundTrip(sender, receiver, b, (ushort)(30_000 + i), buffer, i);
        }

        // a: 65000 + 69999 = 134999 → ROC 2; b: 30000 + 69999 = 99999 → ROC 1.
        Assert.True(receiver.TryGetRolloverCounter(0xAAAA0001, out uint rocA));
        Assert.True(receiver.TryGetRolloverCounter(0xBBBB0002, out uint rocB));
        Assert.Equal(2u, rocA);
        Assert.Equal(1u, rocB);
        Assert.True(sender.TryGetRolloverCounter(0xAAAA0001, out uint sentRocA));
        Assert.Equal(2u, sentRocA);

        // The sender's index after wrapping is ROC·2^16 + SEQ, as the reference computes it.
        var late = MakeRtp(0xAAAA0001, 5, 16);
        Assert.Equal(SrtpReference.ProtectRtp(profile, MasterKey(profile), MasterSalt(profile), late, 2), Protect(sender, late));
    }

    private static void RoundTrip(SrtpContext sender, SrtpContext receiver, byte[] template, ushort seq, byte[] buffer, int i)
    {
        template.CopyTo(buffer, 0);
        buffer[2] = (byte)(seq >> 8);
        buffer[3] = (byte)seq;
        if (!sender.TryProtectRtp(buffer, template.Length, out int n, out var error))
        {
            Assert.Fail($"protect {i}: {error}");
        }

        if (!receiver.TryUnprotectRtp(buffer, n, out int plain, out error))
        {
            Assert.Fail($"unprotect {i} seq {seq}: {error}");
        }

        Assert.Equal(template.Length, plain);
    }

    private static byte[][] ProtectSequence(SrtpContext sender, uint ssrc, int first, int count) =>
        Enumerable.Range(first, count).Select(s => Protect(sender, MakeRtp(ssrc, (ushort)s, 40))).ToArray();

    [Theory]
    [MemberData(nameof(Matrix))]
    public void ReplayedPacketIsRejected(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend);
        using var receiver = Context(profile, backend);
        var packets = ProtectSequence(sender, 5, 100, 10);
        foreach (var p in packets)
        {
            Assert.True(Unprotect(receiver, p).Ok);
        }

        var replay = Unprotect(receiver, packets[4]);
        Assert.False(replay.Ok);
        Assert.Equal(SrtpError.Replayed, replay.Error);
        var last = Unprotect(receiver, packets[^1]);
        Assert.Equal(SrtpError.Replayed, last.Error);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void ReorderedWithinWindowIsAcceptedOnce(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend);
        using var receiver = Context(profile, backend);
        var packets = ProtectSequence(sender, 5, 1000, 64);
        Assert.True(Unprotect(receiver, packets[63]).Ok);
        for (int i = 62; i >= 0; i--)
        {
            var r = Unprotect(receiver, packets[i]);
            Assert.True(r.Ok, $"{i}: {r.Error}");
            Assert.Equal(MakeRtp(5, (ushort)(1000 + i), 40), r.Plain);
        }

        Assert.Equal(SrtpError.Replayed, Unprotect(receiver, packets[0]).Error);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void ReorderedBeyondWindowIsRejected(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend);
        using var receiver = Context(profile, backend);
        var packets = ProtectSequence(sender, 5, 1000, WideReplayWindow.Size + 1);
        Assert.True(Unprotect(receiver, packets[WideReplayWindow.Size]).Ok);
        var old = Unprotect(receiver, packets[0]);
        Assert.False(old.Ok);
        Assert.Equal(SrtpError.TooOld, old.Error);
        Assert.True(Unprotect(receiver, packets[1]).Ok);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void AResentPacketHundredsBehindIsAcceptedOnceAndOnlyOnce(SrtpProfile profile, SrtpBackend backend)
    {
        // A NACK retransmission without RTX: same SSRC, sequence number and index, ~1 s of video later.
        using var sender = Context(profile, backend);
        using var receiver = Context(profile, backend);
        var packets = ProtectSequence(sender, 5, 65_300, 600);
        for (int i = 0; i < packets.Length; i++)
        {
            if (i != 100) Assert.True(Unprotect(receiver, packets[i]).Ok, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.True(Unprotect(receiver, packets[100]).Ok);
        Assert.Equal(SrtpError.Replayed, Unprotect(receiver, packets[100]).Error);
        Assert.Equal(SrtpError.Replayed, Unprotect(receiver, packets[99]).Error);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void TamperedPacketIsRejectedWithoutMovingWindowOrRoc(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend);
        using var receiver = Context(profile, backend);
        var packets = ProtectSequence(sender, 7, 65_500, 30); // seq 65500..65529, just below the wrap
        for (int i = 0; i < 20; i++)
        {
            Assert.True(Unprotect(receiver, packets[i]).Ok);
        }

        // Every bit of a packet flipped in turn must fail authentication.
        var target = packets[25];
        for (int bit = 0; bit < target.Length * 8; bit += 7)
        {
            var forged = (byte[])target.Clone();
            forged[bit / 8] ^= (byte)(1 << (bit % 8));
            var r = Unprotect(receiver, forged);
            Assert.False(r.Ok);
        }

        // A forged packet that would move the window far ahead and advance the ROC (seq wrapped to 10).
        using var forger = Context(profile, backend, seed: 99);
        var ahead = Protect(forger, MakeRtp(7, 10, 40));
        Assert.Equal(SrtpError.AuthenticationFailed, Unprotect(receiver, ahead).Error);
        Assert.True(receiver.TryGetRolloverCounter(7, out uint roc));
        Assert.Equal(0u, roc);

        // Still in the old window: accepted, which would be TooOld had the forgery moved the window.
        Assert.True(Unprotect(receiver, packets[21]).Ok);
        Assert.True(Unprotect(receiver, packets[25]).Ok);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void WrongKeyIsRejectedAndLeavesNoStream(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend, seed: 1);
        using var receiver = Context(profile, backend, seed: 2);
        var r = Unprotect(receiver, Protect(sender, MakeRtp(42, 1, 100)));
        Assert.False(r.Ok);
        Assert.Equal(SrtpError.AuthenticationFailed, r.Error);
        Assert.False(receiver.TryGetRolloverCounter(42, out _));
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void LateFirstPacketOfPreviousRocIsRejectedAsTooOld(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend);
        using var receiver = Context(profile, backend);
        Assert.True(Unprotect(receiver, Protect(sender, MakeRtp(3, 100, 10))).Ok);
        // seq 40000 after s_l 100 at ROC 0 guesses ROC −1 (RFC 3711 App. A): signed arithmetic must not wrap.
        var early = MakeRtp(3, 40_000, 10);
        var forged = SrtpReference.ProtectRtp(profile, MasterKey(profile), MasterSalt(profile), early, 0);
        var r = Unprotect(receiver, forged);
        Assert.False(r.Ok);
        Assert.Equal(SrtpError.TooOld, r.Error);
    }
}
