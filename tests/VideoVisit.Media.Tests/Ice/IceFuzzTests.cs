using System.Buffers.Binary;
using System.Net;
using VideoVisit.Media.Ice;
using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Tests.Ice;

/// <summary>
/// Random and mutated checks through the registry: nothing throws, and nothing but an intact authenticated check
/// validates an address. A mutated check that still authenticated would need a CRC-32 and an HMAC-SHA1 forgery.
/// </summary>
[Trait("Category", "Fuzz")]
public class IceFuzzTests
{
    private static int Inputs() =>
        int.TryParse(Environment.GetEnvironmentVariable("VIDEOVISIT_FUZZ_INPUTS"), out int n) && n > 0 ? n : 20_000;

    [Fact]
    public void Rfc8445AgentSurvivesRandomDatagrams()
    {
        var registry = new IceSessionRegistry();
        IceLiteSession session = registry.CreateSession();
        var sender = new CapturingSender();
        var rng = new Random(8445);
        var buf = new byte[600];
        var source = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 50_000);
        int inputs = Inputs();
        for (int i = 0; i < inputs; i++)
        {
            int n = rng.Next(buf.Length);
            rng.NextBytes(buf.AsSpan(0, n));
            if (n >= 20 && rng.Next(2) == 0)
            {
                // A plausible Binding request header, so the attribute and routing code is reached.
                BinaryPrimitives.WriteUInt16BigEndian(buf, 0x0001);
                BinaryPrimitives.WriteUInt16BigEndian(buf.AsSpan(2), (ushort)((n - 20) & ~3));
                BinaryPrimitives.WriteUInt32BigEndian(buf.AsSpan(4), StunConstants.MagicCookie);
                n = 20 + ((n - 20) & ~3);
            }

            IceBindingOutcome outcome = registry.Dispatch(buf.AsSpan(0, n), source, sender, i);
            Assert.NotEqual(IceBindingOutcome.Accepted, outcome);
        }

        Assert.False(session.IsAuthenticatedSource(source));
        Assert.Equal(IceConnectionState.New, session.State);
    }

    [Fact]
    public void Rfc8445AgentSurvivesMutatedChecksAndOnlyIntactOnesValidate()
    {
        var registry = new IceSessionRegistry();
        IceLiteSession session = registry.CreateSession();
        var client = ChromeLikeClient.For(session);
        byte[][] seeds =
        [
            client.Check(useCandidate: true), client.Check(), client.Check(controlled: true),
            client.Check(extraAttribute: 0x0042), client.Check(integrity: false),
        ];
        var sender = new CapturingSender();
        var rng = new Random(7675);
        int inputs = Inputs();
        int port = 1;
        for (int i = 0; i < inputs; i++)
        {
            byte[] seed = seeds[rng.Next(seeds.Length)];
            byte[] v = seed.ToArray();
            int flips = rng.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                v[rng.Next(v.Length)] = (byte)rng.Next(256);
            }

            int length = rng.Next(4) == 0 ? rng.Next(v.Length + 1) : v.Length;
            var source = new IPEndPoint(IPAddress.Loopback, port);
            port = port % 65_535 + 1;
            IceBindingOutcome outcome = registry.Dispatch(v.AsSpan(0, length), source, sender, i);
            if (outcome == IceBindingOutcome.Accepted)
            {
                // FINGERPRINT and MI cover every byte (padding included), so an accepted input is the seed itself:
                // a mutation that happened to write back the same byte.
                Assert.Equal(seed.Length, length);
                Assert.True(v.AsSpan().SequenceEqual(seed));
                Assert.True(session.IsAuthenticatedSource(source));
            }
            else
            {
                Assert.False(session.IsAuthenticatedSource(source));
            }

            session.CheckConsent(i);
        }
    }
}
