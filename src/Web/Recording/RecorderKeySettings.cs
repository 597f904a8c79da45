using VideoVisit.Recorder.Hosting;

namespace VideoVisit.Web.Recording;

/// <summary>
/// Recording keys set only in part are a mistake the host refuses to start with (naming the setting), rather than
/// quietly running without recording or failing at the first consented recording of a visit.
/// </summary>
internal static class RecorderKeySettings
{
    public static void ThrowIfHalfSet(RecorderOptions options)
    {
        if (options.Keys.Count == 0 && string.IsNullOrEmpty(options.CurrentKeyId)) return;
        var errors = new List<string>();
        if (string.IsNullOrEmpty(options.CurrentKeyId))
        {
            errors.Add("Recorder:CurrentKeyId is required when Recorder:Keys is set: the id of the key new recordings are encrypted with.");
        }
        else if (!options.Keys.ContainsKey(options.CurrentKeyId))
        {
            errors.Add($"Recorder:Keys:{options.CurrentKeyId} is missing: Recorder:CurrentKeyId names it.");
        }
        foreach (var (id, key) in options.Keys)
        {
            if (!IsKey(key)) errors.Add($"Recorder:Keys:{id} must be base64 of 32 random bytes (e.g. `openssl rand -base64 32`).");
        }
        if (errors.Count > 0) throw new InvalidOperationException(string.Join(" ", errors));
    }

    private static bool IsKey(string? base64)
    {
        var bytes = new byte[48];
        return base64 is not null && Convert.TryFromBase64String(base64.Trim(), bytes, out var length) && length == 32;
    }
}
