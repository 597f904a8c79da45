using System.Net;
using CsCheck;
using VideoVisit.Media.Stun;
using VideoVisit.Testing;

namespace VideoVisit.Media.Tests.Stun;

public class StunEndpointTests
{
    [Theory]
    [InlineData("192.0.2.1", 32853)]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677", 32853)]
    [InlineData("::1", 1)]
    public void StunEndpointReadsSocketAddressesLikeIPEndPoint(string address, int port)
    {
        var ep = new IPEndPoint(IPAddress.Parse(address), port);
        Assert.True(StunEndpoint.TryFromSocketAddress(ep.Serialize(), out StunEndpoint got));
        Assert.Equal(StunEndpoint.FromIPEndPoint(ep), got);
        Assert.Equal(ep, got.ToIPEndPoint());
    }

    [Fact]
    public void StunEndpointUnwrapsIPv4MappedSourcesFromDualModeSockets()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("198.51.100.7").MapToIPv6(), 55432);
        Assert.True(StunEndpoint.TryFromSocketAddress(mapped.Serialize(), out StunEndpoint got));
        Assert.Equal(StunAddressFamily.IPv4, got.Family);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 55432), got.ToIPEndPoint());
        Assert.Equal(got, StunEndpoint.FromIPEndPoint(mapped));
    }

    [Fact]
    public void StunEndpointSocketAddressConversionAgreesForAnyAddress()
    {
        Gen.Select(Gen.Byte.Array[16], Gen.Int[0, 65535], Gen.Bool).Sample((bytes, port, v4) =>
        {
            var ep = new IPEndPoint(new IPAddress(v4 ? bytes[..4] : bytes), port);
            Assert.True(StunEndpoint.TryFromSocketAddress(ep.Serialize(), out StunEndpoint got));
            Assert.Equal(StunEndpoint.FromIPEndPoint(ep), got);
        });
    }

    [Fact]
    public void StunEndpointFromSocketAddressAllocatesNothing()
    {
        SocketAddress sa = new IPEndPoint(IPAddress.Parse("2001:db8::1"), 3478).Serialize();
        int ok = 0;
        long allocated = Allocations.Measure(n =>
        {
            ok = 0; // counts the measured run
            for (int i = 0; i < n; i++)
            {
                ok += StunEndpoint.TryFromSocketAddress(sa, out _) ? 1 : 0;
            }
        }, 1000);

        Assert.Equal(0, allocated);
        Assert.Equal(1000, ok);
    }
}
