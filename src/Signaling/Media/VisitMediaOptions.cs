using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace VideoVisit.Signaling.Media;

/// <summary>Settings under <c>Media</c>: the node's one UDP port and the address it announces to browsers.</summary>
public sealed class VisitMediaOptions
{
    public const string Section = "Media";

    /// <summary>The UDP port for every media connection (0: any free port, for tests).</summary>
    public int UdpPort { get; set; } = 40000;

    /// <summary>
    /// The ICE-TCP port (RFC 6544), offered after UDP for browsers on networks that block UDP; 0 (the default): none.
    /// Open it in the firewall like the UDP port (deploy/README.md).
    /// </summary>
    public int TcpPort { get; set; }

    /// <summary>Open ICE-TCP connections from one address; beyond it new ones are reset (docs/security.md).</summary>
    public int TcpConnectionsPerAddress { get; set; } = 16;

    /// <summary>Where the UDP socket (and the ICE-TCP listener) binds.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// The address browsers send media to: the server's public address behind NAT, 127.0.0.1 on a developer's machine.
    /// It is the only address any participant ever learns (docs/safeguarding.md S7).
    /// </summary>
    public string AnnouncedAddress { get; set; } = "127.0.0.1";

    /// <summary>A media connection silent for this long is gone (RFC 7675 consent; at least 5 s).</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// SRTP profiles in order of preference, from <c>AEAD_AES_128_GCM</c> and <c>AES_CM_128_HMAC_SHA1_80</c>.
    /// Empty (the default): GCM first, then AES-CM.
    /// </summary>
    public string[] SrtpProfiles { get; set; } = [];

    /// <summary>The most one participant's camera track may send, in bits per second; the excess is dropped and counted (docs/security.md).</summary>
    public long MaxVideoBitrate { get; set; } = 2_500_000;

    /// <summary>The most one participant's microphone track may send, in bits per second; the excess is dropped and counted.</summary>
    public long MaxAudioBitrate { get; set; } = 128_000;

    /// <summary>
    /// How many media connections one participant may have created at once before the rate applies
    /// (<see cref="PeerCreationLimiter"/>): joining takes two (publish and subscribe), a reload or network change two more.
    /// </summary>
    public int PeerBurst { get; set; } = 10;

    /// <summary>How many media connections per minute one participant may have created, after the burst.</summary>
    public int PeersPerMinute { get; set; } = 6;

    /// <summary>Fault injection for development and tests (<c>Media:Diagnostics</c>); refused outside Development.</summary>
    public MediaDiagnosticsOptions Diagnostics { get; set; } = new();
}

/// <summary>Settings under <c>Media:Diagnostics</c>: faults to inject on purpose, to see the media plane cope.</summary>
public sealed class MediaDiagnosticsOptions
{
    /// <summary>
    /// Percentage (0-50) of publishers' incoming video RTP the server drops as a lossy network would, to exercise NACK
    /// recovery. 0 by default; any other value stops the host outside the Development environment.
    /// </summary>
    public int DropIncomingVideoPercent { get; set; }

    /// <summary>
    /// Percentage (0-50) of the video RTP sent to subscribers the server loses on purpose after recording it as sent,
    /// to exercise the subscribers' NACKs and the server's resends. 0 by default; any other value stops the host
    /// outside the Development environment.
    /// </summary>
    public int DropOutgoingVideoPercent { get; set; }

    /// <summary>
    /// Refuse every DTLS handshake (as a certificate that does not match its fingerprint would be), so pages' media
    /// keeps failing right after ICE connects and their reconnection backoff shows. False by default; true stops the
    /// host outside the Development environment.
    /// </summary>
    public bool RefuseDtls { get; set; }
}

internal sealed class VisitMediaOptionsValidator(IHostEnvironment environment) : IValidateOptions<VisitMediaOptions>
{
    public ValidateOptionsResult Validate(string? name, VisitMediaOptions o)
    {
        var errors = new List<string>();
        if (o.UdpPort is < 0 or > 65535) errors.Add($"Media:UdpPort must be between 0 and 65535 (was {o.UdpPort}).");
        if (!IPAddress.TryParse(o.BindAddress, out _)) errors.Add($"Media:BindAddress must be an IP address (was '{o.BindAddress}').");
        if (!IPAddress.TryParse(o.AnnouncedAddress, out var announced))
        {
            errors.Add($"Media:AnnouncedAddress must be an IP address (was '{o.AnnouncedAddress}').");
        }
        else if (announced.Equals(IPAddress.Any) || announced.Equals(IPAddress.IPv6Any))
        {
            errors.Add("Media:AnnouncedAddress must be the address browsers can reach, not 0.0.0.0 or ::.");
        }
        if (o.ConsentTimeout < TimeSpan.FromSeconds(5) || o.ConsentTimeout > TimeSpan.FromSeconds(60))
        {
            errors.Add($"Media:ConsentTimeout must be between 00:00:05 and 00:01:00 (was {o.ConsentTimeout}).");
        }
        foreach (var p in o.SrtpProfiles)
        {
            if (MediaServerFactory.ParseProfile(p) is null)
            {
                errors.Add($"Media:SrtpProfiles has '{p}': use AEAD_AES_128_GCM or AES_CM_128_HMAC_SHA1_80.");
            }
        }
        if (o.MaxVideoBitrate is < 100_000 or > 50_000_000) errors.Add($"Media:MaxVideoBitrate must be between 100000 and 50000000 bits/s (was {o.MaxVideoBitrate}).");
        if (o.MaxAudioBitrate is < 16_000 or > 1_000_000) errors.Add($"Media:MaxAudioBitrate must be between 16000 and 1000000 bits/s (was {o.MaxAudioBitrate}).");
        ValidateDrop(errors, "DropIncomingVideoPercent", o.Diagnostics?.DropIncomingVideoPercent ?? 0);
        ValidateDrop(errors, "DropOutgoingVideoPercent", o.Diagnostics?.DropOutgoingVideoPercent ?? 0);
        if (o.TcpPort is < 0 or > 65535) errors.Add($"Media:TcpPort must be between 0 (off) and 65535 (was {o.TcpPort}).");
        if (o.TcpConnectionsPerAddress is < 1 or > 10000) errors.Add($"Media:TcpConnectionsPerAddress must be between 1 and 10000 (was {o.TcpConnectionsPerAddress}).");
        if (o.Diagnostics?.RefuseDtls == true && !environment.IsDevelopment())
        {
            errors.Add($"Media:Diagnostics:RefuseDtls fails every participant's media on purpose: it is for Development only (environment is {environment.EnvironmentName}).");
        }
        if (o.PeerBurst is < 2 or > 1000) errors.Add($"Media:PeerBurst must be between 2 and 1000 (was {o.PeerBurst}).");
        if (o.PeersPerMinute is < 1 or > 10000) errors.Add($"Media:PeersPerMinute must be between 1 and 10000 (was {o.PeersPerMinute}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private void ValidateDrop(List<string> errors, string setting, int drop)
    {
        if (drop is < 0 or > 50)
        {
            errors.Add($"Media:Diagnostics:{setting} must be between 0 and 50 (was {drop}).");
        }
        else if (drop != 0 && !environment.IsDevelopment())
        {
            errors.Add($"Media:Diagnostics:{setting} drops participants' video on purpose: it is for Development only (environment is {environment.EnvironmentName}).");
        }
    }
}
