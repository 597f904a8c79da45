using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace VideoVisit.LoadGen;

/// <summary>The load generator's handle on the server child process (<see cref="ServeMode"/>).</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();

    private ServerProcess(Process process, int port)
    {
        _process = process;
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    public IPEndPoint EndPoint { get; }

    public int ProcessId => _process.Id;

    public static ServerProcess Start()
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        // Run as `dotnet LoadGen.dll serve` when we were started that way, else through the app host.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        start.ArgumentList.Add("serve");
        var process = Process.Start(start) ?? throw new InvalidOperationException("server did not start");
        var first = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("server exited");
        return new ServerProcess(process, int.Parse(first.Split(' ')[1], CultureInfo.InvariantCulture));
    }

    public string Call(string command)
    {
        lock (_gate)
        {
            _process.StandardInput.WriteLine(command);
            _process.StandardInput.Flush();
            var reply = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("server exited");
            if (!reply.StartsWith("ok", StringComparison.Ordinal)) throw new InvalidOperationException($"server: {reply} (for {command.Split(' ')[0]})");
            return reply.Length > 3 ? reply[3..] : "";
        }
    }

    public string Publish(string room, string key, string offer) => Decode(Call($"pub {room} {key} {Encode(offer)}"));

    public string Subscribe(string room, string key, IEnumerable<string> publishers) =>
        Decode(Call($"sub {room} {key} {string.Join(',', publishers)}"));

    public void Answer(string room, string key, string answer) => Call($"ans {room} {key} {Encode(answer)}");

    public void SetEdges(string room, IEnumerable<(string Publisher, string Subscriber)> pairs) =>
        Call($"edges {room} {string.Join(',', pairs.Select(p => p.Publisher + ":" + p.Subscriber))}");

    /// <summary>The server's own figures: cpu_ms, gc, ws, peers, rx, tx, ... as name → value.</summary>
    public Dictionary<string, long> Stats(bool collect = false) =>
        Call(collect ? "gc" : "stats").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('='))
            .ToDictionary(kv => kv[0], kv => long.Parse(kv[1], CultureInfo.InvariantCulture));

    private static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Decode(string b64) => Encoding.UTF8.GetString(Convert.FromBase64String(b64));

    public void Dispose()
    {
        try
        {
            _process.StandardInput.WriteLine("quit");
            _process.StandardInput.Flush();
            if (!_process.WaitForExit(5000)) _process.Kill();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
