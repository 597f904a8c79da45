using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace VideoVisit.Media.Ice;

/// <summary>
/// The server's host candidate for SDP (RFC 8839 §5.1 grammar). Only the configured announced address is ever
/// formatted: no participant may learn any other address of ours, nor anyone else's (they only see the server's).
/// </summary>
public static class IceCandidateLine
{
    /// <summary>RFC 8445 §5.1.2.2: recommended type preference for host candidates.</summary>
    public const int HostTypePreference = 126;

    /// <summary>RFC 8445 §5.1.2.1: the highest local preference, for a node announcing one address per family.</summary>
    public const int MaxLocalPreference = 65535;

    /// <summary>RTP/RTCP share component 1 with rtcp-mux (RFC 5761), so it is the only one we announce.</summary>
    public const int RtpComponent = 1;

    /// <summary>RFC 8445 §5.1.2.1: priority = 2^24·type preference + 2^8·local preference + (256 − component id).</summary>
    public static uint Priority(int typePreference, int localPreference, int componentId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(typePreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(typePreference, 126);
        ArgumentOutOfRangeException.ThrowIfNegative(localPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPreference, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(componentId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(componentId, 256);
        return ((uint)typePreference << 24) + ((uint)localPreference << 8) + (uint)(256 - componentId);
    }

    public static uint HostPriority(int localPreference = MaxLocalPreference) =>
        Priority(HostTypePreference, localPreference, RtpComponent);

    /// <summary>
    /// <c>candidate:&lt;foundation&gt; 1 udp &lt;priority&gt; &lt;ip&gt; &lt;port&gt; typ host generation 0</c> (the value
    /// of an <c>a=</c> line). The foundation defaults per family (RFC 8445 §5.1.1.3: different base addresses need
    /// different foundations). An unspecified, broadcast or zero-port address is refused: it is a configuration error.
    /// </summary>
    public static string FormatHost(IPEndPoint announced, string? foundation = null, int localPreference = MaxLocalPreference)
    {
        ArgumentNullException.ThrowIfNull(announced);
        IPAddress address = announced.Address.IsIPv4MappedToIPv6 ? announced.Address.MapToIPv4() : announced.Address;
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException("Only IPv4 and IPv6 addresses can be announced.", nameof(announced));
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)
            || announced.Port == 0)
        {
            throw new ArgumentException("The announced address must be a concrete address and port.", nameof(announced));
        }

        // RFC 8839 §5.1: foundation = 1*32 ice-char.
        foundation ??= address.AddressFamily == AddressFamily.InterNetwork ? "1" : "2";
        if (foundation.Length is 0 or > 32 || !IceChars.IsValid(foundation, 1))
        {
            throw new ArgumentException("A foundation is 1 to 32 ice-chars.", nameof(foundation));
        }

        // The SDP connection-address carries no IPv6 zone id (RFC 8839 §5.1), so the scope is dropped.
        string ip = address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes()).ToString()
            : address.ToString();
        return string.Create(CultureInfo.InvariantCulture,
            $"candidate:{foundation} {RtpComponent} udp {HostPriority(localPreference)} {ip} {announced.Port} typ host generation 0");
    }
}
