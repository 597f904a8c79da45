using System.Globalization;
using CsCheck;
using VideoVisit.Media.Sdp;

namespace VideoVisit.Media.Tests.Sdp;

/// <summary>CsCheck generators for well-formed session descriptions, each field within its RFC 8866 grammar.</summary>
internal static class SdpGenerators
{
    private static readonly Gen<char> TokenChar = Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFXYZ0123456789-._!~{}"];
    private static readonly Gen<char> WordChar = Gen.Char["abcdefXYZ0123456789-._/:+={}"];
    private static readonly Gen<char> TextChar = Gen.Char["abc XYZ019-_/:;=+,.*"];

    public static readonly Gen<string> Token = Gen.String[TokenChar, 1, 10];
    public static readonly Gen<string> Word = Gen.String[WordChar, 1, 16];
    public static readonly Gen<string> Text = Gen.String[TextChar, 0, 24];
    private static readonly Gen<string> Digits = Gen.ULong.Select(u => u.ToString(CultureInfo.InvariantCulture));

    private static Gen<T?> Maybe<T>(Gen<T> g) where T : class => Gen.Frequency((1, Gen.Const((T?)null)), (2, g.Select(x => (T?)x)));

    private static Gen<T?> MaybeValue<T>(Gen<T> g) where T : struct => Gen.Frequency((1, Gen.Const((T?)null)), (2, g.Select(x => (T?)x)));

    private static readonly Gen<SdpDirection> Direction = Gen.Enum<SdpDirection>();

    private static readonly Gen<SdpConnection> Connection = Gen.Select(Token, Token, Word, (a, b, c) => new SdpConnection(a, b, c));

    private static readonly Gen<SdpBandwidth> Bandwidth = Gen.Select(Token, Gen.ULong, (t, v) => new SdpBandwidth(t, v));

    private static readonly Gen<SdpExtmap> Extmap = Gen.Select(Gen.Int[1, 255], MaybeValue(Direction), Word, Maybe(Word),
        (id, d, uri, attrs) => new SdpExtmap(id, d, uri, attrs));

    private static readonly Gen<SdpAttribute> Other = Gen.Select(Token, Maybe(Text), (n, v) => new SdpAttribute("x-" + n, v));

    private static readonly Gen<SdpLine[]> OtherLines = Gen.Select(
        Gen.Select(Gen.Char["iuep"], Text, (t, v) => new SdpLine(t, v)).Array[0, 2],
        Gen.Select(Gen.Char["rzk"], Text, (t, v) => new SdpLine(t, v)).Array[0, 2],
        (a, b) => a.Concat(b).ToArray());

    private sealed record Common(SdpConnection? Connection, SdpBandwidth[] Bandwidths, string? Ufrag, string? Pwd, string[] Options,
        SdpFingerprint[] Fingerprints, SdpSetupRole? Setup, SdpDirection? Direction, SdpExtmap[] Extmaps, bool Mixed,
        SdpAttribute[] Others, SdpLine[] Lines);

    private static readonly Gen<Common> CommonGen = Gen.Select(
        Gen.Select(Maybe(Connection), Bandwidth.Array[0, 2], Maybe(Word), Maybe(Word), Word.Array[0, 2]),
        Gen.Select(Gen.Select(Token, Word, (h, v) => new SdpFingerprint(h, v)).Array[0, 2], MaybeValue(Gen.Enum<SdpSetupRole>()),
            MaybeValue(Direction), Extmap.Array[0, 3], Gen.Bool),
        Gen.Select(Other.Array[0, 3], OtherLines),
        (a, b, c) => new Common(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, b.Item1, b.Item2, b.Item3, b.Item4, b.Item5, c.Item1, c.Item2));

    private static void Apply(Common c, SdpSection s)
    {
        s.Connection = c.Connection;
        s.Bandwidths.AddRange(c.Bandwidths);
        s.IceUfrag = c.Ufrag;
        s.IcePwd = c.Pwd;
        s.IceOptions.AddRange(c.Options);
        s.Fingerprints.AddRange(c.Fingerprints);
        s.Setup = c.Setup;
        s.Direction = c.Direction;
        s.Extmaps.AddRange(c.Extmaps);
        s.ExtmapAllowMixed = c.Mixed;
        s.OtherAttributes.AddRange(c.Others);
        s.OtherLines.AddRange(c.Lines);
    }

    public static readonly Gen<SdpCandidate> Candidate = Gen.Select(
        Gen.Select(Gen.String[Gen.Char["abcXYZ0189+/"], 1, 32], Gen.Int[1, 256], Token, Gen.UInt[1, uint.MaxValue], Word),
        Gen.Select(Gen.Int[0, 65535], Token, Maybe(Word), MaybeValue(Gen.Int[0, 65535]),
            Gen.Select(Token, Word, (n, v) => n + " " + v).Array[0, 3]),
        (a, b) => new SdpCandidate(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, b.Item1, b.Item2, b.Item3, b.Item4,
            b.Item5.Length == 0 ? null : string.Join(' ', b.Item5)));

    /// <summary>Per payload type: an optional rtpmap, feedback and fmtp, flattened in m= order as the writer groups them.</summary>
    private sealed record Codec(int Pt, SdpRtpMap? Map, SdpRtcpFeedback[] Feedback, SdpFmtp? Fmtp);

    private static Gen<Codec> CodecFor(int pt) => Gen.Select(
        Maybe(Gen.Select(Token, Gen.Int[1, 200000], MaybeValue(Gen.Int[1, 8]), (e, c, ch) => new SdpRtpMap(pt, e, c, ch))),
        Gen.Select(Token, Maybe(Token), (t, p) => new SdpRtcpFeedback(pt.ToString(CultureInfo.InvariantCulture), t, p)).Array[0, 2],
        Maybe(Word.Select(w => new SdpFmtp(pt, w))),
        (m, f, p) => new Codec(pt, m, f, p));

    private static readonly Gen<Codec[]> Codecs = Gen.Select(Gen.Int[0, 127].ArrayUnique[4], CodecFor(0).Array[1, 4],
        (pts, cs) => cs.Select((c, i) => WithPt(c, pts[i])).ToArray());

    private static Codec WithPt(Codec c, int pt)
    {
        string text = pt.ToString(CultureInfo.InvariantCulture);
        return new Codec(pt, c.Map is null ? null : c.Map with { PayloadType = pt },
            c.Feedback.Select(f => f with { PayloadType = text }).ToArray(), c.Fmtp is null ? null : c.Fmtp with { PayloadType = pt });
    }

    public static readonly Gen<MediaDescription> Media = Gen.Select(
        Gen.Select(Token, Gen.Int[0, 65535], MaybeValue(Gen.Int[1, 9]), Word, Codecs),
        Gen.Select(Maybe(Word), Gen.Bool, Gen.Bool, Gen.Select(Token, Maybe(Token), (s, t) => new SdpMsid(s, t)).Array[0, 2],
            Gen.Select(Token, Maybe(Token), (t, p) => new SdpRtcpFeedback("*", t, p)).Array[0, 2]),
        Gen.Select(Gen.Select(Gen.UInt, Token, Maybe(Text), (s, n, v) => new SdpSsrcAttribute(s, n, v)).Array[0, 3],
            Gen.Select(Token, Gen.UInt.Array[1, 3], (s, l) => new SdpSsrcGroup(s, l)).Array[0, 2], Candidate.Array[0, 2], Gen.Bool),
        CommonGen,
        (a, b, c, common) =>
        {
            var m = new MediaDescription { Kind = a.Item1, Port = a.Item2, PortCount = a.Item3, Protocol = a.Item4 };
            m.Formats.AddRange(a.Item5.Select(x => x.Pt.ToString(CultureInfo.InvariantCulture)));
            m.RtpMaps.AddRange(a.Item5.Where(x => x.Map is not null).Select(x => x.Map!));
            m.RtcpFeedbacks.AddRange(b.Item5);
            m.RtcpFeedbacks.AddRange(a.Item5.SelectMany(x => x.Feedback));
            m.Fmtps.AddRange(a.Item5.Where(x => x.Fmtp is not null).Select(x => x.Fmtp!));
            (m.Mid, m.RtcpMux, m.RtcpRsize) = (b.Item1, b.Item2, b.Item3);
            m.Msids.AddRange(b.Item4);
            m.Ssrcs.AddRange(c.Item1);
            m.SsrcGroups.AddRange(c.Item2);
            m.Candidates.AddRange(c.Item3);
            m.EndOfCandidates = c.Item4;
            Apply(common, m);
            return m;
        });

    public static readonly Gen<SessionDescription> Session = Gen.Select(
        Gen.Select(Word, Digits, Gen.ULong, Token, Token, Word, (u, id, v, n, a, addr) => new SdpOrigin(u, id, v, n, a, addr)),
        Gen.Select(Text, Gen.ULong, Gen.ULong, Gen.Bool),
        Gen.Select(Token, Word.Array[0, 3], (s, mids) => new SdpGroup(s, mids)).Array[0, 2],
        CommonGen,
        Media.Array[0, 4],
        (origin, x, groups, common, media) =>
        {
            var d = new SessionDescription { Origin = origin, SessionName = x.Item1, Timing = new SdpTiming(x.Item2, x.Item3), IceLite = x.Item4 };
            d.Groups.AddRange(groups);
            Apply(common, d);
            d.Media.AddRange(media);
            return d;
        });
}
