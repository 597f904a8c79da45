namespace VideoVisit.Recorder.Hosting;

/// <summary>Recorder settings, bound from configuration by the host (section "Recorder").</summary>
public sealed class RecorderOptions
{
    /// <summary>Where captures are appended while a visit is recorded (plaintext RTP: keep it on the server's own disk).</summary>
    public string CaptureDirectory { get; set; } = "recordings/capture";

    /// <summary>Where encrypted WebM recordings are kept.</summary>
    public string RecordingDirectory { get; set; } = "recordings/store";

    /// <summary>Days a recording is kept before the retention sweep deletes it.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>Key id new recordings are encrypted with.</summary>
    public string CurrentKeyId { get; set; } = "";

    /// <summary>Key id to base64 of a 32-byte AES key; old ids stay to read old recordings.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>How often the retention sweep runs.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
