using Org.BouncyCastle.Tls;
using VideoVisit.Media.Dtls;

namespace VideoVisit.Media.Tests.Dtls;

/// <summary>
/// Wires a <see cref="DtlsServerSession"/> to a BouncyCastle client without sockets: the client's datagrams go to
/// <see cref="DtlsServerSession.OnDatagram"/>, the server's to the client's queue. Optional filters drop datagrams
/// by their 1-based index per direction to simulate loss.
/// </summary>
internal delegate bool DropFilter(int index, ReadOnlySpan<byte> datagram);

internal sealed class InMemoryDtlsLink : IDisposable
{
    private int _toServerCount;
    private int _toClientCount;

    public InMemoryDtlsLink(DtlsCertificate serverCertificate, DtlsServerOptions? options = null,
        DropFilter? dropToServer = null, DropFilter? dropToClient = null, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        ClientTransport = new QueuedDatagramTransport(datagram =>
        {
            int n = Interlocked.Increment(ref _toServerCount);
            if (dropToServer?.Invoke(n, datagram) == true)
            {
                return;
            }

            Server!.OnDatagram(datagram);
        }, capacity: 256, sendLimit: 1200, receiveLimit: 1500);

        Server = new DtlsServerSession(serverCertificate, datagram =>
        {
            int n = Interlocked.Increment(ref _toClientCount);
            if (dropToClient?.Invoke(n, datagram) == true)
            {
                return;
            }

            ServerDatagramsSent.Add(datagram.Length);
            ClientTransport.Enqueue(datagram);
        }, options, logger, "in-memory link");
    }

    public DtlsServerSession Server { get; }

    public QueuedDatagramTransport ClientTransport { get; }

    /// <summary>Sizes of what the server put on the wire (to check fragmentation to the send limit).</summary>
    public System.Collections.Concurrent.ConcurrentBag<int> ServerDatagramsSent { get; } = new();

    public int DatagramsToServer => Volatile.Read(ref _toServerCount);

    /// <summary>Runs the client handshake on its own thread; the task faults if the client fails.</summary>
    public Task<DtlsTransport> ConnectClient(TestDtlsClient client) =>
        Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(client, ClientTransport),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public void Dispose()
    {
        Server.Dispose();
        ClientTransport.Abort(new IOException("link disposed"));
    }
}
