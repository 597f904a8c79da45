using System.Net;
using System.Net.Sockets;
using System.Text;
using Org.BouncyCastle.Tls;
using VideoVisit.Media.Ice;
using VideoVisit.Media.Srtp;
using VideoVisit.Media.Stun;

namespace VideoVisit.LoadGen;

/// <summary>
/// One synthetic browser PeerConnection on its own loopback UDP socket: ICE checks as a controlling full agent
/// (RFC 8445 §7.2), DTLS client (RFC 5764), then SRTP with the exported keys. Publishers send what the scenario
/// builds; subscribers run a receive loop that authenticates and counts every RTP packet.
/// </summary>
internal sealed class SyntheticPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;
    private readonly string _serverUfrag;
    private readonly string _serverPwd;
    private readonly byte[] _sendBuffer = new byte[1600];
    private readonly object _sendLock = new();
    private SrtpContext? _outbound;
    private SrtpContext? _inbound;
    private long _rtpReceived;
    private long _rtcpReceived;
    private long _rejected;
    private uint _transaction;

    public SyntheticPeer(IPEndPoint server, string serverUfrag, string serverPwd, string ufrag)
    {
        _server = server;
        _serverUfrag = serverUfrag;
        _serverPwd = serverPwd;
        Ufrag = ufrag;
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.SendBufferSize = 1024 * 1024;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.Connect(server);
    }

    public string Ufrag { get; }

    public int LocalPort => ((System.Net.IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>When false, RTP is counted without SRTP authentication (a cheaper client, to find the server's limit).</summary>
    public static bool Decrypt { get; set; } = true;

    public static string Pwd => "loadgenPasswordOf22chars+";

    /// <summary>RTP packets that arrived and passed SRTP authentication and replay checks.</summary>
    public long RtpReceived => Interlocked.Read(ref _rtpReceived);

    public long RtcpReceived => Interlocked.Read(ref _rtcpReceived);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>ICE, then DTLS; throws when either does not complete in time.</summary>
    public void Connect(ClientIdentity identity)
    {
        _socket.ReceiveTimeout = 300;
        var buffer = new byte[2048];
        for (int attempt = 0; ; attempt++)
        {
            SendBindingRequest(useCandidate: true);
            try
            {
                int n = _socket.Receive(buffer);
                if (n >= 20 && buffer[0] < 4 && buffer[0] == 0x01 && buffer[1] == 0x01) break; // Binding success response
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut && attempt < 20)
            {
            }
        }
        var client = new SrtpDtlsClient(identity);
        new DtlsClientProtocol().Connect(client, new SocketDatagramTransport(_socket));
        if (client.Exported is null || client.SelectedProfile < 0) throw new InvalidOperationException("DTLS ended without use_srtp");
        var profile = (SrtpProfile)(ushort)client.SelectedProfile;
        int key = profile.KeyLength(), salt = profile.SaltLength();
        var x = client.Exported.AsSpan();
        // RFC 5764 §4.2: client_write_key | server_write_key | client_write_salt | server_write_salt.
        _outbound = SrtpContext.Create(profile, x[..key], x.Slice(2 * key, salt));
        _inbound = SrtpContext.Create(profile, x.Slice(key, key), x.Slice(2 * key + salt, salt));
        _socket.ReceiveTimeout = 0;
    }

    /// <summary>A connectivity check; repeated every few seconds it keeps consent alive (RFC 7675 §5.1).</summary>
    public void SendBindingRequest(bool useCandidate = false)
    {
        Span<byte> buffer = stackalloc byte[256];
        var w = new StunWriter(buffer, StunClass.Request, StunMethod.Binding,
            new StunTransactionId((ulong)Environment.TickCount64, Interlocked.Increment(ref _transaction)));
        w.TryAddUsername(Encoding.ASCII.GetBytes($"{_serverUfrag}:{Ufrag}"));
        w.TryAddPriority(IceCandidateLine.HostPriority());
        w.TryAddIceControlling(0x1122334455667788);
        if (useCandidate) w.TryAddUseCandidate();
        w.TryAddMessageIntegrity(Encoding.ASCII.GetBytes(_serverPwd));
        w.TryAddFingerprint();
        try
        {
            _socket.Send(w.Written);
        }
        catch (SocketException)
        {
        }
    }

    /// <summary>Protects and sends one plain RTP packet; false when the kernel refused it.</summary>
    public bool SendRtp(ReadOnlySpan<byte> packet)
    {
        lock (_sendLock)
        {
            packet.CopyTo(_sendBuffer);
            if (_outbound is null || !_outbound.TryProtectRtp(_sendBuffer, packet.Length, out int n, out _)) return false;
            try
            {
                return _socket.Send(_sendBuffer.AsSpan(0, n)) == n;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }

    /// <summary>Receives until the socket closes: RTP is unprotected and counted, RTCP counted, the rest ignored.</summary>
    public Task StartReceiving() => Task.Run(async () =>
    {
        var buffer = new byte[2048];
        while (true)
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            // RFC 7983 §7: 128–191 is RTP/RTCP; RFC 5761 §4: payload types 64–95 (with marker 192–223) are RTCP.
            if (n < 12 || buffer[0] < 128 || buffer[0] > 191) continue;
            if (buffer[1] is >= 192 and <= 223)
            {
                Interlocked.Increment(ref _rtcpReceived);
                continue;
            }
            if (!Decrypt || (_inbound is not null && _inbound.TryUnprotectRtp(buffer, n, out _, out _))) Interlocked.Increment(ref _rtpReceived);
            else Interlocked.Increment(ref _rejected);
        }
    });

    public void Dispose()
    {
        _socket.Dispose();
        _outbound?.Dispose();
        _inbound?.Dispose();
    }

    /// <summary>BouncyCastle's datagram view of the peer's socket during the handshake: non-DTLS datagrams are skipped.</summary>
    private sealed class SocketDatagramTransport(Socket socket) : DatagramTransport
    {
        public int GetReceiveLimit() => 1500;

        public int GetSendLimit() => 1200;

        public int Receive(byte[] buf, int off, int len, int waitMillis)
        {
            var deadline = Environment.TickCount64 + waitMillis;
            while (true)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0) return -1;
                socket.ReceiveTimeout = (int)left;
                try
                {
                    int n = socket.Receive(buf, off, len, SocketFlags.None);
                    if (n > 0 && buf[off] is >= 20 and <= 63) return n; // RFC 7983 §7: DTLS
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
                {
                    return -1;
                }
            }
        }

        public int Receive(Span<byte> buffer, int waitMillis)
        {
            var array = new byte[buffer.Length];
            int n = Receive(array, 0, array.Length, waitMillis);
            if (n > 0) array.AsSpan(0, n).CopyTo(buffer);
            return n;
        }

        public void Send(byte[] buf, int off, int len) => socket.Send(buf, off, len, SocketFlags.None);

        public void Send(ReadOnlySpan<byte> buffer) => socket.Send(buffer);

        public void Close()
        {
        }
    }
}
