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
            if (!File.Exists(file)) VideoVisit.Recorder.Storage.PrivateFiles.WriteNewText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            options.CurrentKeyId = "dev";
            options.Keys["dev"] = File.ReadAllText(file).Trim();
        }
        RecorderKeySettings.ThrowIfHalfSet(options);
        if (options.Keys.Count == 0 || string.IsNullOrEmpty(options.CurrentKeyId))
        {
            services.AddSingleton<IRecordingControl, UnavailableRecording>();
            return services;
        }
        Directory.CreateDirectory(options.CaptureDirectory);
        Directory.CreateDirectory(options.RecordingDirectory);
        services.AddSingleton<IRecordingNotifications, TimelineRecordingNotifications>();
        services.AddRecorder(options);
        services.AddSingleton<RecordingControl>();
        services.AddSingleton<IRecordingControl>(sp => sp.GetRequiredService<RecordingControl>());
        // A sink like the media's: only the node serving the visit's media applies it, so the capture is made there.
        services.AddSingleton<VideoVisit.Signaling.Policy.IForwardingSink>(sp => sp.GetRequiredService<RecordingControl>());
        return services;
    }

    /// <summary>No recording key is configured: no visit can be recorded on this server.</summary>
    private sealed class UnavailableRecording : IRecordingControl
    {
        public Task<bool> IsAllowedAsync(VideoVisit.Signaling.Visits.VisitId visit, CancellationToken cancellationToken = default) => Task.FromResult(false);
    }
}
