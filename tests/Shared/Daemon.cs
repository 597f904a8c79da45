using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VideoVisit.Testing;

/// <summary>
/// A real server program from Debian (nginx, coturn, redis-server) started in the foreground with a configuration the
/// test rendered, its output kept for the failure message, and killed when disposed.
/// </summary>
public sealed class Daemon : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private Daemon(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static Daemon Start(string executable, params string[] args)
    {
        if (!File.Exists(executable)) throw new InvalidOperationException($"{executable} is not installed: scripts/test.sh installs it.");
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        return new Daemon(Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start"));
    }

    /// <summary>Waits until something accepts TCP connections on the port (the daemon is up), or fails with its output.</summary>
    public async Task WaitForTcpAsync(int port, int timeoutMs = 15_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"nothing listens on {port} after {timeoutMs} ms:\n{Output}");
    }

    /// <summary>Runs a command to its end and returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string executable, params string[] args)
    {
        using var daemon = Start(executable, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await daemon._process.WaitForExitAsync(timeout.Token);
        daemon._process.WaitForExit(); // drains the output readers
        return (daemon._process.ExitCode, daemon.Output);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
