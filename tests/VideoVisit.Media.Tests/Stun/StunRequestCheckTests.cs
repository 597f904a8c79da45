using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Tests.Stun;

public class StunRequestCheckTests
{
    private static readonly byte[] Pwd = "VOkJxbRl1RmTxUk/WvJxBt"u8.ToArray();

    private static byte[] Request(bool username = true, bool integrity = true, bool fingerprint = true, ushort extra = 0)
    {
        var buf = new byte[256];
        var w = new StunWriter(buf, StunClass.Request, StunMethod.Binding, new StunTransactionId(1, 2));
        if (extra != 0)
        {
            w.TryAddAttribute(extra, [1, 2, 3, 4]);
        }

        if (username)
        {
            w.TryAddUsername("evtj:h6vY"u8);
        }

        if (integrity)
        {
            w.TryAddMessageIntegrity(Pwd);
        }

        if (fingerprint)
        {
            w.TryAddFingerprint();
        }

        return w.Written.ToArray();
    }

    private static StunRequestVerdict Check(byte[] datagram, byte[] key)
    {
        Assert.True(StunMessage.TryParse(datagram, out StunMessage m, out _));
        StunRequestVerdict v = StunRequestCheck.Precheck(m, out ReadOnlySpan<byte> ours, out _);
        if (v != StunRequestVerdict.Accept)
        {
            return v;
        }

        Assert.True(ours.SequenceEqual("evtj"u8));
        return StunRequestCheck.Authenticate(m, key);
    }

    [Fact]
    public void Rfc5769SampleRequestIsAccepted() => Assert.Equal(StunRequestVerdict.Accept, Check(Rfc5769Vectors.Request, Pwd));

    [Fact]
    public void Rfc8445RequestWithoutFingerprintIsDropped() => Assert.Equal(StunRequestVerdict.Drop, Check(Request(fingerprint: false), Pwd));

    [Fact]
    public void Rfc8489ResponseIsNotTreatedAsARequest() => Assert.Equal(StunRequestVerdict.Drop, Check(Rfc5769Vectors.Ipv4Response, Pwd));

    [Fact]
    public void Rfc8489UnknownRequiredAttributeEarns420() =>
        Assert.Equal(StunRequestVerdict.UnknownAttribute, Check(Request(extra: 0x0042), Pwd));

    [Fact]
    public void Rfc8489UnknownOptionalAttributeIsIgnored() =>
        Assert.Equal(StunRequestVerdict.Accept, Check(Request(extra: 0xC057), Pwd));

    [Fact]
    public void Rfc8489MissingUsernameOrIntegrityEarns400()
    {
        Assert.Equal(StunRequestVerdict.BadRequest, Check(Request(username: false), Pwd));
        Assert.Equal(StunRequestVerdict.BadRequest, Check(Request(integrity: false), Pwd));
    }

    [Fact]
    public void Rfc8489WrongKeyOrUnknownUserEarns401()
    {
        Assert.Equal(StunRequestVerdict.Unauthorized, Check(Request(), "not-the-password-at-all"u8.ToArray()));
        Assert.Equal(StunRequestVerdict.Unauthorized, Check(Request(), []));
    }
}
