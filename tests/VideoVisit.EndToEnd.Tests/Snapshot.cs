using System.Text.Json;
using Microsoft.Playwright;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>Reads <c>window.videovisit.snapshot()</c>, the client's test contract, and waits for it to say something.</summary>
public static class Snapshot
{
    public static async Task<JsonElement> ReadAsync(IPage page) =>
        await page.EvaluateAsync<JsonElement>("() => window.videovisit ? window.videovisit.snapshot() : null");

    /// <summary>The same contract read from a Firefox page (over WebDriver BiDi, as JSON text).</summary>
    public static Task<JsonElement> ReadAsync(FirefoxPage page) =>
        page.EvaluateJsonAsync("JSON.stringify(window.videovisit ? window.videovisit.snapshot() : null)");

    public static Task<JsonElement> WaitForAsync(IPage page, Func<JsonElement, bool> predicate, int timeoutMs = 15_000) =>
        WaitForAsync(() => ReadAsync(page), predicate, timeoutMs);

    public static Task<JsonElement> WaitForAsync(FirefoxPage page, Func<JsonElement, bool> predicate, int timeoutMs = 15_000) =>
        WaitForAsync(() => ReadAsync(page), predicate, timeoutMs);

    /// <summary>Polls <paramref name="read"/> (any page's snapshot) until <paramref name="predicate"/> holds.</summary>
    public static async Task<JsonElement> WaitForAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> predicate, int timeoutMs)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await read();
            if (last.ValueKind == JsonValueKind.Object && predicate(last)) return last;
            await Task.Delay(100);
        }
        throw new TimeoutException($"snapshot never matched; last: {last}");
    }

    /// <summary>What the page received from the participant with <paramref name="role"/> (none: null).</summary>
    public static JsonElement? Remote(JsonElement snapshot, string role) =>
        snapshot.GetProperty("remotes").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(r => r!.Value.GetProperty("role").GetString() == role);

    /// <summary>Video frames the page decoded from <paramref name="role"/>.</summary>
    public static long Frames(JsonElement snapshot, string role) =>
        Remote(snapshot, role)?.GetProperty("video").GetProperty("framesDecoded").GetInt64() ?? 0;

    /// <summary>Generic NACKs the page sent for <paramref name="role"/>'s video (its <c>inbound-rtp</c> <c>nackCount</c>).</summary>
    public static long Nacks(JsonElement snapshot, string role) =>
        Remote(snapshot, role)?.GetProperty("video").GetProperty("nackCount").GetInt64() ?? 0;

    /// <summary>Width in pixels of the video the page decodes now from <paramref name="role"/> (its <c>inbound-rtp</c> <c>frameWidth</c>).</summary>
    public static long FrameWidth(JsonElement snapshot, string role) =>
        Remote(snapshot, role)?.GetProperty("video").GetProperty("frameWidth").GetInt64() ?? 0;

    /// <summary>Frames per second the page decodes now from <paramref name="role"/> (its <c>inbound-rtp</c> <c>framesPerSecond</c>).</summary>
    public static double FramesPerSecond(JsonElement snapshot, string role) =>
        Remote(snapshot, role)?.GetProperty("video").GetProperty("framesPerSecond").GetDouble() ?? 0;

    /// <summary>
    /// What the page's publish connection sends now, from the browser's <c>getStats()</c>: the camera's
    /// <c>outbound-rtp</c> (<c>frameWidth</c>, <c>framesPerSecond</c>, <c>bytesSent</c>, <c>qualityLimitationReason</c>) and
    /// the candidate pair's <c>availableOutgoingBitrate</c> (bits/s, the browser's send-side bandwidth estimate).
    /// </summary>
    public static async Task<Sending> SendingAsync(IPage page)
    {
        var s = await page.EvaluateAsync<JsonElement>("() => window.videovisit.sending()");
        if (s.ValueKind != JsonValueKind.Object) return default;
        return new Sending(s.GetProperty("frameWidth").GetInt64(), s.GetProperty("framesPerSecond").GetDouble(),
            s.GetProperty("bytesSent").GetInt64(), s.GetProperty("availableOutgoingBitrate").GetDouble(),
            s.GetProperty("qualityLimitationReason").ValueKind == JsonValueKind.String ? s.GetProperty("qualityLimitationReason").GetString() : null);
    }

    /// <summary>Audio bytes the page received from <paramref name="role"/>.</summary>
    public static long AudioBytes(JsonElement snapshot, string role) =>
        Remote(snapshot, role)?.GetProperty("audio").GetProperty("bytesReceived").GetInt64() ?? 0;

    /// <summary>Waits until the page decodes video and receives audio from <paramref name="role"/>, and both keep growing.</summary>
    public static async Task SeesAndHearsAsync(IPage page, string role)
    {
        var first = await WaitForAsync(page, s => Frames(s, role) > 0 && AudioBytes(s, role) > 0, 20_000);
        await WaitForAsync(page, s => Frames(s, role) > Frames(first, role) && AudioBytes(s, role) > AudioBytes(first, role), 10_000);
    }

    /// <summary>Two readings <paramref name="gapMs"/> apart, after letting in-flight packets land for <paramref name="settleMs"/>: did the number grow?</summary>
    public static async Task<bool> GrowsAsync(IPage page, Func<JsonElement, long> measure, int settleMs = 1000, int gapMs = 2000)
    {
        await Task.Delay(settleMs);
        var before = measure(await ReadAsync(page));
        await Task.Delay(gapMs);
        return measure(await ReadAsync(page)) > before;
    }

    public static string State(this JsonElement snapshot) => snapshot.GetProperty("state").GetString()!;

    public static string? Page(this JsonElement snapshot) => snapshot.GetProperty("page").GetString();
}

/// <summary>A page's publish connection as its browser reports it (see <see cref="Snapshot.SendingAsync"/>).</summary>
public readonly record struct Sending(long FrameWidth, double FramesPerSecond, long BytesSent, double AvailableOutgoingBitrate, string? QualityLimitationReason)
{
    public override string ToString() =>
        $"{FrameWidth} px at {FramesPerSecond:0.#} fps, estimate {AvailableOutgoingBitrate / 1000:0} kbit/s, limited by {QualityLimitationReason ?? "-"}";
}
