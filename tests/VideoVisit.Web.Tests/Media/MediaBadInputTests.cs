using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Media.Rtc;
using VideoVisit.Media.Stun;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Testing;
using VideoVisit.Web.Tests.Hub;

namespace VideoVisit.Web.Tests.Media;

/// <summary>
/// Hostile or broken input to the media server and the hub: garbage UDP, unauthenticated or wrongly signed STUN,
/// DTLS and RTP from unverified addresses, RTP before keys, malformed SDP. Each is dropped or refused with a reason,
/// counted, and the server keeps serving.
/// </summary>
public sealed class MediaBadInputTests : OpenVisitTests
{
    private MediaServer _media = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _media = App.Services.GetRequiredService<MediaServer>();
    }

    private IPEndPoint MediaEndPoint => new(IPAddress.Loopback, _media.Socket.LocalEndPoint.Port);

    /// <summary>A publish offer as a browser writes it (no real DTLS client behind it).</summary>
    internal const string Offer = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\na=msid-semantic: WMS s\r\n" +
        "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\na=ice-ufrag:Brws\r\na=ice-pwd:browserpasswordbrowserpw\r\n" +
        "a=ice-options:trickle\r\na=fingerprint:sha-256 11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00\r\n" +
        "a=setup:actpass\r\na=mid:0\r\na=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=sendonly\r\na=msid:s a\r\na=rtcp-mux\r\n" +
        "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\na=ssrc:1111 cname:c\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\na=ice-ufrag:Brws\r\na=ice-pwd:browserpasswordbrowserpw\r\n" +
        "a=ice-options:trickle\r\na=fingerprint:sha-256 11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00\r\n" +
        "a=setup:actpass\r\na=mid:1\r\na=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=sendonly\r\na=msid:s v\r\na=rtcp-mux\r\na=rtcp-rsize\r\n" +
        "a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack pli\r\na=ssrc:2222 cname:c\r\n";

    internal static byte[] Binding(string username, string password, bool useCandidate)
    {
        var buffer = new byte[512];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.NewRandom());
        Assert.True(writer.TryAddUsername(Encoding.ASCII.GetBytes(username)));
        Assert.True(writer.TryAddPriority(2130706431));
        Assert.True(writer.TryAddIceControlling(42));
        if (useCandidate) Assert.True(writer.TryAddUseCandidate());
        Assert.True(writer.TryAddMessageIntegrity(Encoding.ASCII.GetBytes(password)));
        Assert.True(writer.TryAddFingerprint());
        return writer.Written.ToArray();
    }

    /// <summary>The socket thread counts asynchronously: poll (bounded) until the condition holds.</summary>
    private static async Task EventuallyAsync(Func<bool> condition, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(50);
    }

    private static async Task<byte[]?> ReceiveAsync(UdpClient udp, int timeoutMs = 2000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        try { return (await udp.ReceiveAsync(cts.Token)).Buffer; }
        catch (OperationCanceledException) { return null; }
    }

    [Fact]
    public async Task GarbageUdpIsDroppedAndCountedAndTheServerKeepsServing()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(7);
        var before = (_media.Socket.DroppedUnknown, _media.Counters.UnknownSource, _media.Counters.StunRejected);
        for (var i = 0; i < 300; i++)
        {
            var datagram = new byte[random.Next(1, 300)];
            random.NextBytes(datagram);
            datagram[0] = (byte)(i % 3 == 0 ? random.Next(64, 128) : i % 3 == 1 ? random.Next(20, 64) : random.Next(128, 192));
            await udp.SendAsync(datagram, MediaEndPoint);
        }
        await EventuallyAsync(() => _media.Socket.DroppedUnknown > before.DroppedUnknown && _media.Counters.UnknownSource > before.UnknownSource);

        Assert.True(_media.Socket.DroppedUnknown > before.DroppedUnknown);
        Assert.True(_media.Counters.UnknownSource > before.UnknownSource); // DTLS- and RTP-looking bytes from an unverified address
        var (client, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var clientScope = client;
        var answer = await client.Connection.InvokeAsync<string>("Publish", session.VisitId, Offer);
        Assert.Contains("a=ice-lite", answer);
    }

    [Fact]
    public async Task StunWithAWrongPasswordIsRefusedAndAuthenticatesNothing()
    {
        var (client, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var clientScope = client;
        var answer = await client.Connection.InvokeAsync<string>("Publish", session.VisitId, Offer);
        var ufrag = Regex.Match(answer, @"a=ice-ufrag:(\S+)").Groups[1].Value;
        var pwd = Regex.Match(answer, @"a=ice-pwd:(\S+)").Groups[1].Value;
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var rejected = _media.Counters.StunRejected;

        await udp.SendAsync(Binding($"{ufrag}:Brws", "not-the-password-at-all", useCandidate: true), MediaEndPoint);
        var reply = await ReceiveAsync(udp);

        Assert.NotNull(reply);
        Assert.True(StunMessage.TryParse(reply, out var message, out _));
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.True(message.TryGetErrorCode(out var code, out _));
        Assert.Equal(401, code);
        // The refusal is counted just after the reply leaves: wait for it rather than race it.
        await EventuallyAsync(() => _media.Counters.StunRejected > rejected);
        Assert.True(_media.Counters.StunRejected > rejected);

        // The address is not authenticated: DTLS and RTP from it are dropped as from a stranger.
        var unknown = _media.Counters.UnknownSource;
        await udp.SendAsync(new byte[] { 22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1 }, MediaEndPoint);
        await udp.SendAsync(new byte[] { 0x80, 111, 0, 1, 0, 0, 0, 1, 0, 0, 0x04, 0x57, 1, 2, 3, 4 }, MediaEndPoint);
        await EventuallyAsync(() => _media.Counters.UnknownSource >= unknown + 2);
        Assert.Equal(unknown + 2, _media.Counters.UnknownSource);

        // A check with the right password is accepted and answered with our integrity.
        await udp.SendAsync(Binding($"{ufrag}:Brws", pwd, useCandidate: true), MediaEndPoint);
        var ok = await ReceiveAsync(udp);
        Assert.NotNull(ok);
        Assert.True(StunMessage.TryParse(ok, out var success, out _));
        Assert.Equal(StunClass.SuccessResponse, success.Class);
        Assert.True(success.VerifyMessageIntegrity(Encoding.ASCII.GetBytes(pwd)));

        // Now authenticated, but without DTLS there are no keys: RTP is counted and dropped.
        var beforeKeys = _media.Counters.RtpBeforeKeys;
        await udp.SendAsync(new byte[] { 0x80, 111, 0, 2, 0, 0, 0, 2, 0, 0, 0x04, 0x57, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, MediaEndPoint);
        await EventuallyAsync(() => _media.Counters.RtpBeforeKeys >= beforeKeys + 1);
        Assert.Equal(beforeKeys + 1, _media.Counters.RtpBeforeKeys);
    }

    [Theory]
    [InlineData("not an sdp", "line 1")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio nine UDP/TLS/RTP/SAVPF 111\r\n", "line 5")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", "ufrag")]
    public async Task AMalformedSdpIsRefusedWithTheLineAndCounted(string sdp, string expected)
    {
        var (client, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var clientScope = client;
        var refused = _media.Counters.SdpRejected;

        var error = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync<string>("Publish", session.VisitId, sdp));

        Assert.Contains(HubErrors.BadSdp, error.Message);
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(refused + 1, _media.Counters.SdpRejected);
        // The connection survives a refused offer: the same client can publish properly.
        Assert.Contains("a=ice-lite", await client.Connection.InvokeAsync<string>("Publish", session.VisitId, Offer));
    }

    [Fact]
    public async Task ASecondDeviceCannotPublish()
    {
        var (first, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _f = first;
        var (second, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _s = second;

        var error = await Assert.ThrowsAsync<HubException>(() => second.Connection.InvokeAsync<string>("Publish", session.VisitId, Offer));

        Assert.Contains(HubErrors.SecondDevice, error.Message);
    }
}
