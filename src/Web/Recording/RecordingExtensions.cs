using System.Security.Cryptography;
using VideoVisit.Recorder.Hosting;
using VideoVisit.Signaling.Ports;

namespace VideoVisit.Web.Recording;

public static class RecordingExtensions
{
    /// <summary>
    /// The recorder under the data folder (section <c>Recorder</c>: directories, retention, keys). Without a key
    /// (<c>Recorder:CurrentKeyId</c> and <c>Recorder:Keys:&lt;id&gt;</c>, base64 of 32 random bytes) recording is
    /// unavailable, except in Development, where a key is generated once under <c>data/</c>.
    /// </summary>
    public static IServiceCollection AddVisitRecording(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddRecordingAccess(configuration);
        var options = configuration.GetSection("Recorder").Get<RecorderOptions>() ?? new RecorderOptions();
        var data = Path.GetFullPath(configuration["Data:Directory"] is { Length: > 0 } d ? d : "data", environment.ContentRootPath);
        options.CaptureDirectory = Path.GetFullPath(options.CaptureDirectory, data);
        options.RecordingDirectory = Path.GetFullPath(options.RecordingDirectory, data);
        if (options.Keys.Count == 0 && environment.IsDevelopment())
        {
            Directory.CreateDirectory(data);
            var file = Path.Combine(data, "recording-key");
            if (!File.Exists(file)) File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            options.CurrentKeyId = "dev";
            options.Keys["dev"] = File.ReadAllText(file).Trim();
        }
        if (options.Keys.Count == 0 || string.IsNullOrEmpty(options.CurrentKeyId))
        {
            services.AddSingleton<IRecordingControl, UnavailableRecording>();
            return services;
        }
        Directory.CreateDirectory(options.CaptureDirectory);
        Directory.CreateDirectory(options.RecordingDirectory);
        services.AddSingleton<IRecordingNotifications, TimelineRecordingNotifications>();
        services.AddRecorder(options);
        services.AddSingleton<IRecordingControl, RecordingControl>();
        return services;
    }

    /// <summary>No recording key is configured: no visit can be recorded on this server.</summary>
    private sealed class UnavailableRecording : IRecordingControl
    {
        public Task<bool> IsAllowedAsync(VideoVisit.Signaling.Visits.VisitId visit, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task StartAsync(VideoVisit.Signaling.Visits.VisitId visit, IReadOnlySet<VideoVisit.Signaling.Visits.ParticipantId> consented,
            CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("recording is not configured on this server");

        public Task SetConsentedAsync(VideoVisit.Signaling.Visits.VisitId visit, IReadOnlySet<VideoVisit.Signaling.Visits.ParticipantId> consented,
            CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task StopAsync(VideoVisit.Signaling.Visits.VisitId visit, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
