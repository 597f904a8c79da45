using System.Globalization;

namespace VideoVisit.Media.Sdp;

/// <summary>The peer's ICE and DTLS parameters as read from its offer or answer.</summary>
public sealed record SdpRemoteTransport(string IceUfrag, string IcePwd, IReadOnlyList<SdpFingerprint> Fingerprints, SdpSetupRole? Setup);

/// <summary>Transport attributes shared by answers and offers the server writes (RFC 9429 §5.2–5.3, RFC 8842).</summary>
public static class JsepTransport
{
    /// <summary>
    /// Reads the peer's credentials from the first usable m-section, falling back to session level (RFC 8839 §5.4
    /// allows either). With BUNDLE the tagged section's values govern the shared transport (RFC 8843 §7): a
    /// bundle-only section is never the tagged one (RFC 8843 §7.2.1), so it is read only when nothing else is.
    /// </summary>
    public static SdpRemoteTransport ReadRemote(SessionDescription description)
    {
        MediaDescription? m = description.Media.FirstOrDefault(x => !x.IsRejected && !x.BundleOnly)
                              ?? description.Media.FirstOrDefault(x => !x.IsRejected);
        string? ufrag = m?.IceUfrag ?? description.IceUfrag;
        string? pwd = m?.IcePwd ?? description.IcePwd;
        List<SdpFingerprint> fingerprints = m?.Fingerprints.Count > 0 ? m.Fingerprints : description.Fingerprints;
        if (ufrag is null || pwd is null)
        {
            throw new SdpNegotiationException("description carries no ICE ufrag/pwd");
        }

        if (fingerprints.Count == 0)
        {
            throw new SdpNegotiationException("description carries no DTLS fingerprint");
        }

        return new SdpRemoteTransport(ufrag, pwd, fingerprints.ToArray(), m?.Setup ?? description.Setup);
    }

    /// <summary>
    /// Session part of every description we write: o= and c= carry the server address, never a placeholder that
    /// could be mistaken for someone else's; ICE-lite (RFC 8445 §2.5, RFC 8839 §5.3).
    /// </summary>
    internal static SessionDescription NewSession(SdpServerParams server, string sessionId, ulong version)
    {
        var d = new SessionDescription
        {
            Origin = new SdpOrigin("-", sessionId, version, "IN", server.AddrType, server.Address.ToString()),
            SessionName = "-",
            Timing = new SdpTiming(0, 0),
            IceLite = true,
        };
        return d;
    }

    /// <summary>
    /// One host candidate on the server's UDP port, a passive TCP one when the node has ICE-TCP (RFC 6544), and
    /// end-of-candidates (RFC 8840 §8.2): an ICE-lite server gathers nothing else. ICE and DTLS attributes go in every m-section; their values are identical across the bundle.
    /// </summary>
    internal static void AddServerTransport(MediaDescription m, SdpServerParams server, SdpSetupRole role)
    {
        m.Port = server.Port;
        m.Connection = new SdpConnection("IN", server.AddrType, server.Address.ToString());
        m.IceUfrag = server.IceUfrag;
        m.IcePwd = server.IcePwd;
        m.Fingerprints.Add(server.Fingerprint);
        m.Setup = role;
        m.RtcpMux = true;
        m.Candidates.Add(new SdpCandidate("1", 1, "udp", SdpCandidate.HostPriority(1), server.Address.ToString(),
            server.Port, "host"));
        if (server.TcpPort is int tcpPort)
        {
            m.Candidates.Add(new SdpCandidate("2", 1, "tcp", SdpCandidate.PassiveTcpHostPriority(1), server.Address.ToString(),
                tcpPort, "host", Extensions: "tcptype passive"));
        }
        m.EndOfCandidates = true;
    }

    internal static string Pt(int pt) => pt.ToString(CultureInfo.InvariantCulture);
}
