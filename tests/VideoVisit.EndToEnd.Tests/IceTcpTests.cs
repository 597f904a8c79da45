using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Media.Rtc;
using VideoVisit.Testing;
using Xunit.Abstractions;
using static VideoVisit.EndToEnd.Tests.Snapshot;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// A family on a network that lets no UDP through (hotel, office, school Wi-Fi) reaches the media server over ICE-TCP
/// (RFC 6544, <c>Media:TcpPort</c>) without any TURN server: with an nftables rule dropping every datagram to and
/// from the media node's UDP port, Chromium connects to the server's passive TCP candidate and the visit works.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IceTcpTests(BrowserFixture browser, ITestOutputHelper output)
    : BrowserVisitTests(browser, new Dictionary<string, string?> { ["Media:TcpPort"] = FreeTcpPort().ToString(CultureInfo.InvariantCulture) })
{
    [Fact]
    public async Task WithUdpBlockedParentAndChildSeeAndHearEachOtherOverIceTcp()
    {
        var media = App.Services.GetRequiredService<MediaServer>();
        Assert.NotNull(media.Tcp);
        using var network = LoopbackNetwork.Open(nameof(IceTcpTests));
        network.BlockUdpTo(media.Socket.LocalEndPoint.Port);

        var (supervisor, parent, child) = await AdmitParentAndChildAsync();
        await SeesAndHearsAsync(child, "parent");
        await SeesAndHearsAsync(parent, "child");
        await SeesAndHearsAsync(supervisor, "child");

        long blocked = network.BlockedPackets();
        output.WriteLine($"ICE-TCP: {media.Tcp!.Accepted} connections accepted, {media.Tcp.FramesReceived} frames in, {media.Tcp.FramesSent} out; UDP: {media.Socket.PacketsReceived} datagrams in, {blocked} dropped by the block");
        // Nothing came over UDP (the rule dropped the browsers' checks), everything over TCP: three pages, each
        // publishing and subscribing.
        Assert.Equal(0, media.Socket.PacketsReceived);
        Assert.True(media.Tcp.ConnectionCount >= 6, $"{media.Tcp.ConnectionCount} ICE-TCP connections open");
        Assert.True(media.Tcp.FramesReceived > 500, $"{media.Tcp.FramesReceived} frames over ICE-TCP");
        Assert.True(blocked > 0, "the browsers never tried UDP: the block proved nothing");
    }

    private static int FreeTcpPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
