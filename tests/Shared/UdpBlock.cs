using System.Diagnostics;

namespace VideoVisit.Testing;

/// <summary>
/// Cuts one browser page's media as a dropped network would: an nftables table of its own drops every UDP datagram
/// to or from the given loopback ports (the page's ICE candidates), in both directions, until disposed. Needs the
/// network namespace scripts/test.sh runs the tests in (docs/testing.md "Network conditions"); the hub's TCP and every
/// other page are untouched.
/// </summary>
public sealed class UdpBlock : IDisposable
{
    private readonly string _table = $"vvtest_{Guid.NewGuid():N}"[..20];

    private UdpBlock()
    {
    }

    public IReadOnlyList<int> Ports { get; private set; } = [];

    public static UdpBlock Drop(IReadOnlyCollection<int> ports)
    {
        if (ports.Count == 0) throw new ArgumentException("no ports to block", nameof(ports));
        var block = new UdpBlock { Ports = [.. ports] };
        var set = string.Join(", ", ports);
        Nft($"add table inet {block._table}");
        Nft($"add chain inet {block._table} out {{ type filter hook output priority 0; policy accept; }}");
        Nft($"add rule inet {block._table} out udp sport {{ {set} }} drop");
        Nft($"add rule inet {block._table} out udp dport {{ {set} }} drop");
        return block;
    }

    public void Dispose() => Nft($"delete table inet {_table}", ignoreFailure: true);

    private static void Nft(string command, bool ignoreFailure = false)
    {
        // Debian keeps nft in /usr/sbin, which a non-root user's PATH leaves out.
        var start = new ProcessStartInfo(File.Exists("/usr/sbin/nft") ? "/usr/sbin/nft" : "nft") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var part in command.Split(' ', StringSplitOptions.RemoveEmptyEntries)) start.ArgumentList.Add(part);
        using var nft = Process.Start(start) ?? throw new InvalidOperationException("nft did not start");
        var error = nft.StandardError.ReadToEnd();
        nft.WaitForExit();
        if (nft.ExitCode != 0 && !ignoreFailure)
        {
            throw new InvalidOperationException($"nft {command} failed ({nft.ExitCode}): {error.Trim()}. " +
                "Run the test in its own network namespace as scripts/test.sh does (docs/testing.md).");
        }
    }
}
