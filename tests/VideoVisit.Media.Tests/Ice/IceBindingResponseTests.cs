using System.Net;
using System.Text;
using VideoVisit.Media.Ice;
using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Tests.Ice;

/// <summary>How the lite agent answers checks (RFC 8445 §7.3, RFC 8489 §6.3, §9.1.3).</summary>
public class IceBindingResponseTests
{
    private static readonly IPEndPoint Browser = new(IPAddress.Parse("192.0.2.10"), 50_000);
    private static readonly IPEndPoint BrowserV6 = new(IPAddress.Parse("2001:db8::10"), 50_002);

    private readonly IceLiteSession _session = new(IceCredentials.CreateLocal());
    private readonly CapturingSender _sender = new();
    private readonly ChromeLikeClient _client;

    public IceBindingResponseTests() => _client = ChromeLikeClient.For(_session);

    private byte[] OurPwd => Encoding.ASCII.GetBytes(_session.LocalCredentials.Password);

    private IceBindingOutcome Send(byte[] request, IPEndPoint? from = null) =>
        _session.HandleBinding(request, from ?? Browser, _sender, nowMs: 1_000);

    [Theory]
    [InlineData("192.0.2.10", 50_000)]
    [InlineData("2001:db8::10", 50_002)]
    public void Rfc8445AuthenticatedCheckGetsSuccessWithSourceAsXorMappedAddressSignedWithOurPwd(string ip, int port)
    {
        var source = new IPEndPoint(IPAddress.Parse(ip), port);
        Assert.Equal(IceBindingOutcome.Accepted, Send(_client.Check(), source));

        Assert.Equal(1, _sender.Count);
        Assert.Same(source, _sender.LastDestination);
        Assert.True(StunMessage.TryParse(_sender.Last, out StunMessage response, out _));
        Assert.Equal(StunClass.SuccessResponse, response.Class);
        Assert.Equal(StunMethod.Binding, response.Method);
        Assert.Equal(_client.LastTransactionId, response.TransactionId);
        Assert.True(response.TryGetXorMappedAddress(out StunEndpoint mapped));
        Assert.Equal(source, mapped.ToIPEndPoint());
        Assert.True(response.VerifyMessageIntegrity(OurPwd));
        Assert.False(response.VerifyMessageIntegrity("not-our-password-at-all"u8));
        Assert.True(response.VerifyFingerprint());
        Assert.True(_session.IsAuthenticatedSource(source));
    }

    [Fact]
    public void Rfc8445DualStackSocketSourceIsAnsweredAsTheIPv4ThePeerSees()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.10"), 50_000);
        Assert.Equal(IceBindingOutcome.Accepted, Send(_client.Check(), mapped));
        Assert.True(StunMessage.TryParse(_sender.Last, out StunMessage response, out _));
        Assert.True(response.TryGetXorMappedAddress(out StunEndpoint xor));
        Assert.Equal(StunAddressFamily.IPv4, xor.Family);
        Assert.Equal(Browser, xor.ToIPEndPoint());
        Assert.True(_session.IsAuthenticatedSource(Browser));
    }

    [Fact]
    public void Rfc8489WrongPasswordEarns401WithoutIntegrityAndValidatesNothing()
    {
        Assert.Equal(IceBindingOutcome.Unauthorized, Send(_client.Check(pwd: "wrongwrongwrongwrongwrong")));
        AssertError(StunErrorCode.Unauthorized, signed: false);
        Assert.False(_session.IsAuthenticatedSource(Browser));
        Assert.Equal(IceConnectionState.New, _session.State);
    }

    [Fact]
    public void Rfc8445CheckForAnotherUfragIsDroppedUnanswered()
    {
        Assert.Equal(IceBindingOutcome.NotOurs, Send(_client.Check(serverUfrag: "someoneElse")));
        Assert.Equal(0, _sender.Count);
        Assert.False(_session.IsAuthenticatedSource(Browser));
    }

    [Fact]
    public void Rfc8445RemoteUfragMustMatchTheSignalledOneOnceKnown()
    {
        Assert.True(IceCredentials.TryCreateRemote("BrWs", "remotepasswordremotepass", out IceCredentials? remote));
        _session.SetRemoteCredentials(remote!);
        Assert.Equal(IceBindingOutcome.Unauthorized, Send(_client.Check(browserUfrag: "Othr")));
        AssertError(StunErrorCode.Unauthorized, signed: false);
        Assert.False(_session.IsAuthenticatedSource(Browser));
        Assert.Equal(IceBindingOutcome.Accepted, Send(_client.Check()));
    }

    [Fact]
    public void Rfc8445CheckWithoutFingerprintIsDroppedUnanswered()
    {
        Assert.Equal(IceBindingOutcome.BadFingerprint, Send(_client.Check(fingerprint: false)));
        Assert.Equal(0, _sender.Count);
        Assert.False(_session.IsAuthenticatedSource(Browser));
    }

    [Fact]
    public void Rfc8489CheckWithBrokenFingerprintIsDroppedUnanswered()
    {
        byte[] request = _client.Check();
        request[^1] ^= 0x01;
        Assert.Equal(IceBindingOutcome.BadFingerprint, Send(request));
        Assert.Equal(0, _sender.Count);
    }

    [Fact]
    public void Rfc8489CheckWithoutIntegrityEarns400WithoutIntegrity()
    {
        Assert.Equal(IceBindingOutcome.BadRequest, Send(_client.Check(integrity: false)));
        AssertError(StunErrorCode.BadRequest, signed: false);
        Assert.False(_session.IsAuthenticatedSource(Browser));
    }

    [Fact]
    public void Rfc8489CheckWithoutUsernameCannotBeTiedToASessionAndIsDropped()
    {
        Assert.Equal(IceBindingOutcome.NoUsername, Send(_client.Check(username: false)));
        Assert.Equal(0, _sender.Count);
        Assert.False(_session.IsAuthenticatedSource(Browser));
    }

    [Fact]
    public void Rfc8489UnknownRequiredAttributeEarns420ListingItSignedWithOurPwd()
    {
        Assert.Equal(IceBindingOutcome.UnknownAttribute, Send(_client.Check(extraAttribute: 0x0042)));
        StunMessage response = AssertError(StunErrorCode.UnknownAttribute, signed: true);
        Span<ushort> listed = stackalloc ushort[4];
        Assert.Equal(1, response.CopyUnknownAttributesList(listed));
        Assert.Equal(0x0042, listed[0]);
        Assert.False(_session.IsAuthenticatedSource(Browser));
    }

    [Fact]
    public void Rfc8489UnknownRequiredAttributeInAnUnauthenticatedCheckEarnsOnly401()
    {
        // RFC 8489 §6.3: attributes are judged after authentication, so a stranger learns nothing about our codec.
        Assert.Equal(IceBindingOutcome.Unauthorized, Send(_client.Check(extraAttribute: 0x0042, pwd: "wrongwrongwrongwrongwrong")));
        AssertError(StunErrorCode.Unauthorized, signed: false);
    }

    [Fact]
    public void Rfc8489UnknownOptionalAttributesLikeChromesAreIgnored()
    {
        Assert.Equal(IceBindingOutcome.Accepted, Send(_client.Check(extraAttribute: 0xC001)));
    }

    [Fact]
    public void Rfc8445PeerClaimingControlledRoleEarns487AndIsNotNominated()
    {
        Assert.Equal(IceBindingOutcome.RoleConflict, Send(_client.Check(controlled: true, useCandidate: true)));
        AssertError(StunErrorCode.RoleConflict, signed: true);
        Assert.False(_session.IsAuthenticatedSource(Browser));
        Assert.Null(_session.Selected);
    }

    [Fact]
    public void Rfc8489ResponsesAndIndicationsAreNotAnswered()
    {
        byte[] response = new byte[128];
        int n = StunResponses.WriteBindingSuccess(response, new StunTransactionId(1, 2), StunEndpoint.FromIPEndPoint(Browser), OurPwd);
        Assert.Equal(IceBindingOutcome.NotBindingRequest, Send(response[..n]));

        var indication = new byte[64];
        var w = new StunWriter(indication, StunClass.Indication, StunMethod.Binding, new StunTransactionId(3, 4));
        Assert.True(w.TryAddFingerprint());
        Assert.Equal(IceBindingOutcome.NotBindingRequest, Send(indication[..w.Length]));
        Assert.Equal(0, _sender.Count);
    }

    [Fact]
    public void Rfc8445ClosedSessionAnswersNothing()
    {
        _session.Close();
        Assert.Equal(IceBindingOutcome.Closed, Send(_client.Check(useCandidate: true)));
        Assert.Equal(0, _sender.Count);
        Assert.False(_session.IsAuthenticatedSource(Browser));
        Assert.Equal(IceConnectionState.Closed, _session.State);
    }

    private StunMessage AssertError(int code, bool signed)
    {
        Assert.Equal(1, _sender.Count);
        Assert.True(StunMessage.TryParse(_sender.Last, out StunMessage response, out _));
        Assert.Equal(StunClass.ErrorResponse, response.Class);
        Assert.Equal(_client.LastTransactionId, response.TransactionId);
        Assert.True(response.TryGetErrorCode(out int actual, out _));
        Assert.Equal(code, actual);
        Assert.True(response.VerifyFingerprint());
        Assert.Equal(signed, response.HasMessageIntegrity);
        if (signed)
        {
            Assert.True(response.VerifyMessageIntegrity(OurPwd));
        }

        Assert.False(response.TryGetXorMappedAddress(out _));
        return response;
    }
}
