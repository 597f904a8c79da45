using System.Net;
using VideoVisit.Media.Ice;

namespace VideoVisit.Media.Tests.Ice;

/// <summary>Consent freshness (RFC 7675 §5.1), driven by the caller's clock.</summary>
public class IceConsentTests
{
    private static readonly IPEndPoint Browser = new(IPAddress.Parse("192.0.2.10"), 50_000);
    private static readonly IPEndPoint Other = new(IPAddress.Parse("192.0.2.11"), 50_001);

    private readonly CapturingSender _sender = new();
    private readonly List<IceConnectionState> _states = [];

    private (IceLiteSession Session, ChromeLikeClient Client) Connected(long consentTimeoutMs = 30_000)
    {
        var session = new IceLiteSession(IceCredentials.CreateLocal(), new IceLiteOptions { ConsentTimeoutMs = consentTimeoutMs });
        session.StateChanged += (_, s) => _states.Add(s);
        var client = ChromeLikeClient.For(session);
        Assert.Equal(IceBindingOutcome.Accepted, session.HandleBinding(client.Check(useCandidate: true), Browser, _sender, 0));
        return (session, client);
    }

    [Fact]
    public void Rfc7675ChecksEveryFiveSecondsKeepConsent()
    {
        (IceLiteSession session, ChromeLikeClient client) = Connected();
        var jitter = new Random(7675);
        long now = 0;
        while (now < 180_000)
        {
            now += jitter.Next(4_000, 6_000);
            session.HandleBinding(client.Check(), Browser, _sender, now);
            session.CheckConsent(now + 500);
        }

        Assert.Equal(IceConnectionState.Connected, session.State);
        Assert.Equal([IceConnectionState.Connected], _states);
    }

    [Fact]
    public void Rfc7675SilenceBeyondTheTimeoutDisconnectsAndANewCheckReconnects()
    {
        (IceLiteSession session, ChromeLikeClient client) = Connected();
        session.CheckConsent(29_999);
        Assert.Equal(IceConnectionState.Connected, session.State);
        Assert.True(session.IsAuthenticatedSource(Browser));

        session.CheckConsent(30_000);
        Assert.Equal(IceConnectionState.Disconnected, session.State);
        Assert.False(session.IsAuthenticatedSource(Browser));
        session.CheckConsent(31_000);
        Assert.Equal([IceConnectionState.Connected, IceConnectionState.Disconnected], _states);

        session.HandleBinding(client.Check(), Browser, _sender, 40_000);
        Assert.Equal(IceConnectionState.Connected, session.State);
        Assert.True(session.IsAuthenticatedSource(Browser));
        Assert.Equal([IceConnectionState.Connected, IceConnectionState.Disconnected, IceConnectionState.Connected], _states);
    }

    [Fact]
    public void Rfc7675ChecksFromAnotherAddressDoNotRefreshTheSelectedPair()
    {
        (IceLiteSession session, ChromeLikeClient client) = Connected();
        session.HandleBinding(client.Check(), Other, _sender, 20_000);
        session.CheckConsent(30_000);
        Assert.Equal(IceConnectionState.Disconnected, session.State);
        Assert.True(session.IsAuthenticatedSource(Other));

        // Only a nomination (or the selected address itself) brings it back.
        session.HandleBinding(client.Check(), Other, _sender, 31_000);
        Assert.Equal(IceConnectionState.Disconnected, session.State);
        session.HandleBinding(client.Check(useCandidate: true), Other, _sender, 32_000);
        Assert.Equal(IceConnectionState.Connected, session.State);
    }

    [Fact]
    public void Rfc7675FailedChecksDoNotRefreshConsent()
    {
        (IceLiteSession session, ChromeLikeClient client) = Connected();
        for (long t = 5_000; t < 30_000; t += 5_000)
        {
            session.HandleBinding(client.Check(pwd: "wrongwrongwrongwrongwrong"), Browser, _sender, t);
        }

        session.CheckConsent(30_000);
        Assert.Equal(IceConnectionState.Disconnected, session.State);
    }

    [Fact]
    public void ShortConsentTimeoutForALostSupervisorIsHonoured()
    {
        (IceLiteSession session, ChromeLikeClient client) = Connected(consentTimeoutMs: 5_000);
        session.HandleBinding(client.Check(), Browser, _sender, 4_000);
        session.CheckConsent(8_999);
        Assert.Equal(IceConnectionState.Connected, session.State);
        session.CheckConsent(9_000);
        Assert.Equal(IceConnectionState.Disconnected, session.State);
    }

    [Fact]
    public void ConsentTimeoutBelowOneCheckIntervalIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new IceLiteSession(IceCredentials.CreateLocal(), new IceLiteOptions { ConsentTimeoutMs = 4_999 }));

    [Fact]
    public void ClosedSessionStaysClosedThroughConsentTicks()
    {
        (IceLiteSession session, _) = Connected();
        session.Close();
        session.Close();
        session.CheckConsent(100_000);
        Assert.Equal(IceConnectionState.Closed, session.State);
        Assert.Equal([IceConnectionState.Connected, IceConnectionState.Closed], _states);
    }
}
