using System.Net;
using System.Text.RegularExpressions;
using VideoVisit.Media.Sdp;

namespace VideoVisit.Media.Tests.Sdp;

internal static partial class JsepTestData
{
    public const string ServerAddress = "203.0.113.10";

    public static readonly SdpFingerprint ServerFingerprint = new("sha-256",
        "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89");

    public static SdpServerParams Server(string address = ServerAddress) =>
        new("Srv1", "ServerIcePassword+/0123456789", ServerFingerprint, IPAddress.Parse(address), 40000);

    /// <summary>Every IPv4 or IPv6 literal in a description (dotted quads, and colon groups that are not hex fingerprints).</summary>
    public static IEnumerable<string> AddressesIn(string sdp)
    {
        foreach (Match m in Ipv4().Matches(sdp))
        {
            yield return m.Value;
        }

        foreach (string line in sdp.Split("\r\n").Where(l => !l.StartsWith("a=fingerprint:", StringComparison.Ordinal)))
        {
            foreach (string word in line.Split(' ', '=', '/'))
            {
                if (word.Contains(':') && IPAddress.TryParse(word, out IPAddress? a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
                {
                    yield return a.ToString();
                }
            }
        }
    }

    /// <summary>A browser-like answer to a subscribe offer: same mids, active role, receive-only.</summary>
    public static SessionDescription BrowserAnswer(SessionDescription offer, SdpSetupRole role = SdpSetupRole.Active, int dropLast = 0)
    {
        var a = new SessionDescription { Origin = new SdpOrigin("-", "99", 1, "IN", "IP4", "127.0.0.1") };
        if (offer.Bundle is SdpGroup g)
        {
            a.Groups.Add(g);
        }

        foreach (MediaDescription o in offer.Media.Take(offer.Media.Count - dropLast))
        {
            var m = new MediaDescription { Kind = o.Kind, Port = 9, Protocol = o.Protocol, Mid = o.Mid };
            m.Formats.AddRange(o.Formats);
            m.RtpMaps.AddRange(o.RtpMaps);
            m.IceUfrag = "brwz";
            m.IcePwd = "BrowserIcePassword0123456";
            m.Fingerprints.Add(new SdpFingerprint("sha-256", "01:02"));
            m.Setup = role;
            m.RtcpMux = true;
            m.Direction = o.Direction == SdpDirection.SendOnly ? SdpDirection.RecvOnly : SdpDirection.Inactive;
            a.Media.Add(m);
        }

        return a;
    }

    [GeneratedRegex(@"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex Ipv4();
}
