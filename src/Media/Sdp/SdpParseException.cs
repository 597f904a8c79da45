namespace VideoVisit.Media.Sdp;

/// <summary>
/// The one error a malformed or hostile session description raises: the 1-based line number (0 when the problem is
/// the description as a whole, e.g. its size), the offending line (shortened) and the reason.
/// </summary>
public sealed class SdpParseException : FormatException
{
    private const int MaxQuotedLine = 120;

    public SdpParseException(int lineNumber, string line, string reason)
        : base(FormatMessage(lineNumber, line, reason))
    {
        LineNumber = lineNumber;
        Line = Shorten(line);
        Reason = reason;
    }

    public int LineNumber { get; }

    public string Line { get; }

    public string Reason { get; }

    private static string FormatMessage(int lineNumber, string line, string reason) =>
        lineNumber > 0 ? $"SDP line {lineNumber}: {reason}: \"{Shorten(line)}\"" : $"SDP: {reason}";

    // Hostile input can carry megabytes or control characters; neither belongs in a log line.
    private static string Shorten(string line)
    {
        string s = line.Length > MaxQuotedLine ? line[..MaxQuotedLine] + "…" : line;
        return string.Create(s.Length, s, static (dst, src) =>
        {
            for (int i = 0; i < src.Length; i++)
            {
                dst[i] = char.IsControl(src[i]) ? '?' : src[i];
            }
        });
    }
}

/// <summary>An offer or answer that parses but cannot be negotiated (RFC 9429 §5.10–5.11 rules).</summary>
public sealed class SdpNegotiationException(string reason) : InvalidOperationException(reason);
