using VideoVisit.Media.Sdp;
using VideoVisit.Media.Tests.Sdp.Fixtures;

namespace VideoVisit.Media.Tests.Sdp;

/// <summary>RFC 6544: a node with ICE-TCP offers a passive TCP host candidate after its UDP one, on the same address.</summary>
public class IceTcpCandidateTests
{
    private static SdpServerParams WithTcp => JsepTestData.Server() with { TcpPort = 443 };

    [Fact]
    public void Rfc6544PublishAnswerOffersAPassiveTcpCandidateAfterUdpAtALowerPriority()
    {
        SessionDescription answer = JsepPublishAnswerer.CreatePublishAnswer(SessionDescription.Parse(ChromeOffers.PublishAudioVideo), WithTcp, "42", 1);
        foreach (MediaDescription m in answer.Media.Where(m => m.Port != 0))
        {
            Assert.Equal(2, m.Candidates.Count);
            var (udp, tcp) = (m.Candidates[0], m.Candidates[1]);
            Assert.Equal(("udp", 40000), (udp.Transport, udp.Port));
            Assert.Equal(("tcp", JsepTestData.ServerAddress, 443, "host", "tcptype passive"), (tcp.Transport, tcp.Address, tcp.Port, tcp.Type, tcp.Extensions));
            Assert.NotEqual(udp.Foundation, tcp.Foundation);
            Assert.True(tcp.Priority < udp.Priority, "a browser that can use both must prefer UDP");
            // RFC 6544 §4.2: local preference = 2^13 · direction-pref + other-pref; passive on a host not behind NAT is 4.
            uint localPreference = (tcp.Priority >> 8) & 0xFFFF;
            Assert.Equal(4u, localPreference >> 13);
            Assert.Equal(126u, tcp.Priority >> 24);
            Assert.True(m.EndOfCandidates);
        }
        // As browsers read it: the line survives a parse of the text.
        string text = answer.ToString();
        Assert.Contains($"a=candidate:2 1 tcp {SdpCandidate.PassiveTcpHostPriority(1)} {JsepTestData.ServerAddress} 443 typ host tcptype passive\r\n", text);
        Assert.Equal([JsepTestData.ServerAddress], JsepTestData.AddressesIn(text).Distinct());
    }

    [Fact]
    public void Rfc6544SubscribeOffersCarryTheTcpCandidateToo()
    {
        var b = new SubscribeOfferBuilder(WithTcp, "777");
        b.AddTrack(new SubscribeTrack("video", "stream-v", "v", 2222, "cname-v"));
        var m = b.CreateOffer().Media.Single();
        Assert.Equal(["udp", "tcp"], m.Candidates.Select(c => c.Transport));
    }

    [Fact]
    public void WithoutIceTcpOnlyTheUdpCandidateIsOffered()
    {
        SessionDescription answer = JsepPublishAnswerer.CreatePublishAnswer(SessionDescription.Parse(ChromeOffers.PublishAudioVideo), JsepTestData.Server(), "42", 1);
        Assert.All(answer.Media.Where(m => m.Port != 0), m => Assert.Equal("udp", m.Candidates.Single().Transport));
        Assert.DoesNotContain(" tcp ", answer.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void AnImpossibleTcpPortIsRefused(int port) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => JsepTestData.Server() with { TcpPort = port });
}
