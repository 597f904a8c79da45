using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using System.Text;
using VideoVisit.Media.Stun;

namespace VideoVisit.Web.Tests.Deploy;

/// <summary>
/// The few TURN requests (RFC 8656) a test needs to ask a real coturn whether it takes a credential and which peers it
/// relays to: Allocate with the long-term credential mechanism (RFC 8489 §9.2), and CreatePermission.
/// </summary>
public sealed class TurnClient : IDisposable
{
    private const StunMethod Allocate = (StunMethod)0x003;
    private const StunMethod CreatePermission = (StunMethod)0x008;
    private const ushort RequestedTransport = 0x0019;
    private const ushort XorPeerAddress = 0x0012;
    private const ushort XorRelayedAddress = 0x0016;
    private const ushort Realm = 0x0014;
    private const ushort Nonce = 0x0015;

    private readonly IPEndPoint _server;
    private readonly UdpClient? _udp;
    private readonly TcpClient? _tcp;
    private readonly SslStream? _tls;
    private byte[] _realm = [];
    private byte[] _nonce = [];
    private byte[] _key = [];
    private byte[] _username = [];

    /// <summary>TURN over UDP to <paramref name="server"/>.</summary>
    public TurnClient(IPEndPoint server)
    {
        _server = server;
        _udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
    }

    private TurnClient(IPEndPoint server, TcpClient tcp, SslStream tls)
    {
        _server = server;
        _tcp = tcp;
        _tls = tls;
    }

    /// <summary>
    /// TURN over TLS (RFC 8656 §3.1), as a browser on a network that lets only HTTPS out reaches coturn: the server's
    /// certificate must chain to <paramref name="authority"/>.
    /// </summary>
    public static async Task<TurnClient> ConnectTlsAsync(IPEndPoint server, X509Certificate2 authority, string host = "localhost")
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server);
        var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
        {
            if (certificate is null) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        });
        await tls.AuthenticateAsClientAsync(host);
        return new TurnClient(server, tcp, tls);
    }

    /// <summary>The TLS version agreed, when over TLS.</summary>
    public System.Security.Authentication.SslProtocols? TlsProtocol => _tls?.SslProtocol;

    /// <summary>The outcome of a request: 0 for success, else the STUN error code (401, 403…); the relayed address on success.</summary>
    public sealed record Answer(int Error, IPEndPoint? Relayed);

    /// <summary>Allocates a UDP relay with a TURN REST credential: first unauthenticated to learn the realm and nonce, then signed.</summary>
    public async Task<Answer> AllocateAsync(string username, string password)
    {
        var challenge = await SendAsync(Allocate, signed: false, RequestedTransportValue());
        if (challenge.Error != 401) return new Answer(challenge.Error, null);
        _username = Encoding.UTF8.GetBytes(username);
        _key = MD5.HashData(Encoding.UTF8.GetBytes($"{username}:{Encoding.UTF8.GetString(_realm)}:{password}"));
        return await SendAsync(Allocate, signed: true, RequestedTransportValue());
    }

    /// <summary>Asks to relay to <paramref name="peer"/> on the allocation made before.</summary>
    public Task<Answer> CreatePermissionAsync(IPAddress peer) => SendAsync(CreatePermission, signed: true, (XorPeerAddress, null, peer));

    private async Task<Answer> SendOverTlsAsync(byte[] request, StunTransactionId id)
    {
        await _tls!.WriteAsync(request);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            // Over a stream each STUN message is framed by its own header: 20 bytes, the length at offset 2.
            var header = new byte[20];
            await _tls.ReadExactlyAsync(header, timeout.Token);
            var message = new byte[20 + ((header[2] << 8) | header[3])];
            header.CopyTo(message, 0);
            await _tls.ReadExactlyAsync(message.AsMemory(20), timeout.Token);
            if (Read(message, id) is { } answer) return answer;
        }
    }

    private static (ushort, byte[]?, IPAddress?) RequestedTransportValue() => (RequestedTransport, [17, 0, 0, 0], null);

    private async Task<Answer> SendAsync(StunMethod method, bool signed, (ushort Type, byte[]? Value, IPAddress? Peer) attribute)
    {
        var id = StunTransactionId.NewRandom();
        var request = Write(method, id, signed, attribute);
        if (_tls is not null) return await SendOverTlsAsync(request, id);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await _udp!.SendAsync(request, _server);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                while (true)
                {
                    var datagram = (await _udp.ReceiveAsync(timeout.Token)).Buffer;
                    if (Read(datagram, id) is { } answer) return answer;
                }
            }
            catch (OperationCanceledException)
            {
                // lost on loopback under load, or the server is still starting: send again
            }
        }
        throw new TimeoutException($"no TURN answer from {_server}");
    }

    private byte[] Write(StunMethod method, StunTransactionId id, bool signed, (ushort Type, byte[]? Value, IPAddress? Peer) attribute)
    {
        var buffer = new byte[512];
        var writer = new StunWriter(buffer, StunClass.Request, method, id);
        if (attribute.Peer is { } peer)
        {
            var endpoint = StunEndpoint.FromIPEndPoint(new IPEndPoint(peer, 9));
            var value = new byte[StunAddressCodec.ValueLength(endpoint)];
            StunAddressCodec.TryWriteXorMapped(value, endpoint, id);
            writer.TryAddAttribute(attribute.Type, value);
        }
        else
        {
            writer.TryAddAttribute(attribute.Type, attribute.Value);
        }
        if (signed)
        {
            writer.TryAddUsername(_username);
            writer.TryAddAttribute(Realm, _realm);
            writer.TryAddAttribute(Nonce, _nonce);
            writer.TryAddMessageIntegrity(_key);
        }
        writer.TryAddFingerprint();
        return writer.Written.ToArray();
    }

    private Answer? Read(byte[] datagram, StunTransactionId id)
    {
        if (!StunMessage.TryParse(datagram, out var message, out _) || message.TransactionId != id) return null;
        if (message.TryGetRealm(out var realm)) _realm = realm.ToArray();
        if (message.TryGetNonce(out var nonce)) _nonce = nonce.ToArray();
        if (message.Class == StunClass.ErrorResponse)
        {
            return new Answer(message.TryGetErrorCode(out var code, out _) ? code : -1, null);
        }
        IPEndPoint? relayed = null;
        if (message.TryGetAttribute(XorRelayedAddress, out var value) && StunAddressCodec.TryReadXorMapped(value, id, out var endpoint))
        {
            relayed = endpoint.ToIPEndPoint();
        }
        return new Answer(0, relayed);
    }

    public void Dispose()
    {
        _udp?.Dispose();
        _tls?.Dispose();
        _tcp?.Dispose();
    }
}
