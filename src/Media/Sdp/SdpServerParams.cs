using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace VideoVisit.Media.Sdp;

/// <summary>
/// What the server puts in every description it writes: its ICE credentials, DTLS certificate fingerprint and its one
/// UDP address (and its ICE-TCP port, if any). This address is the only one the builders ever emit (no participant learns another's address).
/// </summary>
public sealed record SdpServerParams
{
    public SdpServerParams(string iceUfrag, string icePwd, SdpFingerprint fingerprint, IPAddress address, int port)
    {
        // RFC 8839 §5.4: ufrag 4–256 ice-chars, pwd 22–256 ice-chars.
        if (!IsIceChars(iceUfrag, 4) || !IsIceChars(icePwd, 22))
        {
            throw new ArgumentException("ICE ufrag needs ≥4 and pwd ≥22 characters of ALPHA / DIGIT / + / /.");
        }

        if (!SdpText.IsToken(fingerprint.HashFunction) || !SdpText.IsWord(fingerprint.Value))
        {
            throw new ArgumentException("Malformed fingerprint.", nameof(fingerprint));
        }

        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port));
        }

        IceUfrag = iceUfrag;
        IcePwd = icePwd;
        Fingerprint = fingerprint;
        Address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        Port = port;
    }

    public string IceUfrag { get; }

    public string IcePwd { get; }

    public SdpFingerprint Fingerprint { get; }

    public IPAddress Address { get; }

    public int Port { get; }

    /// <summary>
    /// The ICE-TCP port (RFC 6544, a passive candidate on the same address), or null when the node has none. Offered
    /// after the UDP candidate, at a lower priority, for browsers that cannot send UDP.
    /// </summary>
    public int? TcpPort
    {
        get => _tcpPort;
        init
        {
            if (value is < 1 or > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(TcpPort));
            }
            _tcpPort = value;
        }
    }

    private readonly int? _tcpPort;

    /// <summary>RFC 8866 §5.7 addrtype for c= and o=.</summary>
    public string AddrType => Address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";

    /// <summary>o= session id: a random number below 2^63 (RFC 9429 §5.2.1).</summary>
    public static string NewSessionId() =>
        ((ulong)RandomNumberGenerator.GetInt32(int.MaxValue) << 31 | (uint)RandomNumberGenerator.GetInt32(int.MaxValue))
        .ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsIceChars(string s, int min) =>
        s.Length >= min && s.Length <= 256 && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/');
}
