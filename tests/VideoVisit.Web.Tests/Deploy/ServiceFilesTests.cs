using System.Net;
using System.Net.Sockets;
using System.Text;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Deploy;

/// <summary>The shipped systemd unit and Redis configuration, checked by the programs that will read them.</summary>
public sealed class ServiceFilesTests
{
    [Fact]
    public async Task TheSystemdUnitVerifiesCleanAndIsHardened()
    {
        var unit = DeployFiles.Path("systemd", "videovisit.service");
        var (exit, output) = await Daemon.RunAsync("/usr/bin/systemd-analyze", "verify", unit);
        // systemd-analyze exits 0 on settings it ignores, but names them: any output is a mistake in the unit.
        Assert.True(exit == 0 && output.Trim().Length == 0, $"systemd-analyze verify: exit {exit}\n{output}");

        var text = await File.ReadAllTextAsync(unit);
        foreach (var line in new[]
                 {
                     "User=videovisit", "ProtectSystem=strict", "NoNewPrivileges=yes", "StateDirectory=videovisit", "PrivateTmp=yes",
                     "CapabilityBoundingSet=", "EnvironmentFile=/etc/videovisit/videovisit.env", "Environment=ASPNETCORE_ENVIRONMENT=Production",
                 })
        {
            Assert.Contains(line + "\n", text, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("ReadWritePaths", text, StringComparison.Ordinal);
    }

    /// <summary>systemd-analyze is a real check: a mistake planted in a copy of the unit is reported.</summary>
    [Fact]
    public async Task SystemdAnalyzeReportsAMistakePlantedInTheUnit()
    {
        var dir = DeployFiles.TempDirectory();
        try
        {
            var planted = Path.Combine(dir, "videovisit.service");
            await File.WriteAllTextAsync(planted, DeployFiles.Render("systemd/videovisit.service", ("ProtectSystem=strict", "ProtectSystem=sometimes")));
            var (_, output) = await Daemon.RunAsync("/usr/bin/systemd-analyze", "verify", planted);
            Assert.Contains("sometimes", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task RedisWithTheShippedConfigurationNeedsItsPasswordAndNeverEvicts()
    {
        var dir = DeployFiles.TempDirectory();
        var port = RedisServer.FreeTcpPort();
        var config = DeployFiles.Render("redis/videovisit.conf",
            ("bind 127.0.0.1 10.0.0.5", "bind 127.0.0.1"),
            ("port 6379", $"port {port}"),
            ("requirepass CHANGE-ME-to-a-long-random-password", "requirepass test-redis-password")) + $"\ndir {dir}\n";
        var file = Path.Combine(dir, "redis.conf");
        await File.WriteAllTextAsync(file, config);
        using var redis = Daemon.Start(RedisServer.Executable, file);
        try
        {
            await redis.WaitForTcpAsync(port);
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            var stream = tcp.GetStream();
            Assert.StartsWith("-NOAUTH", await CommandAsync(stream, "PING"), StringComparison.Ordinal);
            Assert.StartsWith("+OK", await CommandAsync(stream, "AUTH test-redis-password"), StringComparison.Ordinal);
            Assert.Contains("noeviction", await CommandAsync(stream, "CONFIG GET maxmemory-policy"), StringComparison.Ordinal);
            Assert.Contains("yes", await CommandAsync(stream, "CONFIG GET appendonly"), StringComparison.Ordinal);
            Assert.StartsWith("-ERR", await CommandAsync(stream, "FLUSHALL"), StringComparison.Ordinal);
        }
        finally
        {
            redis.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<string> CommandAsync(NetworkStream stream, string command)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        var buffer = new byte[1024];
        var read = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
