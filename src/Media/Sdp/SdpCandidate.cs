using System.Globalization;
using System.Text;

namespace VideoVisit.Media.Sdp;

/// <summary>
/// a=candidate (RFC 8839 §5.1): foundation, component, transport, priority, address, port, "typ" type, optional
/// raddr/rport, then extension name/value pairs (e.g. Chrome's "generation 0 network-id 1") kept verbatim.
/// The address is text: a browser may hide its host address behind an mDNS ".local" name.
/// </summary>
public readonly record struct SdpCandidate(
    string Foundation,
    int Component,
    string Transport,
    uint Priority,
    string Address,
    int Port,
    string Type,
    string? RelatedAddress = null,
    int? RelatedPort = null,
    string? Extensions = null)
{
    /// <summary>RFC 8445 §5.1.2.1 with type preference 126 (host), local preference 65535, component 1.</summary>
    public static uint HostPriority(int component) => (126u << 24) + (65535u << 8) + (uint)(256 - component);

    /// <summary>
    /// A passive TCP host candidate (RFC 6544 §4.2): type preference 126 like UDP, local preference with the
    /// direction preference of a passive candidate on a host that is not behind NAT (4 of 7, in its top three bits)
    /// and an other-preference below UDP's, so a browser that can use both prefers UDP.
    /// </summary>
    public static uint PassiveTcpHostPriority(int component) => (126u << 24) + (((4u << 13) | 4095u) << 8) + (uint)(256 - component);

    /// <summary>Parses the attribute value (what follows "candidate:"), or returns the reason it cannot.</summary>
    public static bool TryParse(string value, out SdpCandidate candidate, out string reason)
    {
        candidate = default;
        string[] f = value.Split(' ');
        if (f.Length < 8)
        {
            reason = "candidate needs at least 8 fields";
            return false;
        }

        if (!IsIceChars(f[0], 1, 32))
        {
            reason = "bad candidate foundation";
            return false;
        }

        if (!SdpText.TryInt(f[1], out int component) || component is < 1 or > 256)
        {
            reason = "bad candidate component";
            return false;
        }

        if (!SdpText.IsToken(f[2]) || !SdpText.TryUInt(f[3], out uint priority) || priority == 0
            || !SdpText.IsWord(f[4]) || !SdpText.TryPort(f[5], out int port) || f[6] != "typ" || !SdpText.IsToken(f[7]))
        {
            reason = "bad candidate transport, priority, address, port or type";
            return false;
        }

        string? raddr = null;
        int? rport = null;
        int i = 8;
        if (i + 1 < f.Length && f[i] == "raddr")
        {
            raddr = f[i + 1];
            i += 2;
        }

        if (i + 1 < f.Length && f[i] == "rport")
        {
            if (!SdpText.TryPort(f[i + 1], out int rp))
            {
                reason = "bad candidate rport";
                return false;
            }

            rport = rp;
            i += 2;
        }

        // RFC 8839 §5.1: extensions come in name/value pairs.
        if ((f.Length - i) % 2 != 0 || f.AsSpan(i).Contains(string.Empty))
        {
            reason = "candidate extensions are not name/value pairs";
            return false;
        }

        string? ext = i < f.Length ? string.Join(' ', f, i, f.Length - i) : null;
        candidate = new SdpCandidate(f[0], component, f[2], priority, f[4], port, f[7], raddr, rport, ext);
        reason = string.Empty;
        return true;
    }

    public static SdpCandidate Parse(string value) =>
        TryParse(value, out SdpCandidate c, out string reason) ? c : throw new SdpParseException(0, value, reason);

    /// <summary>The attribute value, without "a=candidate:".</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Foundation).Append(' ').Append(Component.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Transport).Append(' ').Append(Priority.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Address).Append(' ').Append(Port.ToString(CultureInfo.InvariantCulture)).Append(" typ ").Append(Type);
        if (RelatedAddress is not null)
        {
            sb.Append(" raddr ").Append(RelatedAddress);
        }

        if (RelatedPort is int rp)
        {
            sb.Append(" rport ").Append(rp.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(Extensions))
        {
            sb.Append(' ').Append(Extensions);
        }

        return sb.ToString();
    }

    // RFC 8839 §5.1: ice-char = ALPHA / DIGIT / "+" / "/".
    private static bool IsIceChars(string s, int min, int max)
    {
        if (s.Length < min || s.Length > max)
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/'))
            {
                return false;
            }
        }

        return true;
    }
}
