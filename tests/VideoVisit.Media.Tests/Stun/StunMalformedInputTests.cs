using System.Buffers.Binary;
using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Tests.Stun;

public class StunMalformedInputTests
{
    public static TheoryData<string> Vectors => new() { "request", "ipv4", "ipv6", "longterm" };

    private static byte[] Vector(string name) => name switch
    {
        "request" => Rfc5769Vectors.Request,
        "ipv4" => Rfc5769Vectors.Ipv4Response,
        "ipv6" => Rfc5769Vectors.Ipv6Response,
        _ => Rfc5769Vectors.LongTermRequest,
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Rfc5769VectorTruncatedAtEveryLengthIsRefused(string name)
    {
        byte[] v = Vector(name);
        for (int n = 0; n < v.Length; n++)
        {
            Assert.False(StunMessage.TryParse(v.AsSpan(0, n), out _, out StunParseError e));
            Assert.NotEqual(StunParseError.None, e);
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Rfc5769VectorTruncatedWithPatchedLengthIsRefusedOrFailsIntegrity(string name)
    {
        // A cut that keeps the header consistent must still never verify: either framing fails or MI/FINGERPRINT do.
        byte[] v = Vector(name);
        for (int n = StunConstants.HeaderLength; n < v.Length; n += 4)
        {
            byte[] cut = v[..n];
            BinaryPrimitives.WriteUInt16BigEndian(cut.AsSpan(2), (ushort)(n - StunConstants.HeaderLength));
            if (StunMessage.TryParse(cut, out StunMessage m, out _))
            {
                Assert.False(m.VerifyFingerprint() && m.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBt"u8));
            }
        }
    }

    [Fact]
    public void Rfc8489HeaderChecksNameTheirReason()
    {
        byte[] v = Rfc5769Vectors.Request.ToArray();
        v[0] |= 0x80;
        Assert.False(StunMessage.TryParse(v, out _, out StunParseError e1));
        Assert.Equal(StunParseError.NotStun, e1);

        v = Rfc5769Vectors.Request.ToArray();
        v[4] = 0;
        Assert.False(StunMessage.TryParse(v, out _, out StunParseError e2));
        Assert.Equal(StunParseError.BadMagicCookie, e2);

        v = Rfc5769Vectors.Request.ToArray();
        v[3] = 0x57;
        Assert.False(StunMessage.TryParse(v, out _, out StunParseError e3));
        Assert.Equal(StunParseError.LengthNotMultipleOfFour, e3);

        Assert.False(StunMessage.TryParse([.. Rfc5769Vectors.Request, 0, 0, 0, 0], out _, out StunParseError e4));
        Assert.Equal(StunParseError.LengthMismatch, e4);
    }

    [Fact]
    public void Rfc8489AttributeAfterFingerprintIsRefused()
    {
        var buf = new byte[64];
        var w = new StunWriter(buf, StunClass.Request, StunMethod.Binding, default);
        Assert.True(w.TryAddFingerprint());
        Assert.True(w.TryAddPriority(1));
        Assert.False(StunMessage.TryParse(w.Written, out _, out StunParseError e));
        Assert.Equal(StunParseError.BadFingerprint, e);
    }

    [Fact]
    public void Rfc8489TamperedBodyFailsIntegrityAndFingerprint()
    {
        byte[] v = Rfc5769Vectors.Request.ToArray();
        v[30] ^= 1; // inside SOFTWARE
        Assert.True(StunMessage.TryParse(v, out StunMessage m, out _));
        Assert.False(m.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBt"u8));
        Assert.False(m.VerifyFingerprint());
    }

    [Fact]
    public void Rfc8489UnknownComprehensionRequiredAttributesAreReportedAndOptionalOnesSkipped()
    {
        var buf = new byte[128];
        var w = new StunWriter(buf, StunClass.Request, StunMethod.Binding, new StunTransactionId(5, 6));
        Assert.True(w.TryAddAttribute(0xC001, [0, 0, 0, 1])); // Chrome's NOMINATION: optional, skipped
        Assert.True(w.TryAddAttribute(0x7F01, [1, 2]));
        Assert.True(w.TryAddAttribute(0x0042, default));
        Assert.True(w.TryAddAttribute(0x7F01, [3]));
        Assert.True(w.TryAddUsername("ab:cd"u8));
        Assert.True(StunMessage.TryParse(w.Written, out StunMessage m, out _));
        Assert.Equal(3, m.UnknownComprehensionRequiredCount);
        Span<ushort> unknown = stackalloc ushort[4];
        int n = m.CopyUnknownComprehensionRequired(unknown);
        Assert.Equal([0x7F01, 0x0042], unknown[..n].ToArray());
        Assert.True(m.TryGetUsername(out _));
    }

    [Fact]
    public void Rfc7983DemuxPrecheckTellsStunFromOtherDatagrams()
    {
        Assert.True(StunMessage.LooksLikeStun(Rfc5769Vectors.Request));
        Assert.False(StunMessage.LooksLikeStun([0x80, 0x60, 0, 1, 0x21, 0x12, 0xA4, 0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); // RTP
        Assert.False(StunMessage.LooksLikeStun([0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); // DTLS
        Assert.False(StunMessage.LooksLikeStun(Rfc5769Vectors.Request.AsSpan(0, 19)));
    }

    [Theory]
    [InlineData("ours:theirs", "ours", "theirs")]
    [InlineData("a:b", "a", "b")]
    public void Rfc8445UsernameSplits(string username, string ours, string theirs)
    {
        Assert.True(StunUsername.TrySplit(System.Text.Encoding.UTF8.GetBytes(username), out ReadOnlySpan<byte> o, out ReadOnlySpan<byte> t));
        Assert.Equal(ours, System.Text.Encoding.UTF8.GetString(o));
        Assert.Equal(theirs, System.Text.Encoding.UTF8.GetString(t));
    }

    [Theory]
    [InlineData("")]
    [InlineData("nocolon")]
    [InlineData(":theirs")]
    [InlineData("ours:")]
    [InlineData("a:b:c")]
    public void Rfc8445MalformedUsernameDoesNotSplit(string username)
    {
        Assert.False(StunUsername.TrySplit(System.Text.Encoding.UTF8.GetBytes(username), out _, out _));
    }
}
