using System.Net;
using Microsoft.Extensions.Options;

namespace VideoVisit.Web.Hosting;

/// <summary>
/// Settings under <c>Proxy</c>: the reverse proxies (nginx) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>
/// the host believes. With none configured the headers are ignored, so a client cannot pick its own address for the
/// rate limits and the logs.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>Addresses of trusted proxies, e.g. <c>127.0.0.1</c> when nginx runs on the same server.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/24</c> for a load balancer's subnet.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row may stand in front of the host (each one appends to X-Forwarded-For).</summary>
    public int ForwardLimit { get; set; } = 1;

    internal bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}

internal sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions o)
    {
        var errors = new List<string>();
        foreach (var proxy in o.KnownProxies)
        {
            if (!IPAddress.TryParse(proxy, out _)) errors.Add($"Proxy:KnownProxies: '{proxy}' is not an IP address.");
        }
        foreach (var network in o.KnownNetworks)
        {
            if (!IPNetwork.TryParse(network, out _)) errors.Add($"Proxy:KnownNetworks: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/24).");
        }
        if (o.ForwardLimit is < 1 or > 10) errors.Add($"Proxy:ForwardLimit must be between 1 and 10 (was {o.ForwardLimit}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
