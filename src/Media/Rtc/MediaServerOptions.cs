using System.Net;
using VideoVisit.Media.Dtls;
using VideoVisit.Media.Net;
using VideoVisit.Media.Srtp;

namespace VideoVisit.Media.Rtc;

/// <summary>Settings of the node's media server: one UDP port for every connection (ICE-lite, RFC 7983 demultiplexing).</summary>
public sealed record MediaServerOptions
{
    /// <summary>Where the UDP socket binds (port 0: any free port).</summary>
    public IPEndPoint BindEndPoint { get; init; } = new(IPAddress.Any, 0);

    /// <summary>
    /// ICE-TCP (RFC 6544) for browsers that cannot send UDP: where its listener binds and its limits, or null (the
    /// default) for none. Its port is offered as a passive candidate on <see cref="AnnouncedAddress"/>.
    /// </summary>
    public TcpMediaListenerOptions? Tcp { get; init; }

    /// <summary>
    /// The address in the server's candidates, the only address any participant learns (docs/safeguarding.md S7).
    /// The port is the bound one.
    /// </summary>
    public IPAddress AnnouncedAddress { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// A connection with no authenticated ICE check for this long is considered gone (RFC 7675 consent). Browsers check
    /// every ~5 s; a short value notices a lost supervisor quickly (docs/safeguarding.md S2).
    /// </summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>SRTP profiles in the server's order of preference (RFC 5764 lets the server choose).</summary>
    public IReadOnlyList<SrtpProtectionProfile> SrtpProfiles { get; init; } = DtlsServerOptions.DefaultSrtpProfiles;

    public SrtpBackend SrtpBackend { get; init; } = SrtpBackend.Auto;

    /// <summary>How often consent, reports (RR/SR/REMB), keyframe throttles and NACK retries are serviced.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The most one published video track may send, in bits per second (RTP as received); the excess is dropped and counted.</summary>
    public long MaxVideoBitrate { get; init; } = 2_500_000;

    /// <summary>The most one published audio track may send, in bits per second (RTP as received); the excess is dropped and counted.</summary>
    public long MaxAudioBitrate { get; init; } = 128_000;

    /// <summary>
    /// Fault injection for development and tests only: this percentage (0-50) of publishers' incoming video RTP is
    /// dropped before decryption, as a lossy network would, to exercise NACK recovery. 0 (the default) drops nothing;
    /// the host refuses any other value outside the Development environment.
    /// </summary>
    public int DropIncomingVideoPercent { get; init; }

    /// <summary>
    /// Fault injection for development and tests only: this percentage (0-50) of the video RTP forwarded to
    /// subscribers is protected, recorded as sent and then not put on the wire, as a lossy network would, to exercise
    /// the subscribers' NACKs and the resends from the packet history. Resends are never dropped. 0 (the default)
    /// drops nothing; the host refuses any other value outside the Development environment.
    /// </summary>
    public int DropOutgoingVideoPercent { get; init; }

    /// <summary>
    /// Fault injection for development and tests only: every DTLS handshake is refused as if the browser's certificate
    /// did not match its a=fingerprint (a fatal alert right after ICE connected), so a page's media keeps failing and
    /// its reconnection backoff can be watched. False (the default) in any real use; the host refuses true outside the
    /// Development environment.
    /// </summary>
    public bool RefuseDtls { get; init; }
}
