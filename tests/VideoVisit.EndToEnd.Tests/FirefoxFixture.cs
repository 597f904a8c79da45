using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VideoVisit.Testing;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// Debian's Firefox ESR, headless, driven over its own WebDriver BiDi remote agent (W3C WebDriver BiDi: session,
/// browser, browsingContext, script and log modules) with a small client written here: Playwright drives only its own
/// patched Firefox builds, and the few commands these tests need fit in one class. Started on first use, so the
/// Chromium-only tests of the collection never pay for it. The profile's prefs give fake devices without prompts,
/// allow ICE on loopback (the tests' only network), and turn off everything that would reach out (updates, telemetry,
/// safe browsing, plugin downloads).
/// </summary>
public sealed partial class FirefoxFixture : IAsyncLifetime
{
    public const string FirefoxPath = "/usr/bin/firefox-esr";

    // Generous: with load averages far above the two cores, Firefox has taken over a minute to open its session.
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(180);

    private readonly SemaphoreSlim _startLock = new(1, 1);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly List<FirefoxPage> _pages = [];
    private Process? _process;
    private ClientWebSocket? _socket;
    private Task? _receiveLoop;
    private string? _profile;
    private long _nextId;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>
    /// A fresh user context (its own cookies and storage: one person's device) with one tab, in Japanese (the app
    /// reads <c>navigator.languages</c>) at 1366×768.
    /// </summary>
    public async Task<FirefoxPage> NewPageAsync()
    {
        await StartAsync();
        var userContext = (await SendAsync("browser.createUserContext", new JsonObject())).GetProperty("userContext").GetString()!;
        var context = (await SendAsync("browsingContext.create", new JsonObject { ["type"] = "tab", ["userContext"] = userContext }))
            .GetProperty("context").GetString()!;
        await SendAsync("browsingContext.setViewport", new JsonObject
        {
            ["context"] = context,
            ["viewport"] = new JsonObject { ["width"] = 1366, ["height"] = 768 },
        });
        var page = new FirefoxPage(this, context, userContext);
        lock (_pages) _pages.Add(page);
        return page;
    }

    /// <summary>Closes every page a test opened (their connections end with them), keeping the browser for the next test.</summary>
    public async Task CloseContextsAsync()
    {
        FirefoxPage[] open;
        lock (_pages)
        {
            open = [.. _pages];
            _pages.Clear();
        }
        foreach (var page in open) await page.CloseAsync();
    }

    private async Task StartAsync()
    {
        await _startLock.WaitAsync();
        bool startedOk = false;
        try
        {
            if (_socket is { State: WebSocketState.Open })
            {
                startedOk = true;
                return;
            }
            if (!File.Exists(FirefoxPath))
            {
                throw new InvalidOperationException($"{FirefoxPath} is missing: scripts/test.sh installs it (apt-get install firefox-esr).");
            }
            _profile = Path.Combine(Path.GetTempPath(), "videovisit-firefox", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_profile);
            await File.WriteAllLinesAsync(Path.Combine(_profile, "user.js"), Prefs.Select(p => $"user_pref(\"{p.Key}\", {p.Value});"));
            var start = new ProcessStartInfo(FirefoxPath)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "--headless", "--no-remote", "--profile", _profile, "--remote-debugging-port", "0", "about:blank" })
            {
                start.ArgumentList.Add(a);
            }
            start.Environment["MOZ_CRASHREPORTER_DISABLE"] = "1";
            _process = Process.Start(start) ?? throw new InvalidOperationException("firefox-esr did not start");
            _ = _process.StandardOutput.ReadToEndAsync();

            // "WebDriver BiDi listening on ws://127.0.0.1:PORT" comes on stderr once the agent is up.
            // Generous: on a loaded 2-core machine Firefox can take over a minute to bring its remote agent up.
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(180));
            string? endpoint = null;
            while (endpoint is null)
            {
                var line = await _process.StandardError.ReadLineAsync(cts.Token)
                    ?? throw new InvalidOperationException("firefox-esr exited before its remote agent listened");
                var match = ListeningLine().Match(line);
                if (match.Success) endpoint = match.Groups["url"].Value;
            }
            _ = DrainAsync(_process.StandardError);

            _socket = new ClientWebSocket();
            await _socket.ConnectAsync(new Uri(endpoint + "/session"), cts.Token);
            _receiveLoop = Task.Run(ReceiveLoopAsync);
            startedOk = true;
            await SendAsync("session.new", new JsonObject { ["capabilities"] = new JsonObject { ["alwaysMatch"] = new JsonObject { ["acceptInsecureCerts"] = false } } });
            await SendAsync("session.subscribe", new JsonObject { ["events"] = new JsonArray("log.entryAdded") });
        }
        finally
        {
            if (!startedOk && _process is { HasExited: false })
            {
                // A start that failed leaves no browser behind; the next test starts afresh.
                _process.Kill(entireProcessTree: true);
                _socket?.Dispose();
                _socket = null;
            }
            _startLock.Release();
        }
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is not null)
        {
        }
    }

    /// <summary>Sends one command and waits for its result; a BiDi error becomes an exception naming it.</summary>
    internal async Task<JsonElement> SendAsync(string method, JsonObject parameters)
    {
        var socket = _socket ?? throw new InvalidOperationException("Firefox is not started");
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var bytes = Encoding.UTF8.GetBytes(new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString());
        await _sendLock.WaitAsync();
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
        try
        {
            return await reply.Task.WaitAsync(CommandTimeout);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (_socket!.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                using var doc = JsonDocument.Parse(message.ToArray());
                message.SetLength(0);
                var root = doc.RootElement;
                var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
                if (root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.Number
                    && _pending.TryGetValue(idElement.GetInt64(), out var reply))
                {
                    if (type == "error")
                    {
                        reply.TrySetException(new InvalidOperationException($"BiDi {root.GetProperty("error").GetString()}: {root.GetProperty("message").GetString()}"));
                    }
                    else
                    {
                        reply.TrySetResult(root.GetProperty("result").Clone());
                    }
                }
                else if (type == "event" && root.GetProperty("method").GetString() == "log.entryAdded")
                {
                    LogEntry(root.GetProperty("params"));
                }
            }
        }
        catch (WebSocketException)
        {
            // The browser went away; pending commands fail below.
        }
        foreach (var reply in _pending.Values) reply.TrySetException(new InvalidOperationException("Firefox's remote agent closed the connection"));
    }

    /// <summary>The page's own errors and warnings go to the log beside the screenshots, as Chromium's do.</summary>
    private static void LogEntry(JsonElement entry)
    {
        var level = entry.TryGetProperty("level", out var l) ? l.GetString() : null;
        if (level is not ("error" or "warn")) return;
        var text = entry.TryGetProperty("text", out var x) ? x.GetString() : "";
        var url = entry.TryGetProperty("source", out var s) && s.TryGetProperty("context", out var c) ? c.GetString() : "";
        lock (BrowserFixture.ConsoleLog)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(BrowserFixture.ConsoleLog)!);
            File.AppendAllText(BrowserFixture.ConsoleLog, $"{DateTime.UtcNow:HH:mm:ss.fff} firefox {url} {level}: {text}{Environment.NewLine}");
        }
    }

    public async Task DisposeAsync()
    {
        if (_socket is { State: WebSocketState.Open })
        {
            try
            {
                await SendAsync("browser.close", new JsonObject());
            }
            catch (InvalidOperationException)
            {
                // It closed the connection as it went: that is the answer.
            }
        }
        if (_process is { HasExited: false })
        {
            if (!_process.WaitForExit(10_000)) _process.Kill(entireProcessTree: true);
        }
        _process?.Dispose();
        _socket?.Dispose();
        if (_receiveLoop is not null) await Task.WhenAny(_receiveLoop, Task.Delay(5000));
        if (_profile is not null)
        {
            try { Directory.Delete(_profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>user.js of the test profile (values are JavaScript literals).</summary>
    private static readonly Dictionary<string, string> Prefs = new()
    {
        // Fake camera and microphone, no permission prompt, ICE on loopback, sound and video play without a click.
        ["media.navigator.streams.fake"] = "true",
        ["media.navigator.permission.disabled"] = "true",
        ["permissions.default.camera"] = "1",
        ["permissions.default.microphone"] = "1",
        ["media.peerconnection.ice.loopback"] = "true",
        ["media.autoplay.default"] = "0",
        ["media.autoplay.blocking_policy"] = "0",
        ["intl.accept_languages"] = "\"ja-JP, ja\"",
        // Nothing reaches out: no updates, telemetry, safe-browsing lists, remote settings, codec plugin downloads,
        // captive-portal or connectivity probes, DNS-over-HTTPS or speculative connections.
        ["app.update.disabledForTesting"] = "true",
        ["app.update.auto"] = "false",
        ["app.update.checkInstallTime"] = "false",
        ["extensions.update.enabled"] = "false",
        ["extensions.getAddons.cache.enabled"] = "false",
        ["extensions.blocklist.enabled"] = "false",
        ["datareporting.healthreport.uploadEnabled"] = "false",
        ["datareporting.policy.dataSubmissionEnabled"] = "false",
        ["toolkit.telemetry.enabled"] = "false",
        ["toolkit.telemetry.unified"] = "false",
        ["toolkit.telemetry.server"] = "\"\"",
        ["browser.ping-centre.telemetry"] = "false",
        ["browser.newtabpage.activity-stream.feeds.telemetry"] = "false",
        ["browser.newtabpage.activity-stream.telemetry"] = "false",
        ["browser.safebrowsing.malware.enabled"] = "false",
        ["browser.safebrowsing.phishing.enabled"] = "false",
        ["browser.safebrowsing.downloads.enabled"] = "false",
        ["browser.safebrowsing.blockedURIs.enabled"] = "false",
        ["browser.safebrowsing.update.enabled"] = "false",
        ["services.settings.server"] = "\"http://127.0.0.1:9/\"",
        ["media.gmp-manager.updateEnabled"] = "false",
        ["media.gmp-manager.url"] = "\"\"",
        ["media.gmp-gmpopenh264.enabled"] = "false",
        ["network.captive-portal-service.enabled"] = "false",
        ["network.connectivity-service.enabled"] = "false",
        ["network.trr.mode"] = "5",
        ["network.dns.disablePrefetch"] = "true",
        ["network.prefetch-next"] = "false",
        ["network.http.speculative-parallel-limit"] = "0",
        ["browser.search.update"] = "false",
        ["browser.shell.checkDefaultBrowser"] = "false",
        ["browser.startup.homepage_override.mstone"] = "\"ignore\"",
        ["browser.startup.page"] = "0",
        ["browser.newtabpage.enabled"] = "false",
        ["geo.provider.network.url"] = "\"\"",
        ["browser.region.network.url"] = "\"\"",
        ["browser.aboutwelcome.enabled"] = "false",
        ["datareporting.policy.firstRunURL"] = "\"\"",
    };

    [GeneratedRegex(@"WebDriver BiDi listening on (?<url>ws://\S+)")]
    private static partial Regex ListeningLine();
}

/// <summary>One Firefox tab in its own user context: open a link, run script, read the snapshot.</summary>
public sealed class FirefoxPage(FirefoxFixture firefox, string context, string userContext)
{
    private bool _closed;

    public async Task GotoAsync(string url) =>
        await firefox.SendAsync("browsingContext.navigate", new JsonObject { ["context"] = context, ["url"] = url, ["wait"] = "complete" });

    /// <summary>Evaluates an expression whose value is JSON text (e.g. <c>JSON.stringify(...)</c>), awaiting a promise.</summary>
    public async Task<JsonElement> EvaluateJsonAsync(string expression)
    {
        var result = await firefox.SendAsync("script.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["target"] = new JsonObject { ["context"] = context },
            ["awaitPromise"] = true,
            ["resultOwnership"] = "none",
        });
        if (result.GetProperty("type").GetString() == "exception")
        {
            throw new InvalidOperationException("script failed in Firefox: " + result.GetProperty("exceptionDetails").GetProperty("text").GetString());
        }
        var value = result.GetProperty("result");
        return value.GetProperty("type").GetString() == "string"
            ? JsonDocument.Parse(value.GetProperty("value").GetString()!).RootElement.Clone()
            : default;
    }

    public async Task CloseAsync()
    {
        if (_closed) return;
        _closed = true;
        try
        {
            await firefox.SendAsync("browsingContext.close", new JsonObject { ["context"] = context });
            await firefox.SendAsync("browser.removeUserContext", new JsonObject { ["userContext"] = userContext });
        }
        catch (InvalidOperationException)
        {
            // Already gone with the browser.
        }
    }
}
