using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using VideoVisit.Recorder.Live;

namespace VideoVisit.Recorder.Hosting;

/// <summary>Wiring for the host: <c>services.AddRecorder(options)</c> registers the post-processor as a hosted service
/// and <see cref="LiveCaptures"/>, which taps the node's media server (registered, with the clock, by Signaling)
/// when the host starts a capture. The host supplies an <see cref="IRecordingNotifications"/> that writes the visit
/// timeline; without one nothing is told.</summary>
public static class RecorderServiceCollectionExtensions
{
    public static IServiceCollection AddRecorder(this IServiceCollection services, RecorderOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton<IRecordingNotifications, NoRecordingNotifications>();
        services.AddSingleton<RecordingPostProcessor>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RecordingPostProcessor>());
        services.AddSingleton<LiveCaptures>();
        return services;
    }
}
