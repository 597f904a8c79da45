using System.Net;
using System.Net.Sockets;
using Org.BouncyCastle.Tls;
using VideoVisit.Media.Dtls;
using VideoVisit.Media.Net;
using VideoVisit.Media.Tests.Dtls;
using SrtpProtectionProfile = VideoVisit.Media.Dtls.SrtpProtectionProfile;

namespace VideoVisit.Media.Tests.Net;

/// <summary>
/// The two halves wired as the peer connection will wire them: the socket classifies, DTLS datagrams go to the
/// session, the session sends through the socket. The client is BouncyCastle on its own loopback UDP socket.
/// </summary>
public sealed class DtlsOverUdpMediaSocketTests
{
    [Fact]
    public async Task Rfc7983DtlsHandshakeRunsOverTheSharedMediaSocket()
    {
        var router = new DtlsRouter();
        await using var media = new UdpMediaSocket(new UdpMediaSocketOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) }, router);
        using var clientSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        clientSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var clientEndPoint = (IPEndPoint)clientSocket.LocalEndPoint!;

        using var session = new DtlsServerSession(DtlsSrtpHandshakeTests.ServerCertificate,
            datagram => media.TrySend(datagram, clientEndPoint), DtlsSrtpHandshakeTests.FastOptions());
        router.Session = session;
        media.Start();
        session.Start(DtlsSrtpHandshakeTests.ClientCertificate.Fingerprint);

        var clientTransport = new QueuedDatagramTransport(d => clientSocket.SendTo(d, SocketFlags.None, media.LocalEndPoint),
            capacity: 64, sendLimit: 1200, receiveLimit: 1500);
        using var stopPump = new CancellationTokenSource();
        Task pump = Task.Run(async () =>
        {
            var buffer = new byte[2048];
            while (!stopPump.IsCancellationRequested)
            {
                try
                {
                    int n = await clientSocket.ReceiveAsync(buffer, SocketFlags.None, stopPump.Token);
                    clientTransport.Enqueue(buffer.AsSpan(0, n));
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });

        // Interleave STUN and RTP noise from the same source: the socket must route them away from DTLS.
        clientSocket.SendTo(new byte[] { 0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42 }, media.LocalEndPoint);
        TestDtlsClient client = DtlsSrtpHandshakeTests.Client([0x0001, 0x0007]);
        Task<DtlsTransport> clientDone = Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(client, clientTransport),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        clientSocket.SendTo(new byte[] { 0x80, 0x60, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 1 }, media.LocalEndPoint);

        SrtpKeyingMaterial keys = await session.Handshake.WaitAsync(TimeSpan.FromSeconds(15));
        await clientDone.WaitAsync(TimeSpan.FromSeconds(15));
        stopPump.Cancel();
        await pump;

        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, keys.Profile);
        Assert.Equal(client.Exported![16..32], keys.LocalMasterKey);
        Assert.Equal(client.Exported![0..16], keys.RemoteMasterKey);
        Assert.True(media.DtlsReceived >= 3, $"DTLS datagrams received: {media.DtlsReceived}");
        Assert.Equal(1, router.Stun);
        Assert.Equal(1, router.Rtp);
        Assert.Equal((1, 1, 0), (media.RejectedStun, media.RejectedRtp, media.RejectedDtls));
        Assert.Equal(clientEndPoint, router.LastDtlsSource);
        Assert.True(media.PacketsSent >= 3);
    }

    private sealed class DtlsRouter : IMediaPacketHandler
    {
        public DtlsServerSession? Session { get; set; }

        public int Stun;
        public int Rtp;
        public IPEndPoint? LastDtlsSource;

        public bool OnPacket(PacketKind kind, ReadOnlySpan<byte> packet, IPEndPoint remote)
        {
            switch (kind)
            {
                case PacketKind.Dtls:
                    LastDtlsSource = remote;
                    Session?.OnDatagram(packet);
                    return true;
                case PacketKind.Stun:
                    Interlocked.Increment(ref Stun);
                    return false; // no ICE agent in this test
                case PacketKind.Rtp:
                    Interlocked.Increment(ref Rtp);
                    return false;
                default:
                    return false;
            }
        }
    }
}
