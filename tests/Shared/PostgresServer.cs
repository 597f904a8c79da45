using System.Diagnostics;

namespace VideoVisit.Testing;

/// <summary>
/// A real PostgreSQL (Debian's <c>postgresql</c> package): <c>initdb</c> into a temporary folder, <c>pg_ctl start</c> on a
/// free loopback port with only a Unix socket in that folder, trust authentication on loopback, and <c>pg_ctl stop</c>
/// when disposed. PostgreSQL refuses to run as root, so as root the server runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "videovisit-pg-" + Guid.NewGuid().ToString("N"));
    private string DataDir => Path.Combine(_root, "data");

    public int Port { get; private set; }

    /// <summary>A connection string for a database of the given name (EF Core's migration creates it).</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false;Timeout=15";

    public static string BinDirectory =>
        (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [])
            .Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
        ?? throw new InvalidOperationException("PostgreSQL is not installed: scripts/test.sh installs it (apt-get install postgresql).");

    private static bool IsRoot => Environment.UserName == "root";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        if (IsRoot) await RunAsync("chown", "postgres:postgres", _root);
        Port = RedisServer.FreeTcpPort();
        await RunPgAsync("initdb", "-D", DataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync");
        await RunPgAsync("pg_ctl", "-D", DataDir, "-w", "-t", "60", "-l", Path.Combine(_root, "server.log"), "-o",
            $"-c listen_addresses=127.0.0.1 -c port={Port} -c unix_socket_directories={_root} -c fsync=off -c full_page_writes=off", "start");
    }

    public async Task DisposeAsync()
    {
        try
        {
            await RunPgAsync("pg_ctl", "-D", DataDir, "-w", "-t", "30", "-m", "fast", "stop");
        }
        finally
        {
            try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private Task RunPgAsync(string tool, params string[] args)
    {
        var exe = Path.Combine(BinDirectory, tool);
        return IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", exe, .. args]) : RunAsync(exe, args);
    }

    private async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _root };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_root, "server.log");
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await output}{await error}" +
                (File.Exists(log) ? File.ReadAllText(log) : ""));
        }
    }
}
