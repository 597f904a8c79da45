using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VideoVisit.Signaling.Homing;
using VideoVisit.Signaling.Homing.Redis;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Media;
using VideoVisit.Signaling.Metrics;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Rooms.Redis;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling;

public static class SignalingServiceCollectionExtensions
{
    public const string HubPath = "/hubs/visit";

    /// <summary>
    /// The visit hub and room state: in memory by default; in Redis, with the SignalR Redis backplane, when
    /// <c>Redis:Configuration</c> is set.
    /// </summary>
    public static IServiceCollection AddVisitSignaling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VisitRedisOptions>().Bind(configuration.GetSection(VisitRedisOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VisitRedisOptions>, VisitRedisOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => SignalingNode.CreateDefault());
        services.AddOptions<VisitLimitsOptions>().Bind(configuration.GetSection(VisitLimitsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VisitLimitsOptions>, VisitLimitsOptionsValidator>();
        services.AddSingleton<RefusalRecords>();
        services.AddSingleton<HubCallLimits>();
        services.AddSingleton<VisitRooms>();
        services.AddSingleton<VisitClock>();
        services.AddHostedService(sp => sp.GetRequiredService<VisitClock>());
        services.TryAddSingleton<LatestEdges>();
        services.AddSingleton<IForwardingSink>(sp => sp.GetRequiredService<LatestEdges>());
        services.AddSingleton<VisitForwarding>();
        // Revocations reach live connections (docs/revocation.md); over Redis when it is configured (below).
        services.AddSingleton<LiveConnections>();
        services.AddSingleton<SeatRevocations>();
        services.AddSingleton<VideoVisit.Signaling.Ports.ISeatRevocations>(sp => sp.GetRequiredService<SeatRevocations>());

        // The node's media server (one UDP port) and the coordinator that hands it the policy's edges.
        services.AddOptions<VisitMediaOptions>().Bind(configuration.GetSection(VisitMediaOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VisitMediaOptions>, VisitMediaOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var server = MediaServerFactory.Create(sp.GetRequiredService<IOptions<VisitMediaOptions>>().Value,
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(), sp.GetRequiredService<TimeProvider>());
            // Its numbers for operators (docs/operations.md "Metrics"): nothing is counted until an exporter listens.
            _ = new VideoVisit.Media.Rtc.MediaMetrics(server, sp.GetService<System.Diagnostics.Metrics.IMeterFactory>());
            return server;
        });
        services.AddHostedService<MediaServerHost>();
        services.AddSingleton<PeerCreationLimiter>();
        services.AddSingleton<VisitMedia>();
        services.AddSingleton<IForwardingSink>(sp => sp.GetRequiredService<VisitMedia>());
        services.AddSingleton<IMediaPresence>(sp => sp.GetRequiredService<VisitMedia>());
        services.AddHostedService<LinkWatch>();

        // The visit's numbers for operators (docs/operations.md "Metrics"); resolved with the media server's host.
        services.AddSingleton(sp => new VisitMetrics(sp.GetRequiredService<VideoVisit.Media.Rtc.MediaServer>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<IForwardingSink>(sp => sp.GetRequiredService<VisitMetrics>());
        services.AddSingleton<IForwardingMeter>(sp => sp.GetRequiredService<VisitMetrics>());
        services.AddSingleton<Homing.IRedisRoundTripMeter>(sp => sp.GetRequiredService<VisitMetrics>());
        services.AddHostedService<VisitMetricsHost>();
        services.AddSingleton<HubMetricsFilter>();
        // Each visit's quality, stored with its record when it ends (docs/operations.md "Per-visit quality").
        services.TryAddSingleton<VideoVisit.Signaling.Ports.IVisitQualityRecords, VideoVisit.Signaling.Ports.NoVisitQualityRecords>();
        services.AddSingleton<VisitQualitySink>();
        services.AddSingleton<IForwardingSink>(sp => sp.GetRequiredService<VisitQualitySink>());

        services.AddAuthorizationBuilder()
            .AddPolicy(SignalingPolicies.Participant, p => p.RequireAuthenticatedUser().RequireClaim(VisitClaims.Visit));

        var signalR = services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = SignalingOptions.MaximumReceiveMessageSize;
                o.EnableDetailedErrors = false;
                // A connection that vanishes silently (a lost network) is noticed within ~8 s, so a supervisor who is
                // gone pauses the visit within 10 s (docs/safeguarding.md S2). Clients ping every 3 s.
                o.KeepAliveInterval = TimeSpan.FromSeconds(3);
                o.ClientTimeoutInterval = TimeSpan.FromSeconds(8);
                // Counts joins and refusals: first, so it sees the refusals of the filters after it.
                o.AddFilter<HubMetricsFilter>();
                // Rate limits, the device limit and VV_* codes for whatever a call trips over (docs/security.md).
                o.AddFilter<HubCallLimits>();
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        var redis = configuration.GetSection(VisitRedisOptions.Section).Get<VisitRedisOptions>() ?? new VisitRedisOptions();
        if (redis.Enabled)
        {
            services.AddSingleton<IConnectionMultiplexer>(sp =>
            {
                var o = sp.GetRequiredService<IOptions<VisitRedisOptions>>().Value;
                var config = ConfigurationOptions.Parse(o.Configuration!);
                config.AbortOnConnectFail = false; // start anyway; /readyz reports Redis until it answers
                config.ClientName ??= "videovisit";
                return ConnectionMultiplexer.Connect(config);
            });
            services.AddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<VisitRedisOptions>>().Value.KeyPrefix));
            services.AddSingleton<IRoomStateStore>(sp => new RedisRoomStateStore(
                sp.GetRequiredService<IConnectionMultiplexer>(),
                sp.GetRequiredService<RedisKeys>(),
                sp.GetRequiredService<IOptions<VisitRedisOptions>>().Value.RoomTtl));
            signalR.AddStackExchangeRedis();
            services.AddOptions<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions>()
                .Configure<IServiceProvider>((o, sp) =>
                {
                    o.Configuration.ChannelPrefix = RedisChannel.Literal(sp.GetRequiredService<RedisKeys>().SignalRChannelPrefix);
                    o.ConnectionFactory = _ => Task.FromResult(sp.GetRequiredService<IConnectionMultiplexer>());
                });
            services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
            AddRedisMediaHoming(services);
            services.AddSingleton<RedisRevocations>();
            services.AddSingleton<IRevocationBroadcast>(sp => sp.GetRequiredService<RedisRevocations>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisRevocations>());
        }
        else
        {
            services.AddSingleton<IRoomStateStore, MemoryRoomStateStore>();
            services.AddSingleton<LocalMediaHoming>();
            services.AddSingleton<IMediaHoming>(sp => sp.GetRequiredService<LocalMediaHoming>());
            services.AddSingleton<INodeRegistry>(sp => sp.GetRequiredService<LocalMediaHoming>());
            services.AddSingleton<IRevocationBroadcast, LocalRevocationBroadcast>();
        }
        return services;
    }

    /// <summary>Each visit's media on one node: the node registry (heartbeats), the visit -> home map, the relay between nodes.</summary>
    private static void AddRedisMediaHoming(IServiceCollection services)
    {
        services.AddSingleton(sp => new RedisVisitHomes(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<RedisKeys>(),
            sp.GetRequiredService<IOptions<VisitRedisOptions>>().Value.RoomTtl));
        services.AddSingleton<RedisNodeRegistry>();
        services.AddSingleton<INodeRegistry>(sp => sp.GetRequiredService<RedisNodeRegistry>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisNodeRegistry>());
        services.AddSingleton<RedisMediaRelay>();
        services.AddSingleton<LocalMediaHoming>(); // serves the visits homed here
        services.AddSingleton<RedisMediaHoming>();
        services.AddSingleton<IMediaHoming>(sp => sp.GetRequiredService<RedisMediaHoming>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisMediaHoming>());
    }

    public static IEndpointConventionBuilder MapVisitHub(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHub<VisitHub>(HubPath, o =>
        {
            o.Transports = HttpTransportType.WebSockets | HttpTransportType.LongPolling;
            // A token that expires ends the connection: a visit's access never outlives its invitation.
            o.CloseOnAuthenticationExpiration = true;
        });
}
