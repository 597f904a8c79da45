using System.Net;
using CsCheck;
using VideoVisit.Media.Ice;
using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Tests.Ice;

/// <summary>Truncated and garbage datagrams are dropped with a reason; nothing crashes, nothing is validated.</summary>
public class IceMalformedInputTests
{
    private static readonly IPEndPoint Browser = new(IPAddress.Parse("192.0.2.10"), 50_000);

    [Fact]
    public void Rfc8489CheckTruncatedAtEveryLengthIsDroppedUnanswered()
    {
        var session = new IceLiteSession(IceCredentials.CreateLocal());
        var sender = new CapturingSender();
        byte[] check = ChromeLikeClient.For(session).Check(useCandidate: true);
        for (int n = 0; n < check.Length; n++)
        {
            IceBindingOutcome outcome = session.HandleBinding(check.AsSpan(0, n), Browser, sender, 0);
            Assert.True(outcome is IceBindingOutcome.Malformed or IceBindingOutcome.BadFingerprint, $"length {n}: {outcome}");
        }

        Assert.Equal(0, sender.Count);
        Assert.False(session.IsAuthenticatedSource(Browser));
        Assert.Equal(IceBindingOutcome.Accepted, session.HandleBinding(check, Browser, sender, 0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("80c8000600000001")] // RTCP SR header
    [InlineData("16fefd0000000000000000")] // DTLS record header
    [InlineData("000100002112a442000000000000000000000000")] // Binding request with no attributes
    [InlineData("000100002112a443000000000000000000000000")] // RFC 3489-style cookie
    public void NonChecksAreDroppedUnanswered(string hex)
    {
        var registry = new IceSessionRegistry();
        IceLiteSession session = registry.CreateSession();
        var sender = new CapturingSender();
        Assert.NotEqual(IceBindingOutcome.Accepted, registry.Dispatch(Convert.FromHexString(hex), Browser, sender, 0));
        Assert.NotEqual(IceBindingOutcome.Accepted, session.HandleBinding(Convert.FromHexString(hex), Browser, sender, 0));
        Assert.Equal(0, sender.Count);
        Assert.False(session.IsAuthenticatedSource(Browser));
    }

    [Fact]
    public void Rfc5769SampleRequestIsNotOursAndIsDropped()
    {
        // RFC 5769 §2.1 is a valid check for ufrag "evtj"; no session here has it.
        var registry = new IceSessionRegistry();
        registry.CreateSession();
        var sender = new CapturingSender();
        Assert.Equal(IceBindingOutcome.NotOurs, registry.Dispatch(Stun.Rfc5769Vectors.Request, Browser, sender, 0));
        Assert.Equal(0, sender.Count);
    }

    [Fact]
    public void Rfc8445SuccessResponseMirrorsAnySourceAddress()
    {
        var session = new IceLiteSession(IceCredentials.CreateLocal());
        var client = ChromeLikeClient.For(session);
        var sender = new CapturingSender();
        Gen<IPEndPoint> genSource = Gen.OneOf(
            Gen.Select(Gen.Byte.Array[4], Gen.Int[1, 65535], (a, p) => new IPEndPoint(new IPAddress(a), p)),
            Gen.Select(Gen.Byte.Array[16], Gen.Int[1, 65535], (a, p) => new IPEndPoint(new IPAddress(a), p)));
        genSource.Sample(source =>
        {
            Assert.Equal(IceBindingOutcome.Accepted, session.HandleBinding(client.Check(), source, sender, 0));
            Assert.True(StunMessage.TryParse(sender.Last, out StunMessage response, out _));
            Assert.True(response.TryGetXorMappedAddress(out StunEndpoint mapped));
            Assert.True(IceEndpoint.TryFrom(source, out StunEndpoint expected));
            Assert.Equal(expected, mapped);
            Assert.True(session.IsAuthenticatedSource(source));
        }, iter: 500, threads: 1); // one session and one capturing sender are shared by the samples: no parallel sampling
    }
}
