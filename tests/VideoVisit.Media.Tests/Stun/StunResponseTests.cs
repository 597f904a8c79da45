using System.Net;
using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Tests.Stun;

public class StunResponseTests
{
    private static readonly byte[] Pwd = "0123456789abcdefghijklmn"u8.ToArray();

    [Theory]
    [InlineData("203.0.113.9", 50000)]
    [InlineData("2001:db8::42", 61000)]
    public void Rfc8445BindingSuccessCarriesSourceIntegrityAndFingerprint(string address, int port)
    {
        var tid = new StunTransactionId(0x0102030405060708, 0x090a0b0c);
        var source = StunEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse(address), port));
        var buf = new byte[128];
        int n = StunResponses.WriteBindingSuccess(buf, tid, source, Pwd);
        Assert.True(n > 0);
        Assert.True(StunMessage.TryParse(buf.AsSpan(0, n), out StunMessage m, out _));
        Assert.Equal(StunClass.SuccessResponse, m.Class);
        Assert.Equal(tid, m.TransactionId);
        Assert.True(m.TryGetXorMappedAddress(out StunEndpoint got));
        Assert.Equal(source, got);
        Assert.True(m.VerifyMessageIntegrity(Pwd));
        Assert.True(m.VerifyFingerprint());
    }

    [Theory]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(487, true)]
    public void Rfc8489BindingErrorResponsesCarryCodeAndReason(int code, bool withIntegrity)
    {
        var buf = new byte[128];
        int n = StunResponses.WriteBindingError(buf, new StunTransactionId(9, 9), code, withIntegrity ? Pwd : default);
        Assert.True(n > 0);
        Assert.True(StunMessage.TryParse(buf.AsSpan(0, n), out StunMessage m, out _));
        Assert.Equal(StunClass.ErrorResponse, m.Class);
        Assert.True(m.TryGetErrorCode(out int c, out ReadOnlySpan<byte> reason));
        Assert.Equal(code, c);
        Assert.True(reason.Length > 0);
        Assert.Equal(withIntegrity, m.HasMessageIntegrity);
        Assert.True(!withIntegrity || m.VerifyMessageIntegrity(Pwd));
        Assert.True(m.VerifyFingerprint());
    }

    [Fact]
    public void Rfc8489UnknownAttributeResponseListsTheUnknownTypes()
    {
        var buf = new byte[128];
        int n = StunResponses.WriteBindingError(buf, default, StunErrorCode.UnknownAttribute, default, [0x7F01, 0x0042]);
        Assert.True(StunMessage.TryParse(buf.AsSpan(0, n), out StunMessage m, out _));
        Assert.True(m.TryGetErrorCode(out int c, out _) && c == 420);
        Span<ushort> types = stackalloc ushort[4];
        Assert.Equal([0x7F01, 0x0042], types[..m.CopyUnknownAttributesList(types)].ToArray());
    }

    [Fact]
    public void StunResponseThatDoesNotFitReturnsZero()
    {
        var buf = new byte[40];
        Assert.Equal(0, StunResponses.WriteBindingSuccess(buf, default, StunEndpoint.FromIPv4(1, 2), Pwd));
        Assert.Equal(0, StunResponses.WriteBindingError(new byte[10], default, 400));
    }
}
