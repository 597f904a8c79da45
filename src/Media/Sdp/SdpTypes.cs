namespace VideoVisit.Media.Sdp;

/// <summary>RFC 8866 §6.7: media direction attributes.</summary>
public enum SdpDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

/// <summary>RFC 4145 §4 / RFC 8842: a=setup roles.</summary>
public enum SdpSetupRole
{
    Active,
    Passive,
    ActPass,
    HoldConn,
}

/// <summary>o= (RFC 8866 §5.2). The session id is kept as the text it arrived as (browsers send 19–20 digit ids).</summary>
public sealed record SdpOrigin(string Username, string SessionId, ulong SessionVersion, string NetType, string AddrType, string Address);

/// <summary>c= (RFC 8866 §5.7).</summary>
public sealed record SdpConnection(string NetType, string AddrType, string Address);

/// <summary>b= (RFC 8866 §5.8), e.g. AS or TIAS.</summary>
public sealed record SdpBandwidth(string Type, ulong Value);

/// <summary>t= (RFC 8866 §5.9).</summary>
public sealed record SdpTiming(ulong Start, ulong Stop);

/// <summary>An attribute the model has no typed property for, kept verbatim. <c>Value</c> is null for a flag attribute.</summary>
public sealed record SdpAttribute(string Name, string? Value);

/// <summary>A line of a type the model does not interpret (i, u, e, p, r, z, k), kept verbatim.</summary>
public sealed record SdpLine(char Type, string Value);

/// <summary>a=group (RFC 5888 §5), e.g. BUNDLE (RFC 8843).</summary>
public sealed record SdpGroup(string Semantics, IReadOnlyList<string> Mids)
{
    public bool Equals(SdpGroup? other) => other is not null && Semantics == other.Semantics && Mids.SequenceEqual(other.Mids);

    public override int GetHashCode() => HashCode.Combine(Semantics, Mids.Count);
}

/// <summary>a=fingerprint (RFC 8122 §5): hash function and colon-separated upper-case hex.</summary>
public sealed record SdpFingerprint(string HashFunction, string Value);

/// <summary>a=rtpmap (RFC 8866 §6.6).</summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels);

/// <summary>a=fmtp (RFC 8866 §6.15): parameters kept as one string, e.g. "minptime=10;useinbandfec=1".</summary>
public sealed record SdpFmtp(int PayloadType, string Parameters);

/// <summary>a=rtcp-fb (RFC 4585 §4.2). <c>PayloadType</c> is a number or "*".</summary>
public sealed record SdpRtcpFeedback(string PayloadType, string Type, string? Parameter);

/// <summary>a=extmap (RFC 8285 §8): id, optional direction, URI, optional extension attributes.</summary>
public sealed record SdpExtmap(int Id, SdpDirection? Direction, string Uri, string? Attributes);

/// <summary>a=msid (RFC 8830 §2): stream id and optional track id ("appdata").</summary>
public sealed record SdpMsid(string StreamId, string? TrackId);

/// <summary>a=ssrc (RFC 5576 §4.1): one source-level attribute, e.g. cname or msid.</summary>
public sealed record SdpSsrcAttribute(uint Ssrc, string Name, string? Value);

/// <summary>a=ssrc-group (RFC 5576 §4.2), e.g. FID for RTX pairs.</summary>
public sealed record SdpSsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs)
{
    public bool Equals(SdpSsrcGroup? other) => other is not null && Semantics == other.Semantics && Ssrcs.SequenceEqual(other.Ssrcs);

    public override int GetHashCode() => HashCode.Combine(Semantics, Ssrcs.Count);
}
