using VideoVisit.Media.Net;
using VideoVisit.Media.Tests.Dtls;

namespace VideoVisit.Media.Tests.Net;

/// <summary>Bounded random-input run of the demultiplexer; <c>VIDEOVISIT_FUZZ_INPUTS</c> raises the count.</summary>
[Trait("Category", "Fuzz")]
public sealed class NetFuzzTests
{
    private static int Inputs => DtlsFuzzTests.Inputs;

    [Fact]
    public void PacketClassifierAgreesWithRfc7983OnRandomDatagrams()
    {
        var random = new Random(1);
        var buffer = new byte[64];
        for (int i = 0; i < Inputs; i++)
        {
            random.NextBytes(buffer);
            int length = random.Next(buffer.Length);
            ReadOnlySpan<byte> datagram = buffer.AsSpan(0, length);
            PacketKind expected = length == 0 ? PacketKind.Unknown : buffer[0] switch
            {
                <= 3 => PacketKind.Stun,
                >= 20 and <= 63 => PacketKind.Dtls,
                >= 128 and <= 191 when length >= 2 && buffer[1] is >= 192 and <= 223 => PacketKind.Rtcp,
                >= 128 and <= 191 => PacketKind.Rtp,
                _ => PacketKind.Unknown,
            };
            Assert.Equal(expected, PacketClassifier.Classify(datagram));
        }
    }
}
