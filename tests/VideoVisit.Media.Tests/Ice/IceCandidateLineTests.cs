using System.Net;
using VideoVisit.Media.Ice;

namespace VideoVisit.Media.Tests.Ice;

/// <summary>The server's host candidate (RFC 8445 §5.1.2, RFC 8839 §5.1).</summary>
public class IceCandidateLineTests
{
    [Fact]
    public void Rfc8445HostPriorityIsTypePreference126LocalPreference65535Component1()
    {
        // 126·2^24 + 65535·2^8 + 255, worked out by hand.
        Assert.Equal(2_130_706_431u, IceCandidateLine.HostPriority());
        Assert.Equal(2_130_706_431u, IceCandidateLine.Priority(126, 65535, 1));
        Assert.Equal(2_130_706_430u, IceCandidateLine.Priority(126, 65535, 2));
        Assert.Equal(255u, IceCandidateLine.Priority(0, 0, 1));
    }

    [Fact]
    public void Rfc8445PriorityOrdersByTypeThenLocalPreferenceThenComponent() =>
        Assert.True(IceCandidateLine.Priority(126, 0, 256) > IceCandidateLine.Priority(110, 65535, 1)
                    && IceCandidateLine.Priority(100, 2, 256) > IceCandidateLine.Priority(100, 1, 1));

    [Fact]
    public void Rfc8839Ipv4HostCandidateLine() =>
        Assert.Equal("candidate:1 1 udp 2130706431 203.0.113.5 3478 typ host generation 0",
            IceCandidateLine.FormatHost(new IPEndPoint(IPAddress.Parse("203.0.113.5"), 3478)));

    [Fact]
    public void Rfc8839Ipv6HostCandidateLineHasNoBracketsAndNoZone()
    {
        Assert.Equal("candidate:2 1 udp 2130706431 2001:db8::5 3478 typ host generation 0",
            IceCandidateLine.FormatHost(new IPEndPoint(IPAddress.Parse("2001:db8::5"), 3478)));
        Assert.Equal("candidate:2 1 udp 2130706431 fe80::1 3478 typ host generation 0",
            IceCandidateLine.FormatHost(new IPEndPoint(IPAddress.Parse("fe80::1%2"), 3478)));
    }

    [Fact]
    public void Rfc8839MappedAddressIsAnnouncedAsIPv4AndFoundationCanBeChosen() =>
        Assert.Equal("candidate:node7 1 udp 2130706175 127.0.0.1 40000 typ host generation 0",
            IceCandidateLine.FormatHost(new IPEndPoint(IPAddress.Parse("::ffff:127.0.0.1"), 40000), "node7", 65534));

    [Theory]
    [InlineData("0.0.0.0", 3478)]
    [InlineData("::", 3478)]
    [InlineData("255.255.255.255", 3478)]
    [InlineData("203.0.113.5", 0)]
    public void UnspecifiedAddressOrPortIsAConfigurationError(string ip, int port) =>
        Assert.Throws<ArgumentException>(() => IceCandidateLine.FormatHost(new IPEndPoint(IPAddress.Parse(ip), port)));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("123456789012345678901234567890123")]
    public void Rfc8839FoundationMustBeOneTo32IceChars(string foundation) =>
        Assert.Throws<ArgumentException>(() =>
            IceCandidateLine.FormatHost(new IPEndPoint(IPAddress.Parse("203.0.113.5"), 3478), foundation));
}
