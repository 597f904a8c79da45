using System.Diagnostics;
using System.Text;
using Microsoft.Playwright;
using VideoVisit.Testing;
using Xunit.Abstractions;
using static VideoVisit.EndToEnd.Tests.Snapshot;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// <c>deploy/local-cluster.sh</c> as an operator would try it: nginx with TLS from a CA made on the spot, two host
/// nodes on one database and Redis, and coturn, all from the shipped files in <c>deploy/</c>. A visit through it: the
/// parent placed on node 1 and the child on node 2 (each through nginx), the supervisor through nginx's front for
/// both; then stopping the script stops everything it started.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LocalClusterTests(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseContextsAsync();

    [Fact]
    public async Task AVisitThroughNginxWithTheParentOnOneNodeAndTheChildOnTheOtherWorksAndStoppingStopsEverything()
    {
        var dir = Directory.CreateTempSubdirectory("videovisit-cluster-").FullName;
        using var cluster = new ClusterProcess(dir);
        try
        {
            var lines = await cluster.WaitForReadyAsync(TimeSpan.FromMinutes(5));
            string Link(string key) => lines.Single(l => l.StartsWith($"CLUSTER {key} ", StringComparison.Ordinal))[$"CLUSTER {key} ".Length..];
            string Demo(string role) => lines.Single(l => l.StartsWith($"DEMO {role} ", StringComparison.Ordinal))[$"DEMO {role} ".Length..];
            var front = new Uri(Link("https"));
            Assert.Equal("https", front.Scheme);
            Assert.StartsWith(front.ToString(), Demo("parent")); // the invitation links name the public https address

            // On node 1 and node 2 through their own nginx fronts; the supervisor through the front for both.
            string OnNode(string role, string node) => new Uri(new Uri(Link(node)), new Uri(Demo(role)).PathAndQuery).ToString();
            var supervisor = await browser.NewPageAsync(ignoreHttpsErrors: true);
            await supervisor.GotoAsync(Demo("supervisor"));
            var parent = await browser.NewPageAsync(ignoreHttpsErrors: true);
            await parent.GotoAsync(OnNode("parent", "node1"));
            var child = await browser.NewPageAsync(ignoreHttpsErrors: true);
            await child.GotoAsync(OnNode("child", "node2"));
            await supervisor.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
            await supervisor.Locator("[data-testid=admit][data-role=child]").ClickAsync();

            await SeesAndHearsAsync(child, "parent");
            await SeesAndHearsAsync(parent, "child");

            // Each node's log shows its own person's hub connection: the two really were on different nodes.
            var node1 = await File.ReadAllTextAsync(Path.Combine(dir, "node1.log"));
            var node2 = await File.ReadAllTextAsync(Path.Combine(dir, "node2.log"));
            Assert.Contains("demo-parent joined as parent", node1);
            Assert.DoesNotContain("demo-parent joined", node2);
            Assert.Contains("demo-child joined as child", node2);
            Assert.DoesNotContain("demo-child joined", node1);
            var access = await File.ReadAllTextAsync(Path.Combine(dir, "nginx-access.log"));
            Assert.Contains("/hubs/visit", access);
            output.WriteLine($"supervisor on node {(node1.Contains("demo-supervisor joined", StringComparison.Ordinal) ? 1 : 2)}");
        }
        finally
        {
            await browser.CloseContextsAsync();
        }

        // SIGTERM, as Ctrl-C or a service manager would stop it: every process it started ends with it.
        await cluster.StopAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("CLUSTER stopped", cluster.Output);
        var left = ProcessesMentioning(dir);
        Assert.True(left.Count == 0, "still running: " + string.Join("\n", left));
    }

    /// <summary>Processes whose command line names the cluster's folder (nginx, redis, coturn and the nodes all do).</summary>
    private static List<string> ProcessesMentioning(string dir)
    {
        var found = new List<string>();
        foreach (var proc in Directory.EnumerateDirectories("/proc").Where(p => int.TryParse(Path.GetFileName(p), out _)))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
                var environ = File.ReadAllText(Path.Combine(proc, "environ")).Replace('\0', ' ');
                if (cmdline.Contains(dir, StringComparison.Ordinal) || environ.Contains(dir, StringComparison.Ordinal)) found.Add($"{Path.GetFileName(proc)}: {cmdline}");
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    /// <summary>The script run as an operator runs it, its output collected.</summary>
    private sealed class ClusterProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ClusterProcess(string dir)
        {
            var start = new ProcessStartInfo("bash")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Repo.Root,
            };
            start.ArgumentList.Add(Path.Combine(Repo.Root, "deploy", "local-cluster.sh"));
            start.Environment["VV_CLUSTER_DIR"] = dir;
            start.Environment["VV_HOST_DLL"] = Repo.WebDll;
            _process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
            _process.OutputDataReceived += (_, e) => Collect(e.Data);
            _process.ErrorDataReceived += (_, e) => Collect(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        private void Collect(string? line)
        {
            if (line is null) return;
            lock (_output) _output.AppendLine(line);
            if (line == "CLUSTER ready") _ready.TrySetResult();
        }

        public async Task<string[]> WaitForReadyAsync(TimeSpan timeout)
        {
            var exited = _process.WaitForExitAsync();
            var first = await Task.WhenAny(_ready.Task, exited, Task.Delay(timeout));
            if (first != _ready.Task)
            {
                throw new InvalidOperationException($"local-cluster.sh is not ready ({(first == exited ? "it exited" : "timed out")}):\n{Output}");
            }
            return Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        }

        public async Task StopAsync(TimeSpan timeout)
        {
            if (_process.HasExited) return;
            await Daemon.RunAsync("/usr/bin/kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var cts = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(cts.Token);
            _process.WaitForExit(); // drains the output readers
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
            _process.Dispose();
        }
    }
}
