using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoVisit.Media.Dtls;
using VideoVisit.Media.Net;
using VideoVisit.Media.Rtc;

namespace VideoVisit.Signaling.Media;

/// <summary>Builds the node's media server from <see cref="VisitMediaOptions"/>.</summary>
internal static class MediaServerFactory
{
    public static SrtpProtectionProfile? ParseProfile(string name) => name switch
    {
        "AEAD_AES_128_GCM" => SrtpProtectionProfile.AeadAes128Gcm,
        "AES_CM_128_HMAC_SHA1_80" => SrtpProtectionProfile.AesCm128HmacSha1_80,
        _ => null,
    };

    public static MediaServer Create(VisitMediaOptions o, ILoggerFactory loggers, TimeProvider time) =>
        new(new MediaServerOptions
        {
            BindEndPoint = new IPEndPoint(IPAddress.Parse(o.BindAddress), o.UdpPort),
            Tcp = o.TcpPort == 0 ? null : new TcpMediaListenerOptions
            {
                LocalEndPoint = new IPEndPoint(IPAddress.Parse(o.BindAddress), o.TcpPort),
                MaxConnectionsPerAddress = o.TcpConnectionsPerAddress,
            },
            AnnouncedAddress = IPAddress.Parse(o.AnnouncedAddress),
            ConsentTimeout = o.ConsentTimeout,
            SrtpProfiles = o.SrtpProfiles.Length == 0
                ? DtlsServerOptions.DefaultSrtpProfiles
                : o.SrtpProfiles.Select(p => ParseProfile(p)!.Value).ToArray(),
            MaxVideoBitrate = o.MaxVideoBitrate,
            MaxAudioBitrate = o.MaxAudioBitrate,
            DropIncomingVideoPercent = o.Diagnostics?.DropIncomingVideoPercent ?? 0,
            DropOutgoingVideoPercent = o.Diagnostics?.DropOutgoingVideoPercent ?? 0,
            RefuseDtls = o.Diagnostics?.RefuseDtls ?? false,
        }, loggers, time);
}

/// <summary>Starts the media server with the host and stops it with the host.</summary>
internal sealed class MediaServerHost(MediaServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        server.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await server.DisposeAsync();
}
