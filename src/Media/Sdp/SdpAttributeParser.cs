namespace VideoVisit.Media.Sdp;

/// <summary>
/// Reads "a=" lines into typed properties. Attributes the model does not type, or that appear at a level where the
/// model does not expect them, are kept verbatim in <see cref="SdpSection.OtherAttributes"/>.
/// </summary>
internal static class SdpAttributeParser
{
    public static void Apply(SdpLineContext ctx, string text, SessionDescription session, MediaDescription? media)
    {
        int colon = text.IndexOf(':');
        string name = colon < 0 ? text : text[..colon];
        string? value = colon < 0 ? null : text[(colon + 1)..];
        if (!SdpText.IsToken(name))
        {
            throw ctx.Error("bad attribute name");
        }

        SdpSection section = (SdpSection?)media ?? session;
        if (ApplyCommon(ctx, name, value, section)
            || (media is null ? ApplySession(ctx, name, value, session) : ApplyMedia(ctx, name, value, media)))
        {
            return;
        }

        section.OtherAttributes.Add(new SdpAttribute(name, value));
    }

    private static bool ApplyCommon(SdpLineContext ctx, string name, string? value, SdpSection s)
    {
        switch (name)
        {
            case "ice-ufrag":
                s.IceUfrag = Once(ctx, s.IceUfrag, RequireWord(ctx, value));
                return true;
            case "ice-pwd":
                s.IcePwd = Once(ctx, s.IcePwd, RequireWord(ctx, value));
                return true;
            case "ice-options":
                s.IceOptions.AddRange(Fields(ctx, value, 1));
                return true;
            case "fingerprint":
                string[] fp = Fields(ctx, value, 2, 2);
                s.Fingerprints.Add(new SdpFingerprint(fp[0], fp[1]));
                return true;
            case "setup":
                s.Setup = Once(ctx, s.Setup, value switch
                {
                    "active" => SdpSetupRole.Active,
                    "passive" => SdpSetupRole.Passive,
                    "actpass" => SdpSetupRole.ActPass,
                    "holdconn" => SdpSetupRole.HoldConn,
                    _ => throw ctx.Error("setup must be active, passive, actpass or holdconn"),
                });
                return true;
            case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                Flag(ctx, value);
                s.Direction = Once(ctx, s.Direction, ParseDirection(name));
                return true;
            case "extmap":
                s.Extmaps.Add(ParseExtmap(ctx, value));
                return true;
            case "extmap-allow-mixed":
                Flag(ctx, value);
                s.ExtmapAllowMixed = true;
                return true;
            default:
                return false;
        }
    }

    private static bool ApplySession(SdpLineContext ctx, string name, string? value, SessionDescription s)
    {
        switch (name)
        {
            case "group":
                string[] g = Fields(ctx, value, 1);
                s.Groups.Add(new SdpGroup(g[0], g[1..]));
                return true;
            case "ice-lite":
                Flag(ctx, value);
                s.IceLite = true;
                return true;
            default:
                return false;
        }
    }

    private static bool ApplyMedia(SdpLineContext ctx, string name, string? value, MediaDescription m)
    {
        switch (name)
        {
            case "mid":
                m.Mid = Once(ctx, m.Mid, RequireWord(ctx, value));
                return true;
            case "rtcp-mux":
                Flag(ctx, value);
                m.RtcpMux = true;
                return true;
            case "bundle-only":
                Flag(ctx, value);
                m.BundleOnly = true;
                return true;
            case "rtcp-rsize":
                Flag(ctx, value);
                m.RtcpRsize = true;
                return true;
            case "msid":
                string[] msid = Fields(ctx, value, 1, 2);
                m.Msids.Add(new SdpMsid(msid[0], msid.Length > 1 ? msid[1] : null));
                return true;
            case "rtpmap":
                m.RtpMaps.Add(ParseRtpMap(ctx, value));
                return true;
            case "fmtp":
                (string pt, string rest) = SplitFirst(ctx, value);
                m.Fmtps.Add(new SdpFmtp(PayloadType(ctx, pt), rest));
                return true;
            case "rtcp-fb":
                (string fbPt, string fb) = SplitFirst(ctx, value);
                if (fbPt != "*")
                {
                    PayloadType(ctx, fbPt);
                }

                (string fbType, string? fbParam) = SplitOptional(ctx, fb);
                m.RtcpFeedbacks.Add(new SdpRtcpFeedback(fbPt, fbType, fbParam));
                return true;
            case "ssrc":
                (string ssrcText, string attr) = SplitFirst(ctx, value);
                int colon = attr.IndexOf(':');
                string attrName = colon < 0 ? attr : attr[..colon];
                if (!SdpText.TryUInt(ssrcText, out uint ssrc) || !SdpText.IsToken(attrName))
                {
                    throw ctx.Error("ssrc needs <ssrc> <attribute>[:<value>]");
                }

                m.Ssrcs.Add(new SdpSsrcAttribute(ssrc, attrName, colon < 0 ? null : attr[(colon + 1)..]));
                return true;
            case "ssrc-group":
                string[] sg = Fields(ctx, value, 2);
                var ssrcs = new uint[sg.Length - 1];
                for (int i = 1; i < sg.Length; i++)
                {
                    if (!SdpText.TryUInt(sg[i], out ssrcs[i - 1]))
                    {
                        throw ctx.Error("bad ssrc in ssrc-group");
                    }
                }

                m.SsrcGroups.Add(new SdpSsrcGroup(sg[0], ssrcs));
                return true;
            case "candidate":
                if (value is null)
                {
                    throw ctx.Error("candidate needs a value");
                }

                if (!SdpCandidate.TryParse(value, out SdpCandidate c, out string reason))
                {
                    throw ctx.Error(reason);
                }

                m.Candidates.Add(c);
                return true;
            case "end-of-candidates":
                Flag(ctx, value);
                m.EndOfCandidates = true;
                return true;
            default:
                return false;
        }
    }

    private static SdpDirection ParseDirection(string name) => name switch
    {
        "sendonly" => SdpDirection.SendOnly,
        "recvonly" => SdpDirection.RecvOnly,
        "inactive" => SdpDirection.Inactive,
        _ => SdpDirection.SendRecv,
    };

    /// <summary>RFC 8285 §8: "extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;URI&gt; [&lt;extensionattributes&gt;]".</summary>
    private static SdpExtmap ParseExtmap(SdpLineContext ctx, string? value)
    {
        (string idPart, string rest) = SplitFirst(ctx, value);
        (string uri, string? attributes) = SplitOptional(ctx, rest);
        int slash = idPart.IndexOf('/');
        SdpDirection? direction = null;
        if (slash >= 0)
        {
            string d = idPart[(slash + 1)..];
            direction = d is "sendrecv" or "sendonly" or "recvonly" or "inactive"
                ? ParseDirection(d)
                : throw ctx.Error("bad extmap direction");
        }

        // RFC 8285 §5: 1–14 one-byte, 1–255 two-byte (15 is reserved only in the one-byte form).
        if (!SdpText.TryInt(slash < 0 ? idPart : idPart[..slash], out int id) || id is < 1 or > 255)
        {
            throw ctx.Error("extmap id must be 1..255");
        }

        return new SdpExtmap(id, direction, uri, attributes);
    }

    /// <summary>RFC 8866 §6.6: "rtpmap:&lt;pt&gt; &lt;encoding&gt;/&lt;clock rate&gt;[/&lt;parameters&gt;]".</summary>
    private static SdpRtpMap ParseRtpMap(SdpLineContext ctx, string? value)
    {
        (string pt, string enc) = SplitFirst(ctx, value);
        string[] p = enc.Split('/');
        if (p.Length is < 2 or > 3 || !SdpText.IsToken(p[0]) || !SdpText.TryInt(p[1], out int clock) || clock == 0)
        {
            throw ctx.Error("rtpmap needs <pt> <encoding>/<clock>[/<channels>]");
        }

        int? channels = null;
        if (p.Length == 3)
        {
            channels = SdpText.TryInt(p[2], out int ch) && ch > 0 ? ch : throw ctx.Error("bad rtpmap channels");
        }

        return new SdpRtpMap(PayloadType(ctx, pt), p[0], clock, channels);
    }

    private static int PayloadType(SdpLineContext ctx, string text) =>
        SdpText.TryInt(text, out int pt) && pt <= 127 ? pt : throw ctx.Error("payload type must be 0..127");

    private static T Once<T>(SdpLineContext ctx, T? existing, T value)
    {
        return existing is null ? value : throw ctx.Error("attribute repeated");
    }

    private static T Once<T>(SdpLineContext ctx, T? existing, T value)
        where T : struct
    {
        return existing is null ? value : throw ctx.Error("attribute repeated");
    }

    private static void Flag(SdpLineContext ctx, string? value)
    {
        if (value is not null)
        {
            throw ctx.Error("attribute takes no value");
        }
    }

    private static string RequireWord(SdpLineContext ctx, string? value) =>
        value is not null && SdpText.IsWord(value) ? value : throw ctx.Error("attribute needs a value without spaces");

    /// <summary>Space-separated tokens, between <paramref name="min"/> and <paramref name="max"/> of them.</summary>
    private static string[] Fields(SdpLineContext ctx, string? value, int min, int max = int.MaxValue)
    {
        string[] f = value?.Split(' ') ?? [];
        if (f.Length < min || f.Length > max || f.Any(x => !SdpText.IsWord(x)))
        {
            throw ctx.Error(max == int.MaxValue ? $"attribute needs at least {min} space-separated tokens"
                : $"attribute needs {min}..{max} space-separated tokens");
        }

        return f;
    }

    /// <summary>"&lt;token&gt; &lt;rest&gt;" with a non-empty rest, kept verbatim.</summary>
    private static (string First, string Remainder) SplitFirst(SdpLineContext ctx, string? value)
    {
        int sp = value?.IndexOf(' ') ?? -1;
        if (value is null || sp <= 0 || sp == value.Length - 1 || !SdpText.IsWord(value.AsSpan(0, sp)))
        {
            throw ctx.Error("attribute needs '<token> <value>'");
        }

        return (value[..sp], value[(sp + 1)..]);
    }

    private static (string First, string? Remainder) SplitOptional(SdpLineContext ctx, string value)
    {
        int sp = value.IndexOf(' ');
        string first = sp < 0 ? value : value[..sp];
        if (!SdpText.IsWord(first) || sp == value.Length - 1)
        {
            throw ctx.Error("malformed attribute value");
        }

        return (first, sp < 0 ? null : value[(sp + 1)..]);
    }
}
