using System.Globalization;

namespace VideoVisit.LoadGen;

/// <summary><c>--name value</c> pairs after the scenario name.</summary>
internal sealed class Options(string[] args)
{
    private readonly Dictionary<string, string> _values = Enumerable.Range(0, args.Length / 2)
        .ToDictionary(i => args[2 * i].TrimStart('-'), i => args[2 * i + 1]);

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        _values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
