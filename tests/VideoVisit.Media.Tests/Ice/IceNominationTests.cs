using System.Net;
using VideoVisit.Media.Ice;
using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Tests.Ice;

/// <summary>Validated addresses and the selected pair (RFC 8445 §7.3.1.5, §8.1; docs/media.md, ICE-lite).</summary>
public class IceNominationTests
{
    private static readonly IPEndPoint Wifi = new(IPAddress.Parse("192.0.2.10"), 50_000);
    private static readonly IPEndPoint Cellular = new(IPAddress.Parse("198.51.100.7"), 61_000);
    private static readonly IPEndPoint Stranger = new(IPAddress.Parse("203.0.113.99"), 50_000);

    private readonly IceLiteSession _session = new(IceCredentials.CreateLocal());
    private readonly CapturingSender _sender = new();
    private readonly ChromeLikeClient _client;
    private readonly List<IceConnectionState> _states = [];
    private readonly List<StunEndpoint> _selections = [];

    public IceNominationTests()
    {
        _client = ChromeLikeClient.For(_session);
        _session.StateChanged += (_, s) => _states.Add(s);
        _session.SelectedChanged += (_, e) => _selections.Add(e);
    }

    [Fact]
    public void Rfc8445FirstAuthenticatedCheckMovesNewToCheckingWithoutSelecting()
    {
        Assert.Equal(IceConnectionState.New, _session.State);
        Assert.Equal(IceBindingOutcome.Accepted, _session.HandleBinding(_client.Check(), Wifi, _sender, 0));
        Assert.Equal(IceConnectionState.Checking, _session.State);
        Assert.Null(_session.Selected);
        Assert.Equal([IceConnectionState.Checking], _states);
        Assert.True(_session.IsAuthenticatedSource(Wifi));
    }

    [Fact]
    public void Rfc8445UseCandidateSelectsThePairAndConnects()
    {
        _session.HandleBinding(_client.Check(), Wifi, _sender, 0);
        _session.HandleBinding(_client.Check(useCandidate: true), Wifi, _sender, 10);
        Assert.Equal(IceConnectionState.Connected, _session.State);
        Assert.Equal(StunEndpoint.FromIPEndPoint(Wifi), _session.Selected);
        Assert.Equal(Wifi, _session.SelectedEndPoint);
        Assert.NotSame(Wifi, _session.SelectedEndPoint);
        Assert.Equal([IceConnectionState.Checking, IceConnectionState.Connected], _states);
        Assert.Equal([StunEndpoint.FromIPEndPoint(Wifi)], _selections);
    }

    [Fact]
    public void Rfc8445AggressiveNominationRaisesEventsOnlyOnChange()
    {
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(IceBindingOutcome.Accepted, _session.HandleBinding(_client.Check(useCandidate: true), Wifi, _sender, i * 100));
        }

        Assert.Equal(10, _sender.Count);
        Assert.Equal([IceConnectionState.Connected], _states);
        Assert.Single(_selections);
    }

    [Fact]
    public void Rfc8445LaterNominationFromAnotherAddressReplacesTheSelectedPair()
    {
        _session.HandleBinding(_client.Check(useCandidate: true), Wifi, _sender, 0);
        _session.HandleBinding(_client.Check(), Cellular, _sender, 100);
        Assert.Equal(StunEndpoint.FromIPEndPoint(Wifi), _session.Selected);

        _session.HandleBinding(_client.Check(useCandidate: true), Cellular, _sender, 200);
        Assert.Equal(StunEndpoint.FromIPEndPoint(Cellular), _session.Selected);
        Assert.Equal([StunEndpoint.FromIPEndPoint(Wifi), StunEndpoint.FromIPEndPoint(Cellular)], _selections);
        Assert.Equal(Cellular, _session.SelectedEndPoint);
        Assert.Equal([IceConnectionState.Connected], _states);

        // Both stay acceptable for DTLS/SRTP: browsers send from several validated addresses.
        Assert.True(_session.IsAuthenticatedSource(Wifi));
        Assert.True(_session.IsAuthenticatedSource(Cellular));
        Assert.False(_session.IsAuthenticatedSource(Stranger));
    }

    [Fact]
    public void Rfc8445FailedCheckNeverNominates()
    {
        _session.HandleBinding(_client.Check(useCandidate: true), Wifi, _sender, 0);
        _session.HandleBinding(_client.Check(useCandidate: true, pwd: "wrongwrongwrongwrongwrong"), Stranger, _sender, 10);
        Assert.Equal(StunEndpoint.FromIPEndPoint(Wifi), _session.Selected);
        Assert.False(_session.IsAuthenticatedSource(Stranger));
    }

    [Fact]
    public void ValidatedAddressTableEvictsTheLongestSilentButNeverTheSelected()
    {
        var session = new IceLiteSession(IceCredentials.CreateLocal(), new IceLiteOptions { MaxValidatedAddresses = 2 });
        var client = ChromeLikeClient.For(session);
        session.HandleBinding(client.Check(useCandidate: true), Wifi, _sender, 0);
        session.HandleBinding(client.Check(), Cellular, _sender, 10);
        session.HandleBinding(client.Check(), Stranger, _sender, 20);
        Assert.True(session.IsAuthenticatedSource(Wifi));
        Assert.False(session.IsAuthenticatedSource(Cellular));
        Assert.True(session.IsAuthenticatedSource(Stranger));
        Assert.Equal(2, session.ValidatedAddresses().Count);
    }
}
