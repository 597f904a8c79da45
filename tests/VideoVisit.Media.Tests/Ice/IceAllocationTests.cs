using System.Net;
using VideoVisit.Media.Ice;
using VideoVisit.Testing;

namespace VideoVisit.Media.Tests.Ice;

/// <summary>Steady-state checks (consent every ~5 s per connection, nominations) allocate nothing.</summary>
public class IceAllocationTests
{
    [Fact]
    public void SteadyStateChecksThroughTheRegistryAllocateNothing()
    {
        var registry = new IceSessionRegistry();
        for (int i = 0; i < 50; i++)
        {
            registry.CreateSession();
        }

        IceLiteSession session = registry.CreateSession();
        var v4 = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 50_000);
        var v6 = new IPEndPoint(IPAddress.Parse("2001:db8::10"), 50_002);
        var mapped = new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.11"), 50_004);
        var client = ChromeLikeClient.For(session);
        byte[][] requests =
        [
            client.Check(useCandidate: true), client.Check(), client.Check(extraAttribute: 0xC001),
            client.Check(pwd: "wrongwrongwrongwrongwrong"), client.Check(extraAttribute: 0x0042), client.Check(integrity: false),
            client.Check(controlled: true), client.Check(serverUfrag: "Unknown1"),
        ];
        IPEndPoint[] sources = [v4, v6, mapped];
        var sender = new CapturingSender();
        int accepted = 0;

        void Round(long now)
        {
            for (int r = 0; r < requests.Length; r++)
            {
                IPEndPoint from = sources[r % sources.Length];
                if (registry.Dispatch(requests[r], from, sender, now) == IceBindingOutcome.Accepted)
                {
                    accepted++;
                }

                accepted += session.IsAuthenticatedSource(from) ? 1 : 0;
            }

            session.CheckConsent(now);
        }

        int next = 0;
        long allocated = Allocations.Measure(n =>
        {
            for (int end = next + n; next < end; next++)
            {
                Round(next);
            }
        }, 5_000);
        Assert.True(accepted > 0);
        Assert.True(sender.Count >= 5_200 * 6);
        Assert.Equal(0, allocated);
    }
}
