using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VideoVisit.JoinTime;

/// <summary>
/// The real host (the built src/Web) in Development on 127.0.0.1 with a fresh data directory, so every run gets a
/// new demo visit; its "DEMO role url" lines give the three invitation links.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;

    private HostProcess(Process process, string dataDirectory, Dictionary<string, string> links)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        Links = links;
    }

    public IReadOnlyDictionary<string, string> Links { get; }

    public static async Task<HostProcess> StartAsync(string webDll)
    {
        var data = Directory.CreateTempSubdirectory("videovisit-join-").FullName;
        int port = FreeTcpPort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
        };
        foreach (var a in new[] { webDll, "--urls", $"http://127.0.0.1:{port}", "--Media:UdpPort=0", $"--Data:Directory={data}",
                     "--Invitations:ExchangesPerMinute=1000", "--Logging:LogLevel:Default=Warning" })
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        var process = Process.Start(start) ?? throw new InvalidOperationException("host did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var links = new Dictionary<string, string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (links.Count < 3)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("host exited before printing its demo links");
            var parts = line.Split(' ');
            if (parts.Length == 3 && parts[0] == "DEMO") links[parts[1]] = parts[2];
        }
        // Keep draining stdout so the host never blocks on a full pipe.
        _ = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() is not null) { } });
        return new HostProcess(process, data, links);
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
