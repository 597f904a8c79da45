using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace VideoVisit.Web.Hosting;

/// <summary>
/// Settings under <c>Metrics</c> (docs/operations.md "Metrics"). Off unless <see cref="Port"/> or
/// <see cref="ScrapeToken"/> is set: the scrape endpoint is never on the public port without a token.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>A port of its own for the scrape endpoint; nothing else is served there, and the endpoint nowhere else.</summary>
    public int? Port { get; set; }

    /// <summary>Where <see cref="Port"/> listens: loopback unless the operator names a private address.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>A secret the scraper sends as <c>Authorization: Bearer …</c>. With <see cref="Port"/> it is required there too.</summary>
    public string? ScrapeToken { get; set; }

    /// <summary>The scrape endpoint's path.</summary>
    public string Path { get; set; } = "/metrics";

    internal bool Enabled => Port is not null || !string.IsNullOrEmpty(ScrapeToken);
}

internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public const int MinTokenLength = 24;

    public ValidateOptionsResult Validate(string? name, MetricsOptions o)
    {
        var errors = new List<string>();
        if (o.Port is { } port && port is < 1 or > 65535) errors.Add($"Metrics:Port must be between 1 and 65535 (was {port}).");
        if (!IPAddress.TryParse(o.BindAddress, out _)) errors.Add($"Metrics:BindAddress: '{o.BindAddress}' is not an IP address.");
        if (o.ScrapeToken is { Length: > 0 and < MinTokenLength }) errors.Add($"Metrics:ScrapeToken must be at least {MinTokenLength} characters (e.g. openssl rand -hex 24).");
        if (!o.Path.StartsWith('/') || o.Path.Length < 2) errors.Add($"Metrics:Path must start with / (was '{o.Path}').");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>
/// Exports the meters of every layer (Media, Signaling, Recorder, and ASP.NET Core's own) for Prometheus through
/// OpenTelemetry, on a port of its own and/or behind a scrape token (docs/operations.md "Metrics").
/// </summary>
public static class MetricsExtensions
{
    /// <summary>The meters exported: ours, then the framework's (HTTP server, Kestrel, SignalR connections, runtime).</summary>
    public static readonly string[] Meters =
    [
        VideoVisit.Media.Rtc.MediaMetrics.MeterName,
        VideoVisit.Signaling.Metrics.VisitMetrics.MeterName,
        VideoVisit.Recorder.Hosting.RecorderMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "System.Runtime",
    ];

    public static WebApplicationBuilder AddVideoVisitMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>().Bind(builder.Configuration.GetSection(MetricsOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        var o = builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        if (!o.Enabled) return builder;

        builder.Services.AddOpenTelemetry().WithMetrics(m =>
        {
            m.AddMeter(Meters);
            m.AddPrometheusExporter();
        });
        if (o.Port is { } port && IPAddress.TryParse(o.BindAddress, out var bind))
        {
            // Kestrel listens on the metrics port besides the host's own addresses (--urls; Kestrel's default without).
            var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
            var main = string.IsNullOrWhiteSpace(urls) ? "http://localhost:5000" : urls;
            var host = bind.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bind}]" : bind.ToString();
            builder.WebHost.UseUrls($"{main};http://{host}:{port}");
        }
        return builder;
    }

    /// <summary>
    /// Before everything else: on the metrics port only the scrape endpoint answers (404 for the rest), and the
    /// endpoint answers only there (with a port) and only with the token (with a token); elsewhere it does not exist.
    /// </summary>
    public static WebApplication UseVideoVisitMetrics(this WebApplication app)
    {
        var o = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!o.Enabled) return app;
        var token = string.IsNullOrEmpty(o.ScrapeToken) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(o.ScrapeToken));
        if (o.Port is { } port)
        {
            app.Use((context, next) =>
            {
                if (context.Connection.LocalPort == port && !IsScrape(context, o, port, token))
                {
                    context.Response.StatusCode = context.Request.Path.Equals(o.Path, StringComparison.Ordinal)
                        ? StatusCodes.Status401Unauthorized
                        : StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }
                return next(context);
            });
        }
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => IsScrape(context, o, o.Port, token));
        return app;
    }

    private static bool IsScrape(HttpContext context, MetricsOptions o, int? port, byte[]? token)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || !context.Request.Path.Equals(o.Path, StringComparison.Ordinal)) return false;
        if (port is { } p && context.Connection.LocalPort != p) return false;
        if (token is null) return true;
        var header = context.Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.Ordinal)) return false;
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[bearer.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, token);
    }
}
