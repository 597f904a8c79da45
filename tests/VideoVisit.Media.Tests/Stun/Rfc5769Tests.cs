using System.Net;
using System.Security.Cryptography;
using System.Text;
using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Tests.Stun;

public class Rfc5769Tests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes(Rfc5769Vectors.ShortTermPassword);
    private static readonly StunTransactionId VectorTid = StunTransactionId.Read(Convert.FromHexString("b7e7a701bc34d686fa87dfae"));

    [Fact]
    public void Rfc5769SampleRequestParses()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Request, out StunMessage m, out StunParseError e), e.ToString());
        Assert.Equal(StunClass.Request, m.Class);
        Assert.Equal(StunMethod.Binding, m.Method);
        Assert.Equal(0x58, m.Length);
        Assert.Equal(VectorTid, m.TransactionId);
        Assert.True(m.TryGetUsername(out ReadOnlySpan<byte> user));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(user));
        Assert.True(m.TryGetSoftware(out ReadOnlySpan<byte> sw));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(sw));
        Assert.True(m.TryGetPriority(out uint priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(m.TryGetIceControlled(out ulong tie));
        Assert.Equal(0x932ff9b151263b36UL, tie);
        Assert.False(m.TryGetIceControlling(out _));
        Assert.False(m.HasUseCandidate);
        Assert.Equal(0, m.UnknownComprehensionRequiredCount);
    }

    [Fact]
    public void Rfc5769SampleRequestIntegrityAndFingerprintVerify()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Request, out StunMessage m, out _));
        Assert.True(m.VerifyMessageIntegrity(Key));
        Assert.True(m.VerifyFingerprint());
        Assert.False(m.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBu"u8));
    }

    [Fact]
    public void Rfc5769SampleRequestUsernameSplitsIntoOursAndTheirs()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Request, out StunMessage m, out _));
        Assert.True(m.TryGetUsername(out ReadOnlySpan<byte> user));
        Assert.True(StunUsername.TrySplit(user, out ReadOnlySpan<byte> ours, out ReadOnlySpan<byte> theirs));
        Assert.Equal("evtj", Encoding.UTF8.GetString(ours));
        Assert.Equal("h6vY", Encoding.UTF8.GetString(theirs));
    }

    [Fact]
    public void Rfc5769SampleRequestRewritesToIdenticalBytes()
    {
        var buffer = new byte[256];
        var w = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, VectorTid) { PaddingByte = 0x20 };
        Assert.True(w.TryAddSoftware("STUN test client"u8));
        Assert.True(w.TryAddPriority(0x6e0001ff));
        Assert.True(w.TryAddIceControlled(0x932ff9b151263b36));
        Assert.True(w.TryAddUsername("evtj:h6vY"u8));
        Assert.True(w.TryAddMessageIntegrity(Key));
        Assert.True(w.TryAddFingerprint());
        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.Request), Convert.ToHexString(w.Written));
    }

    [Fact]
    public void Rfc5769Ipv4ResponseParsesAndVerifies()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Ipv4Response, out StunMessage m, out StunParseError e), e.ToString());
        Assert.Equal(StunClass.SuccessResponse, m.Class);
        Assert.True(m.TryGetXorMappedAddress(out StunEndpoint ep));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), ep.ToIPEndPoint());
        Assert.True(m.VerifyMessageIntegrity(Key));
        Assert.True(m.VerifyFingerprint());
    }

    [Fact]
    public void Rfc5769Ipv6ResponseParsesAndVerifies()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Ipv6Response, out StunMessage m, out StunParseError e), e.ToString());
        Assert.True(m.TryGetXorMappedAddress(out StunEndpoint ep));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), ep.ToIPEndPoint());
        Assert.True(m.VerifyMessageIntegrity(Key));
        Assert.True(m.VerifyFingerprint());
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677")]
    public void Rfc5769ResponsesRewriteToIdenticalBytes(string address)
    {
        byte[] expected = address.Contains(':') ? Rfc5769Vectors.Ipv6Response : Rfc5769Vectors.Ipv4Response;
        var buffer = new byte[256];
        var w = new StunWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, VectorTid) { PaddingByte = 0x20 };
        Assert.True(w.TryAddSoftware("test vector"u8));
        Assert.True(w.TryAddXorMappedAddress(StunEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse(address), 32853))));
        Assert.True(w.TryAddMessageIntegrity(Key));
        Assert.True(w.TryAddFingerprint());
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(w.Written));
    }

    [Fact]
    public void Rfc5769LongTermRequestVerifiesWithMd5Key()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.LongTermRequest, out StunMessage m, out StunParseError e), e.ToString());
        Assert.True(m.TryGetUsername(out ReadOnlySpan<byte> user));
        Assert.Equal("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", Encoding.UTF8.GetString(user));
        Assert.True(m.TryGetRealm(out ReadOnlySpan<byte> realm));
        Assert.Equal("example.org", Encoding.UTF8.GetString(realm));
        Assert.True(m.TryGetNonce(out ReadOnlySpan<byte> nonce));
        Assert.Equal("f//499k954d6OL34oL9FSTvy64sA", Encoding.UTF8.GetString(nonce));
        Assert.False(m.HasFingerprint);

        // RFC 5769 §2.4: the password "The<U+00AD>M<U+00AA>tr<U+2168>" is "TheMatrIX" after SASLprep.
        // RFC 8489 §9.2.2: key = MD5(username ":" realm ":" password).
        byte[] key = MD5.HashData(Encoding.UTF8.GetBytes("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9:example.org:TheMatrIX"));
        Assert.True(m.VerifyMessageIntegrity(key));
        Assert.False(m.VerifyMessageIntegrity(Key));
    }
}
