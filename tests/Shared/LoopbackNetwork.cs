using System.Diagnostics;
using System.Net;

namespace VideoVisit.Testing;

/// <summary>
/// Shapes and filters traffic on <c>lo</c> with Debian's <c>tc</c> and <c>nft</c>, only where the test owns the network:
/// scripts/test.sh runs every test inside <c>unshare --net</c> with <c>lo</c> alone (docs/testing.md), and this kernel
/// has no netem, so a weak link is a <c>tbf</c> cap on the flows from one browser's sockets, and a dead one an nftables
/// drop rule. Refuses to touch a namespace that has any other interface (a developer's own machine), with the command
/// that runs the test where it may. Everything it adds is removed when disposed.
/// </summary>
public sealed class LoopbackNetwork : IDisposable
{
    private const string TcTable = "lo";
    private readonly string _nftTable = $"vvtest{Environment.ProcessId}";
    private bool _shaped;
    private bool _filtered;

    private LoopbackNetwork()
    {
    }

    /// <summary>Fails unless this process's network namespace has only <c>lo</c> (one the test run created).</summary>
    public static LoopbackNetwork Open(string testName)
    {
        // /proc/self/net/dev lists this namespace's interfaces (/sys/class/net shows the namespace sysfs was mounted in).
        var interfaces = File.ReadAllLines("/proc/self/net/dev").Skip(2).Select(l => l.Split(':')[0].Trim()).Where(n => n != "lo").ToArray();
        if (interfaces.Length > 0)
        {
            throw new InvalidOperationException(
                $"{testName} shapes lo, so it runs only in a network namespace of its own with lo alone (this one also has " +
                $"{string.Join(", ", interfaces)}). Run it as scripts/test.sh does: unshare --net bash -c 'ip link set lo up && " +
                $"dotnet test tests/VideoVisit.EndToEnd.Tests -c Release --filter {testName}'.");
        }
        return new LoopbackNetwork();
    }

    /// <summary>
    /// Caps the UDP packets sent from <paramref name="sources"/> (one browser's sockets) at <paramref name="kbits"/>
    /// kbit/s through a token bucket with a <paramref name="latencyMs"/> queue (what a home router's uplink does);
    /// everything else on <c>lo</c> passes unlimited. Calling it again replaces the cap.
    /// </summary>
    public void Cap(IEnumerable<IPEndPoint> sources, int kbits, int latencyMs = 200)
    {
        Uncap();
        Run("tc", $"qdisc add dev {TcTable} root handle 1: htb default 10");
        _shaped = true;
        Run("tc", $"class add dev {TcTable} parent 1: classid 1:10 htb rate 10gbit quantum 200000");
        Run("tc", $"class add dev {TcTable} parent 1: classid 1:20 htb rate 1gbit quantum 200000");
        Run("tc", $"qdisc add dev {TcTable} parent 1:20 handle 20: tbf rate {kbits}kbit burst 3000 latency {latencyMs}ms");
        foreach (var port in sources.Select(s => s.Port).Distinct())
        {
            Run("tc", $"filter add dev {TcTable} parent 1: protocol ip prio 1 u32 match ip protocol 17 0xff match ip sport {port} 0xffff flowid 1:20");
        }
    }

    /// <summary>Removes the cap.</summary>
    public void Uncap()
    {
        if (!_shaped) return;
        Run("tc", $"qdisc del dev {TcTable} root");
        _shaped = false;
    }

    /// <summary>Packets the cap sent on and dropped so far (its <c>tbf</c>'s counters).</summary>
    public (long Sent, long Dropped) CapCounters()
    {
        if (!_shaped) return default;
        // "qdisc tbf 20: parent 1:20 rate ... \n Sent 123 bytes 45 pkt (dropped 6, overlimits 7 requeues 0)"
        var text = Run("tc", $"-s qdisc show dev {TcTable}");
        int at = text.IndexOf("qdisc tbf 20:", StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException("tc shows no tbf: " + text);
        var stats = System.Text.RegularExpressions.Regex.Match(text[at..], @"Sent \d+ bytes (\d+) pkt \(dropped (\d+)");
        return (long.Parse(stats.Groups[1].Value), long.Parse(stats.Groups[2].Value));
    }

    /// <summary>Drops every UDP datagram to <paramref name="port"/> on this host (a media server nobody can reach) until <see cref="Unblock"/>.</summary>
    public void BlockUdpTo(int port)
    {
        Unblock();
        Run("nft", $"add table inet {_nftTable}");
        _filtered = true;
        Run("nft", $"add chain inet {_nftTable} input {{ type filter hook input priority 0 ; policy accept ; }}");
        Run("nft", $"add rule inet {_nftTable} input udp dport {port} counter drop");
    }

    /// <summary>Datagrams the block dropped so far.</summary>
    public long BlockedPackets()
    {
        if (!_filtered) return 0;
        var match = System.Text.RegularExpressions.Regex.Match(Run("nft", $"list table inet {_nftTable}"), @"counter packets (\d+)");
        return match.Success ? long.Parse(match.Groups[1].Value) : 0;
    }

    public void Unblock()
    {
        if (!_filtered) return;
        Run("nft", $"delete table inet {_nftTable}");
        _filtered = false;
    }

    public void Dispose()
    {
        Uncap();
        Unblock();
    }

    private static string Run(string program, string arguments)
    {
        // Debian keeps tc and nft in /usr/sbin, which a non-root user's PATH leaves out.
        var path = File.Exists($"/usr/sbin/{program}") ? $"/usr/sbin/{program}" : program;
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {arguments} failed ({process.ExitCode}): {error}");
        }
        return output.Result;
    }
}
