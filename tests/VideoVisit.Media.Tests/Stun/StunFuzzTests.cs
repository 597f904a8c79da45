using System.Buffers.Binary;
using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Tests.Stun;

/// <summary>Random and mutated datagrams must parse or fail with a reason, and every getter must stay in bounds.</summary>
[Trait("Category", "Fuzz")]
public class StunFuzzTests
{
    private static readonly byte[][] Seeds =
        [Rfc5769Vectors.Request, Rfc5769Vectors.Ipv4Response, Rfc5769Vectors.Ipv6Response, Rfc5769Vectors.LongTermRequest];

    private static void Exercise(ReadOnlySpan<byte> data)
    {
        if (!StunMessage.TryParse(data, out StunMessage m, out StunParseError e))
        {
            Assert.NotEqual(StunParseError.None, e);
            return;
        }

        foreach (StunAttribute a in m.Attributes)
        {
            Assert.True(a.Offset >= StunConstants.HeaderLength && a.Offset + 4 + a.Value.Length <= data.Length);
        }

        Span<ushort> types = stackalloc ushort[8];
        _ = m.TryGetUsername(out _) && StunUsername.TrySplit(m.TryGetUsername(out var u) ? u : default, out _, out _);
        _ = m.TryGetXorMappedAddress(out _);
        _ = m.TryGetMappedAddress(out _);
        _ = m.TryGetPriority(out _);
        _ = m.TryGetIceControlling(out _);
        _ = m.TryGetIceControlled(out _);
        _ = m.TryGetErrorCode(out _, out _);
        _ = m.TryGetSoftware(out _);
        _ = m.HasUseCandidate;
        _ = m.CopyUnknownAttributesList(types);
        _ = m.CopyUnknownComprehensionRequired(types);
        _ = m.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBt"u8);
        _ = m.VerifyFingerprint();
    }

    [Fact]
    public void StunParserSurvivesRandomBytes()
    {
        var rng = new Random(8489);
        var buf = new byte[300];
        int inputs = StunFuzzBudget.Inputs();
        for (int i = 0; i < inputs; i++)
        {
            int n = rng.Next(buf.Length);
            rng.NextBytes(buf.AsSpan(0, n));
            if (n >= 20 && rng.Next(2) == 0)
            {
                // Half the inputs get a plausible header so the attribute walk is reached.
                buf[0] &= 0x3F;
                BinaryPrimitives.WriteUInt16BigEndian(buf.AsSpan(2), (ushort)((n - 20) & ~3));
                BinaryPrimitives.WriteUInt32BigEndian(buf.AsSpan(4), StunConstants.MagicCookie);
                n = 20 + ((n - 20) & ~3);
            }

            Exercise(buf.AsSpan(0, n));
        }
    }

    [Fact]
    public void StunParserSurvivesMutatedRfc5769Vectors()
    {
        var rng = new Random(5769);
        int inputs = StunFuzzBudget.Inputs();
        for (int i = 0; i < inputs; i++)
        {
            byte[] v = Seeds[rng.Next(Seeds.Length)].ToArray();
            int flips = rng.Next(1, 5);
            for (int f = 0; f < flips; f++)
            {
                // Mutate past the cookie mostly, so the attribute framing is what gets exercised.
                int at = rng.Next(2) == 0 ? rng.Next(v.Length) : 20 + rng.Next(v.Length - 20);
                v[at] = (byte)rng.Next(256);
            }

            Exercise(v);
        }
    }
}
