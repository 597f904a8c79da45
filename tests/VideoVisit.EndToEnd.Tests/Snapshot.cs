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

    /// <summary>Audio bytes the page received from <paramref name="role"/>.</summary>
    public static long AudioBytes(JsonElement snapshot, string role) =>
        Remote(snapshot, role)?.GetProperty("audio").GetProperty("bytesReceived").GetInt64() ?? 0;

    public static string State(this JsonElement snapshot) => snapshot.GetProperty("state").GetString()!;

    public static string? Page(this JsonElement snapshot) => snapshot.GetProperty("page").GetString();
}
