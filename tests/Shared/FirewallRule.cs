namespace VideoVisit.Testing;

/// <summary>
/// An nftables table the test adds to its own network namespace (scripts/test.sh runs every test in one with only
/// loopback) and removes when disposed: how the tests make a network that blocks something, since this kernel has no
/// netem.
/// </summary>
public sealed class FirewallRule : IAsyncDisposable
{
    private const string Nft = "/usr/sbin/nft";

    private readonly string _table;

    private FirewallRule(string table) => _table = table;

    /// <summary>
    /// Drops every UDP datagram to or from <paramref name="port"/> on this host, as a network that lets no UDP out
    /// would for a browser talking to a media server on that port.
    /// </summary>
    public static Task<FirewallRule> DropUdpPortAsync(int port) =>
        AddAsync($"vv_drop_udp_{port}", $"udp dport {port} counter drop\n    udp sport {port} counter drop");

    private static async Task<FirewallRule> AddAsync(string table, string rules)
    {
        string file = Path.Combine(Path.GetTempPath(), $"{table}-{Guid.NewGuid():N}.nft");
        await File.WriteAllTextAsync(file, $$"""
            table inet {{table}} {
              chain output {
                type filter hook output priority 0; policy accept;
                {{rules}}
              }
            }
            """);
        try
        {
            var (exit, output) = await Daemon.RunAsync(Nft, "-f", file);
            if (exit != 0) throw new InvalidOperationException($"nft -f failed ({exit}): {output}");
        }
        finally
        {
            File.Delete(file);
        }
        return new FirewallRule(table);
    }

    /// <summary>The table with its counters: what its rules dropped so far, as proof that the block was in force.</summary>
    public async Task<string> ListAsync() => (await Daemon.RunAsync(Nft, "list", "table", "inet", _table)).Output;

    public async ValueTask DisposeAsync() => await Daemon.RunAsync(Nft, "delete", "table", "inet", _table);
}
