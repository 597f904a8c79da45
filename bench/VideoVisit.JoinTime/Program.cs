using System.Globalization;
using Microsoft.Playwright;
using VideoVisit.JoinTime;

// dotnet VideoVisit.JoinTime.dll <path to VideoVisit.Web.dll> [runs] [ramp]
// (bench/join-time.sh runs it on loopback only; bench/ramp-up.sh with "ramp": time to full picture quality)
if (args.Length < 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: VideoVisit.JoinTime <VideoVisit.Web.dll> [runs=7] [ramp]");
    return 2;
}
int runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
bool ramp = args.Length > 2 && args[2] == "ramp";
const string Chromium = "/usr/bin/chromium";
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = Chromium,
    Headless = true,
    // The flags of docs/testing.md: fake camera and microphone, loopback allowed for WebRTC.
    Args =
    [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
    ],
});

if (ramp)
{
    var ramps = new List<RampTimes>();
    for (int i = 0; i < runs; i++)
    {
        using var host = await HostProcess.StartAsync(Path.GetFullPath(args[0]));
        RampTimes r;
        try
        {
            r = await RampRun.RunAsync(browser, host);
        }
        catch (TimeoutException e)
        {
            Console.WriteLine($"run {i + 1} failed: {e.Message}");
            continue;
        }
        ramps.Add(r);
        Console.WriteLine(FormattableString.Invariant(
            $"run {i + 1} child_sees_parent_full_ms={r.ChildSeesParentFull:F0} parent_sees_child_full_ms={r.ParentSeesChildFull:F0} parent_estimate_1mbit_ms={r.ParentEstimate1M:F0} child_estimate_1mbit_ms={r.ChildEstimate1M:F0} load={File.ReadAllText("/proc/loadavg").Split(' ')[0]} last: {r.Last}"));
    }
    Console.WriteLine(FormattableString.Invariant(
        $"ramp {ramps.Count} runs median_child_sees_parent_full_ms={Median(ramps.Select(r => r.ChildSeesParentFull)):F0} median_parent_sees_child_full_ms={Median(ramps.Select(r => r.ParentSeesChildFull)):F0} reached {ramps.Count(r => !double.IsNaN(r.ChildSeesParentFull) && !double.IsNaN(r.ParentSeesChildFull))}/{ramps.Count} within {RampRun.BoundMs} ms"));
    return 0;
}

var results = new List<JoinTimes>();
for (int i = 0; i < runs; i++)
{
    using var host = await HostProcess.StartAsync(Path.GetFullPath(args[0]));
    JoinTimes t;
    try
    {
        t = await JoinRun.RunAsync(browser, host);
    }
    catch (TimeoutException e)
    {
        Console.WriteLine($"run {i + 1} failed: {e.Message}");
        continue;
    }
    results.Add(t);
    Console.WriteLine(FormattableString.Invariant(
        $"run {i + 1} second_sees_first_ms={t.SecondSeesFirst:F0} first_sees_second_ms={t.FirstSeesSecond:F0} admitted_ms={t.Admitted:F0} child_live_ms={t.Live:F0} child_publish_connected_ms={t.PublishConnected:F0} child_subscribe_connected_ms={t.SubscribeConnected:F0} snapshot: {t.SnapshotSecondSeesFirst:F0} {t.SnapshotFirstSeesSecond:F0}"));
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
    if (sorted.Length == 0) return double.NaN;
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

Console.WriteLine(FormattableString.Invariant(
    $"join {results.Count} runs median_second_sees_first_ms={Median(results.Select(r => r.SecondSeesFirst)):F0} median_first_sees_second_ms={Median(results.Select(r => r.FirstSeesSecond)):F0}"));
Console.WriteLine(FormattableString.Invariant(
    $"# medians after the supervisor's admit click: second sees first {Median(results.Select(r => r.SecondSeesFirst - r.Admitted)):F0} ms, first sees second {Median(results.Select(r => r.FirstSeesSecond - r.Admitted)):F0} ms"));
Console.WriteLine(FormattableString.Invariant(
    $"# medians: supervisor's admit click landed at {Median(results.Select(r => r.Admitted)):F0} ms, the child's page showed the visit live at {Median(results.Select(r => r.Live)):F0} ms, its publish connection was up at {Median(results.Select(r => r.PublishConnected)):F0} ms and its subscribe connection at {Median(results.Select(r => r.SubscribeConnected)):F0} ms; by the app's 500 ms snapshot: {Median(results.Select(r => r.SnapshotSecondSeesFirst)):F0} / {Median(results.Select(r => r.SnapshotFirstSeesSecond)):F0} ms"));
return 0;
