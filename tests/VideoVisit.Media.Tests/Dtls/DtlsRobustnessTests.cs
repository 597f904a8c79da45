using System.Diagnostics;
using Org.BouncyCastle.Tls;
using VideoVisit.Media.Dtls;
using static VideoVisit.Media.Tests.Dtls.DtlsSrtpHandshakeTests;

namespace VideoVisit.Media.Tests.Dtls;

/// <summary>Loss, silence, garbage and closure: nothing a peer does may hang or crash a session.</summary>
public sealed class DtlsRobustnessTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int AesCm = 0x0001;
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Rfc6347LossyLinkStillCompletesThanksToRetransmission()
    {
        // Every third datagram of the first flights is lost, in both directions.
        using var link = new InMemoryDtlsLink(ServerCertificate, FastOptions(),
            dropToServer: (n, _) => n <= 12 && n % 3 == 0,
            dropToClient: (n, _) => n <= 12 && n % 3 == 0);
        TestDtlsClient client = Client([AesCm]);
        link.Server.Start(ClientCertificate.Fingerprint);

        Task<DtlsTransport> clientDone = link.ConnectClient(client);
        SrtpKeyingMaterial keys = await link.Server.Handshake.WaitAsync(TestTimeout);
        await clientDone.WaitAsync(TestTimeout);

        AssertSameKeys(SrtpKeyingMaterial.FromServerExport(keys.Profile, client.Exported!), keys);
        Assert.True(link.DatagramsToServer >= 6, $"only {link.DatagramsToServer} datagrams reached the server side");
    }

    [Fact]
    public async Task Rfc6347LostServerFinishedIsResentWhenTheClientRetransmitsAfterTheHandshake()
    {
        // Drop the server's ChangeCipherSpec record (content type 20) and the Finished record sent right after it,
        // once. The server has already completed by then: only its post-handshake reader can answer the client's
        // retransmitted final flight with our last flight again (RFC 6347 §4.2.4).
        int ccsAt = 0;
        using var link = new InMemoryDtlsLink(ServerCertificate, FastOptions(), dropToClient: (n, datagram) =>
        {
            if (ccsAt == 0 && datagram[0] == 20)
            {
                ccsAt = n;
            }

            return ccsAt != 0 && (n == ccsAt || n == ccsAt + 1);
        });
        TestDtlsClient client = Client([AesCm]);
        link.Server.Start(ClientCertificate.Fingerprint);

        Task<DtlsTransport> clientDone = link.ConnectClient(client);
        SrtpKeyingMaterial keys = await link.Server.Handshake.WaitAsync(TestTimeout);
        // The client can only finish if the server sends its CCS and Finished again, after its own handshake ended.
        await clientDone.WaitAsync(TimeSpan.FromSeconds(5)); // well below the client's own 8 s handshake timeout

        Assert.NotEqual(0, ccsAt);
        AssertSameKeys(SrtpKeyingMaterial.FromServerExport(keys.Profile, client.Exported!), keys);
        Assert.Equal(DtlsSessionState.Connected, link.Server.State);
    }

    [Fact]
    public async Task ManyConcurrentHandshakesAllCompleteWithDistinctKeys()
    {
        const int sessions = 16;
        var links = Enumerable.Range(0, sessions).Select(_ => new InMemoryDtlsLink(ServerCertificate, FastOptions())).ToArray();
        try
        {
            var watch = Stopwatch.StartNew();
            var clients = links.Select(link =>
            {
                link.Server.Start(ClientCertificate.Fingerprint);
                return link.ConnectClient(Client([AesCm]));
            }).ToArray();
            SrtpKeyingMaterial[] keys = await Task.WhenAll(links.Select(l => l.Server.Handshake)).WaitAsync(TestTimeout);
            await Task.WhenAll(clients).WaitAsync(TestTimeout);
            output.WriteLine($"{sessions} concurrent in-memory DTLS-SRTP handshakes: {watch.ElapsedMilliseconds} ms");

            Assert.Equal(sessions, keys.Select(k => Convert.ToHexString(k.LocalMasterKey)).Distinct().Count());
            Assert.All(links, l => Assert.Equal(DtlsSessionState.Connected, l.Server.State));
        }
        finally
        {
            foreach (InMemoryDtlsLink link in links)
            {
                link.Dispose();
            }
        }
    }

    [Fact]
    public async Task SilentPeerTimesOutWithinTheHandshakeTimeout()
    {
        var options = new DtlsServerOptions { HandshakeTimeout = TimeSpan.FromSeconds(1) };
        var sent = 0;
        using var session = new DtlsServerSession(ServerCertificate, _ => Interlocked.Increment(ref sent), options);
        var watch = Stopwatch.StartNew();
        session.Start(ClientCertificate.Fingerprint);

        DtlsHandshakeException failure =
            await Assert.ThrowsAsync<DtlsHandshakeException>(() => session.Handshake.WaitAsync(TestTimeout));

        Assert.Equal(DtlsFailureReason.Timeout, failure.Reason);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
        Assert.Equal(DtlsSessionState.Failed, session.State);
        Assert.Equal(0, Volatile.Read(ref sent)); // a server never speaks first
    }

    [Fact]
    public async Task PeerStallingMidHandshakeTimesOut()
    {
        // The client's ClientHello gets through, then the link dies in both directions.
        var options = new DtlsServerOptions { HandshakeTimeout = TimeSpan.FromSeconds(1.5), InitialRetransmitTimeout = TimeSpan.FromMilliseconds(200) };
        using var link = new InMemoryDtlsLink(ServerCertificate, options, dropToServer: (n, _) => n > 1, dropToClient: (_, _) => true);
        link.Server.Start(ClientCertificate.Fingerprint);
        Task<DtlsTransport> clientDone = link.ConnectClient(new TestDtlsClient(ClientCertificate, [AesCm]) { HandshakeTimeoutMillis = 3000 });
        var watch = Stopwatch.StartNew();

        DtlsHandshakeException failure =
            await Assert.ThrowsAsync<DtlsHandshakeException>(() => link.Server.Handshake.WaitAsync(TestTimeout));

        Assert.Equal(DtlsFailureReason.Timeout, failure.Reason);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), watch.Elapsed.ToString());
        await Assert.ThrowsAnyAsync<Exception>(() => clientDone.WaitAsync(TestTimeout));
    }

    [Fact]
    public async Task GarbageDuringAndAfterTheHandshakeNeverCrashesTheSession()
    {
        using var link = new InMemoryDtlsLink(ServerCertificate, FastOptions());
        TestDtlsClient client = Client([AesCm]);
        link.Server.Start(ClientCertificate.Fingerprint);
        using var duringHandshake = new CancellationTokenSource();
        Task<int> spraying = Task.Run(() => SprayGarbage(link.Server, duringHandshake.Token, seed: 1, forgeEpoch0: false));

        Task<DtlsTransport> clientDone = link.ConnectClient(client);
        SrtpKeyingMaterial keys = await link.Server.Handshake.WaitAsync(TestTimeout);
        DtlsTransport clientTransport = await clientDone.WaitAsync(TestTimeout);
        duringHandshake.Cancel();
        int sprayedDuring = await spraying;

        using var afterHandshake = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        int sprayedAfter = await Task.Run(() => SprayGarbage(link.Server, afterHandshake.Token, seed: 2, forgeEpoch0: true));

        Assert.True(sprayedDuring > 10, $"only {sprayedDuring} garbage datagrams during the handshake");
        Assert.True(sprayedAfter > 100, $"only {sprayedAfter} garbage datagrams after the handshake");
        await Task.Delay(100); // let the on-demand reader drain what is queued
        Assert.Equal(DtlsSessionState.Connected, link.Server.State);
        AssertSameKeys(SrtpKeyingMaterial.FromServerExport(keys.Profile, client.Exported!), keys);

        // Still a working association: the client's close_notify is understood.
        clientTransport.Close();
        await WaitFor(() => link.Server.State == DtlsSessionState.Closed);
    }

    [Fact]
    public void GarbageBeforeStartAndAfterCloseIsIgnored()
    {
        using var session = new DtlsServerSession(ServerCertificate, _ => { });
        var random = new Random(7);
        var datagram = new byte[200];
        for (int i = 0; i < 500; i++)
        {
            random.NextBytes(datagram);
            session.OnDatagram(datagram.AsSpan(0, random.Next(datagram.Length)));
        }

        session.Close();
        session.OnDatagram(datagram);
        session.OnDatagram(ReadOnlySpan<byte>.Empty);

        Assert.Equal(DtlsSessionState.Failed, session.State);
        Assert.Equal(DtlsFailureReason.Closed, session.FailureReason);
        Assert.True(session.DatagramsDropped > 0);
    }

    [Fact]
    public async Task Rfc5246PeerCloseNotifyClosesTheSession()
    {
        using var link = new InMemoryDtlsLink(ServerCertificate, FastOptions());
        var states = new System.Collections.Concurrent.ConcurrentQueue<DtlsSessionState>();
        link.Server.StateChanged += (_, state) => states.Enqueue(state);
        link.Server.Start(ClientCertificate.Fingerprint);
        DtlsTransport client = await HandshakeBoth(link, Client([AesCm]));

        client.Close();

        await WaitFor(() => link.Server.State == DtlsSessionState.Closed);
        Assert.Equal([DtlsSessionState.Handshaking, DtlsSessionState.Connected, DtlsSessionState.Closed], states.ToArray());
    }

    [Fact]
    public async Task Rfc5246LocalCloseSendsCloseNotify()
    {
        using var link = new InMemoryDtlsLink(ServerCertificate, FastOptions());
        TestDtlsClient client = Client([AesCm]);
        link.Server.Start(ClientCertificate.Fingerprint);
        DtlsTransport clientTransport = await HandshakeBoth(link, client);

        link.Server.Close();
        var buffer = new byte[1500];
        // The client's record layer handles close_notify by closing its transport, so this read ends in an error.
        await Task.Run(() => Record.Exception(() => clientTransport.Receive(buffer, 0, buffer.Length, 500)));

        Assert.Equal(DtlsSessionState.Closed, link.Server.State);
        Assert.Contains((AlertLevel.warning, AlertDescription.close_notify), client.ReceivedAlerts);
    }

    [Fact]
    public async Task AThrowingStateSubscriberDoesNotBreakTheHandshake()
    {
        using var link = new InMemoryDtlsLink(ServerCertificate, FastOptions());
        int calls = 0;
        link.Server.StateChanged += (_, _) =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("subscriber bug");
        };
        link.Server.Start(ClientCertificate.Fingerprint);

        await HandshakeBoth(link, Client([AesCm]));

        Assert.Equal(DtlsSessionState.Connected, link.Server.State);
        Assert.Equal(2, Volatile.Read(ref calls)); // Handshaking, Connected
    }

    [Fact]
    public async Task CloseDuringTheHandshakeFailsItAsClosed()
    {
        using var session = new DtlsServerSession(ServerCertificate, _ => { }, FastOptions());
        session.Start(ClientCertificate.Fingerprint);
        await Task.Delay(50);

        session.Close();

        DtlsHandshakeException failure =
            await Assert.ThrowsAsync<DtlsHandshakeException>(() => session.Handshake.WaitAsync(TestTimeout));
        Assert.Equal(DtlsFailureReason.Closed, failure.Reason);
    }

    [Fact]
    public async Task ClientHelloArrivingBeforeStartIsKept()
    {
        // ICE can finish (and the browser send its ClientHello) before the answer's fingerprint reaches Start.
        using var link = new InMemoryDtlsLink(ServerCertificate, FastOptions());
        TestDtlsClient client = Client([AesCm]);
        Task<DtlsTransport> clientDone = link.ConnectClient(client);
        await WaitFor(() => link.DatagramsToServer > 0);

        link.Server.Start(ClientCertificate.Fingerprint);

        await link.Server.Handshake.WaitAsync(TestTimeout);
        await clientDone.WaitAsync(TestTimeout);
    }

    [Fact]
    public void StartTwiceOrWithUnknownProfilesIsRejected()
    {
        using var session = new DtlsServerSession(ServerCertificate, _ => { }, FastOptions());
        session.Start(ClientCertificate.Fingerprint);
        Assert.Throws<InvalidOperationException>(() => session.Start(ClientCertificate.Fingerprint));
        Assert.Throws<ArgumentException>(() => new DtlsServerSession(ServerCertificate, _ => { },
            new DtlsServerOptions { SrtpProfiles = [] }));
        Assert.Throws<ArgumentException>(() => new DtlsServerSession(ServerCertificate, _ => { },
            new DtlsServerOptions { SrtpProfiles = [(VideoVisit.Media.Dtls.SrtpProtectionProfile)0x0042] }));
    }

    private static void AssertSameKeys(SrtpKeyingMaterial expected, SrtpKeyingMaterial actual)
    {
        Assert.Equal(expected.Profile, actual.Profile);
        Assert.Equal(expected.LocalMasterKey, actual.LocalMasterKey);
        Assert.Equal(expected.LocalMasterSalt, actual.LocalMasterSalt);
        Assert.Equal(expected.RemoteMasterKey, actual.RemoteMasterKey);
        Assert.Equal(expected.RemoteMasterSalt, actual.RemoteMasterSalt);
    }

    private static async Task<DtlsTransport> HandshakeBoth(InMemoryDtlsLink link, TestDtlsClient client)
    {
        Task<DtlsTransport> clientDone = link.ConnectClient(client);
        await link.Server.Handshake.WaitAsync(TestTimeout);
        return await clientDone.WaitAsync(TestTimeout);
    }

    // Garbage of several shapes: random bytes that pass the RFC 7983 DTLS range, well-formed record headers with
    // random epoch/sequence and bodies (MAC failures once encrypted), and random noise. Forged epoch-0 records with
    // small sequence numbers are only sent after the handshake: before it, epoch 0 has no integrity at all, so such
    // forgeries can spoil a handshake in any DTLS 1.2 stack (ICE address checks are the defence, RFC 7983 §4).
    private static int SprayGarbage(DtlsServerSession session, CancellationToken stop, int seed, bool forgeEpoch0)
    {
        var random = new Random(seed);
        var datagram = new byte[1600];
        int count = 0;
        while (!stop.IsCancellationRequested)
        {
            random.NextBytes(datagram);
            int length = random.Next(datagram.Length);
            switch (count % 4)
            {
                case 0:
                    datagram[0] = (byte)random.Next(20, 64);
                    break;
                case 1:
                case 2:
                    length = Math.Max(length, 14);
                    datagram[0] = (byte)random.Next(20, 26);
                    datagram[1] = 0xFE;
                    datagram[2] = 0xFD;
                    datagram[3] = 0;
                    datagram[4] = (byte)(count % 4 == 2 && forgeEpoch0 ? 0 : 1);
                    if (count % 4 == 2)
                    {
                        datagram.AsSpan(5, 5).Clear(); // small sequence number: inside the replay window
                    }

                    datagram[11] = (byte)((length - 13) >> 8);
                    datagram[12] = (byte)(length - 13);
                    break;
            }

            session.OnDatagram(datagram.AsSpan(0, length));
            count++;
            if (count % 32 == 0)
            {
                Thread.Sleep(1);
            }
        }

        return count;
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TestTimeout, "condition not reached in time");
            await Task.Delay(10);
        }
    }
}
