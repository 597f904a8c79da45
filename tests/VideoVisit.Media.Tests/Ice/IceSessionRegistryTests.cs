using System.Net;
using System.Text;
using VideoVisit.Media.Ice;

namespace VideoVisit.Media.Tests.Ice;

/// <summary>One port for every PeerConnection: routing by our ufrag (RFC 8445 §7.2.2) and ICE restart (§9).</summary>
public class IceSessionRegistryTests
{
    private static readonly IPEndPoint Browser = new(IPAddress.Parse("192.0.2.10"), 50_000);

    private readonly IceSessionRegistry _registry = new(restartGraceMs: 5_000);
    private readonly CapturingSender _sender = new();

    [Fact]
    public void ChecksAreRoutedToTheSessionNamedByOurUfrag()
    {
        IceLiteSession publish = _registry.CreateSession();
        IceLiteSession subscribe = _registry.CreateSession();
        Assert.NotEqual(publish.LocalCredentials.Ufrag, subscribe.LocalCredentials.Ufrag);

        Assert.Equal(IceBindingOutcome.Accepted,
            _registry.Dispatch(ChromeLikeClient.For(subscribe).Check(useCandidate: true), Browser, _sender, 0, out IceLiteSession? routed));
        Assert.Same(subscribe, routed);
        Assert.Equal(IceConnectionState.Connected, subscribe.State);
        Assert.Equal(IceConnectionState.New, publish.State);
        Assert.False(publish.IsAuthenticatedSource(Browser));
    }

    [Fact]
    public void ChecksForUnknownUfragsAreDroppedUnanswered()
    {
        _registry.CreateSession();
        var stranger = new ChromeLikeClient("NoSuchUfrag", "whateverwhateverwhatever");
        Assert.Equal(IceBindingOutcome.NotOurs, _registry.Dispatch(stranger.Check(), Browser, _sender, 0));
        Assert.Equal(IceBindingOutcome.NotOurs, _registry.Dispatch(stranger.Check(serverUfrag: "bad\u00e9ufrag"), Browser, _sender, 0));
        Assert.Equal(IceBindingOutcome.NotOurs, _registry.Dispatch(stranger.Check(serverUfrag: "abc"), Browser, _sender, 0));
        Assert.Equal(IceBindingOutcome.NotOurs, _registry.Dispatch(stranger.Check(serverUfrag: new string('a', 257)), Browser, _sender, 0));
        Assert.Equal(0, _sender.Count);
    }

    [Fact]
    public void LookupFromUsernameBytesFindsTheSameSessionAsTheString()
    {
        IceLiteSession session = _registry.CreateSession();
        Assert.True(_registry.TryGet(Encoding.ASCII.GetBytes(session.LocalCredentials.Ufrag), out IceLiteSession? bySpan));
        Assert.True(_registry.TryGet(session.LocalCredentials.Ufrag, out IceLiteSession? byString));
        Assert.Same(session, bySpan);
        Assert.Same(session, byString);
        Assert.False(_registry.TryGet(Encoding.ASCII.GetBytes(session.LocalCredentials.Ufrag.ToLowerInvariant() + "x"), out _));
    }

    [Fact]
    public void DuplicateUfragIsRefused()
    {
        IceLiteSession session = _registry.CreateSession();
        Assert.False(_registry.TryAdd(new IceLiteSession(session.LocalCredentials)));
    }

    [Fact]
    public void Rfc8445IceRestartKeepsTheOldUfragDuringGraceThenHandsOver()
    {
        IceLiteSession session = _registry.CreateSession();
        ChromeLikeClient before = ChromeLikeClient.For(session);
        Assert.Equal(IceBindingOutcome.Accepted, _registry.Dispatch(before.Check(useCandidate: true), Browser, _sender, 0));

        IceCredentials next = _registry.Restart(session, nowMs: 1_000);
        Assert.NotEqual(before.ServerUfrag, next.Ufrag);
        Assert.NotEqual(before.ServerPwd, next.Password);
        Assert.Same(next, session.LocalCredentials);
        Assert.Equal(2, _registry.Count);

        var after = new ChromeLikeClient(next.Ufrag, next.Password, "NewB");
        Assert.Equal(IceBindingOutcome.Accepted, _registry.Dispatch(before.Check(), Browser, _sender, 2_000));
        Assert.Equal(IceBindingOutcome.Accepted, _registry.Dispatch(after.Check(useCandidate: true), Browser, _sender, 2_000));
        // The old pwd does not open the new ufrag.
        Assert.Equal(IceBindingOutcome.Unauthorized,
            _registry.Dispatch(after.Check(pwd: before.ServerPwd), Browser, _sender, 2_000));

        _registry.Sweep(5_999);
        Assert.Equal(IceBindingOutcome.Accepted, _registry.Dispatch(before.Check(), Browser, _sender, 5_999));
        _registry.Sweep(6_000);
        Assert.Equal(1, _registry.Count);
        Assert.Equal(IceBindingOutcome.NotOurs, _registry.Dispatch(before.Check(), Browser, _sender, 6_000));
        // Even handed straight to the session the old ufrag is no longer its own.
        Assert.Equal(IceBindingOutcome.NotOurs, session.HandleBinding(before.Check(), Browser, _sender, 6_000));
        Assert.Equal(IceBindingOutcome.Accepted, _registry.Dispatch(after.Check(), Browser, _sender, 6_000));
        Assert.Equal(IceConnectionState.Connected, session.State);
    }

    [Fact]
    public void RemovingASessionUnregistersCurrentAndRetiringUfrags()
    {
        IceLiteSession session = _registry.CreateSession();
        IceLiteSession other = _registry.CreateSession();
        _registry.Restart(session, 0);
        Assert.Equal(3, _registry.Count);
        _registry.Remove(session);
        Assert.Equal(1, _registry.Count);
        Assert.True(_registry.TryGet(other.LocalCredentials.Ufrag, out _));
    }

    [Fact]
    public async Task ParallelAddRemoveAndLookupStayConsistent()
    {
        IceLiteSession resident = _registry.CreateSession();
        byte[] residentCheck = ChromeLikeClient.For(resident).Check(useCandidate: true);
        byte[] residentUfrag = Encoding.ASCII.GetBytes(resident.LocalCredentials.Ufrag);
        using var stop = new CancellationTokenSource();
        int misses = 0, lookups = 0, churned = 0;

        Task[] churners = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                IceLiteSession s = _registry.CreateSession();
                if (!_registry.TryGet(Encoding.ASCII.GetBytes(s.LocalCredentials.Ufrag), out IceLiteSession? found) || found != s)
                {
                    Interlocked.Increment(ref misses);
                }

                if (i % 3 == 0)
                {
                    _registry.Restart(s, i);
                    _registry.Sweep(i + 10_000);
                }

                _registry.Remove(s);
                Interlocked.Increment(ref churned);
            }
        })).ToArray();

        Task reader = Task.Run(() =>
        {
            var sender = new CapturingSender();
            while (!stop.IsCancellationRequested)
            {
                if (!_registry.TryGet(residentUfrag, out IceLiteSession? s) || s != resident
                    || _registry.Dispatch(residentCheck, Browser, sender, 0) != IceBindingOutcome.Accepted)
                {
                    Interlocked.Increment(ref misses);
                }

                Interlocked.Increment(ref lookups);
            }
        });

        await Task.WhenAll(churners);
        await stop.CancelAsync();
        await reader;
        Assert.Equal(0, misses);
        Assert.Equal(4_000, churned);
        Assert.True(lookups > 0);
        Assert.Equal(1, _registry.Count);
    }
}
