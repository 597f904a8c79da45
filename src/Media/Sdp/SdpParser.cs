namespace VideoVisit.Media.Sdp;

/// <summary>
/// Line-level SDP parser (RFC 8866 §5): "&lt;type&gt;=&lt;value&gt;" lines ended by CRLF (LF accepted), session
/// fields, then m-sections. Anything malformed raises <see cref="SdpParseException"/> naming the line.
/// </summary>
internal static class SdpParser
{
    public static SessionDescription Parse(string text, SdpLimits limits)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(limits);
        if (text.Length > limits.MaxLength)
        {
            throw new SdpParseException(0, string.Empty, $"description is longer than {limits.MaxLength} characters");
        }

        var state = new ParseState(new SessionDescription(), limits);
        int pos = 0;
        int lineNumber = 0;
        while (pos < text.Length)
        {
            int nl = text.IndexOf('\n', pos);
            int end = nl < 0 ? text.Length : nl;
            int stop = end > pos && text[end - 1] == '\r' ? end - 1 : end;
            string line = text[pos..stop];
            pos = nl < 0 ? text.Length : nl + 1;
            lineNumber++;
            if (line.Length == 0)
            {
                continue; // a trailing or stray empty line carries nothing
            }

            state.Line(new SdpLineContext(lineNumber, line));
        }

        state.Finish(lineNumber);
        return state.Session;
    }

    private sealed class ParseState(SessionDescription session, SdpLimits limits)
    {
        private MediaDescription? _media;
        private bool _sawV;
        private bool _sawO;
        private bool _sawS;
        private bool _sawT;
        private int _attributes;

        public SessionDescription Session { get; } = session;

        public void Line(SdpLineContext ctx)
        {
            string line = ctx.Line;
            foreach (char c in line)
            {
                // RFC 8866 §9: text excludes NUL, CR and LF; other controls are refused too (tab aside).
                if (c < 0x20 && c != '\t')
                {
                    throw ctx.Error("control character in line");
                }
            }

            if (line.Length < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z')
            {
                throw ctx.Error("expected <type>=<value>");
            }

            char type = line[0];
            string value = line[2..];
            if (!_sawV && type != 'v')
            {
                throw ctx.Error("description must start with v=");
            }

            switch (type)
            {
                case 'v':
                    if (_sawV || value != "0")
                    {
                        throw ctx.Error("v= must come once and be 0");
                    }

                    _sawV = true;
                    break;
                case 'o':
                    RequireSessionLevel(ctx, _sawO);
                    Session.Origin = ParseOrigin(ctx, value);
                    _sawO = true;
                    break;
                case 's':
                    RequireSessionLevel(ctx, _sawS);
                    Session.SessionName = value;
                    _sawS = true;
                    break;
                case 't':
                    RequireSessionLevel(ctx, _sawT);
                    Session.Timing = ParseTiming(ctx, value);
                    _sawT = true;
                    break;
                case 'c':
                    SdpSection section = (SdpSection?)_media ?? Session;
                    if (section.Connection is not null)
                    {
                        throw ctx.Error("more than one c= line in a section");
                    }

                    section.Connection = ParseConnection(ctx, value);
                    break;
                case 'b':
                    ((SdpSection?)_media ?? Session).Bandwidths.Add(ParseBandwidth(ctx, value));
                    break;
                case 'm':
                    if (Session.Media.Count >= limits.MaxMediaSections)
                    {
                        throw ctx.Error($"more than {limits.MaxMediaSections} m-sections");
                    }

                    _media = ParseMediaLine(ctx, value);
                    Session.Media.Add(_media);
                    _attributes = 0;
                    break;
                case 'a':
                    if (++_attributes > limits.MaxAttributesPerSection)
                    {
                        throw ctx.Error($"more than {limits.MaxAttributesPerSection} attributes in a section");
                    }

                    SdpAttributeParser.Apply(ctx, value, Session, _media);
                    break;
                case 'i' or 'u' or 'e' or 'p' or 'r' or 'z' or 'k':
                    ((SdpSection?)_media ?? Session).OtherLines.Add(new SdpLine(type, value));
                    break;
                default:
                    // RFC 8866 §5: a parser must ignore or reject a description with a type it does not understand.
                    throw ctx.Error($"unknown line type '{type}'");
            }
        }

        public void Finish(int lastLine)
        {
            if (!_sawV || !_sawO || !_sawS || !_sawT)
            {
                throw new SdpParseException(lastLine, string.Empty, "description lacks one of v=, o=, s=, t=");
            }
        }

        private void RequireSessionLevel(SdpLineContext ctx, bool seen)
        {
            if (_media is not null || seen)
            {
                throw ctx.Error($"{ctx.Line[0]}= belongs once in the session part");
            }
        }
    }

    private static SdpOrigin ParseOrigin(SdpLineContext ctx, string value)
    {
        string[] f = value.Split(' ');
        if (f.Length != 6 || !SdpText.AllDigits(f[1]) || f[1].Length > 64 || !SdpText.TryULong(f[2], out ulong version)
            || !SdpText.IsWord(f[0]) || !SdpText.IsToken(f[3]) || !SdpText.IsToken(f[4]) || !SdpText.IsWord(f[5]))
        {
            throw ctx.Error("o= needs <username> <sess-id> <sess-version> <nettype> <addrtype> <address>");
        }

        return new SdpOrigin(f[0], f[1], version, f[3], f[4], f[5]);
    }

    private static SdpTiming ParseTiming(SdpLineContext ctx, string value)
    {
        string[] f = value.Split(' ');
        if (f.Length != 2 || !SdpText.TryULong(f[0], out ulong start) || !SdpText.TryULong(f[1], out ulong stop))
        {
            throw ctx.Error("t= needs <start> <stop>");
        }

        return new SdpTiming(start, stop);
    }

    private static SdpConnection ParseConnection(SdpLineContext ctx, string value)
    {
        string[] f = value.Split(' ');
        if (f.Length != 3 || !SdpText.IsToken(f[0]) || !SdpText.IsToken(f[1]) || !SdpText.IsWord(f[2]))
        {
            throw ctx.Error("c= needs <nettype> <addrtype> <address>");
        }

        return new SdpConnection(f[0], f[1], f[2]);
    }

    private static SdpBandwidth ParseBandwidth(SdpLineContext ctx, string value)
    {
        int colon = value.IndexOf(':');
        if (colon <= 0 || !SdpText.IsToken(value.AsSpan(0, colon)) || !SdpText.TryULong(value.AsSpan(colon + 1), out ulong bw))
        {
            throw ctx.Error("b= needs <type>:<bandwidth>");
        }

        return new SdpBandwidth(value[..colon], bw);
    }

    private static MediaDescription ParseMediaLine(SdpLineContext ctx, string value)
    {
        string[] f = value.Split(' ');
        if (f.Length < 4 || !SdpText.IsToken(f[0]) || !SdpText.IsWord(f[2]))
        {
            throw ctx.Error("m= needs <media> <port> <proto> <fmt> ...");
        }

        var m = new MediaDescription { Kind = f[0], Protocol = f[2] };
        int slash = f[1].IndexOf('/');
        if (!SdpText.TryPort(slash < 0 ? f[1] : f[1][..slash], out int port))
        {
            throw ctx.Error("bad m= port");
        }

        m.Port = port;
        if (slash >= 0)
        {
            if (!SdpText.TryInt(f[1].AsSpan(slash + 1), out int count) || count < 1)
            {
                throw ctx.Error("bad m= port count");
            }

            m.PortCount = count;
        }

        for (int i = 3; i < f.Length; i++)
        {
            if (!SdpText.IsWord(f[i]))
            {
                throw ctx.Error("bad m= format");
            }

            m.Formats.Add(f[i]);
        }

        return m;
    }
}

/// <summary>The line being parsed, so every error can name it.</summary>
internal readonly record struct SdpLineContext(int LineNumber, string Line)
{
    public SdpParseException Error(string reason) => new(LineNumber, Line, reason);
}
