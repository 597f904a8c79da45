using System.Net;
using VideoVisit.Media.Ice;

namespace VideoVisit.Media.Tests.Ice;

/// <summary>The socket loop, the consent tick and signalling touch one session at once.</summary>
public class IceSessionConcurrencyTests
{
    [Fact]
    public async Task ChecksConsentTicksAndLookupsInParallelKeepTheSessionConsistent()
    {
        var session = new IceLiteSession(IceCredentials.CreateLocal(), new IceLiteOptions { MaxValidatedAddresses = 4 });
        var client = ChromeLikeClient.For(session);
        IPEndPoint[] sources = Enumerable.Range(0, 6).Select(i => new IPEndPoint(IPAddress.Parse($"192.0.2.{i + 1}"), 50_000 + i)).ToArray();
        byte[] nominate = client.Check(useCandidate: true);
        byte[] plain = client.Check();
        int stateEvents = 0, failures = 0;
        session.StateChanged += (_, _) => Interlocked.Increment(ref stateEvents);

        Task[] loops = Enumerable.Range(0, 3).Select(t => Task.Run(() =>
        {
            var sender = new CapturingSender();
            for (int i = 0; i < 3_000; i++)
            {
                IPEndPoint from = sources[(i + t) % sources.Length];
                if (session.HandleBinding(i % 10 == 0 ? nominate : plain, from, sender, nowMs: i) != IceBindingOutcome.Accepted)
                {
                    Interlocked.Increment(ref failures);
                }

                _ = session.IsAuthenticatedSource(sources[i % sources.Length]);
            }
        })).ToArray();
        Task ticker = Task.Run(() =>
        {
            for (int i = 0; i < 3_000; i++)
            {
                session.CheckConsent(i);
                Assert.True(session.ValidatedAddresses().Count <= 4);
            }
        });

        await Task.WhenAll([.. loops, ticker]);
        Assert.Equal(0, failures);
        Assert.Equal(IceConnectionState.Connected, session.State);
        Assert.NotNull(session.Selected);
        Assert.True(session.IsAuthenticatedSource(session.SelectedEndPoint!));
        Assert.True(stateEvents >= 1);
    }
}
