namespace VideoVisit.Media.Sdp;

/// <summary>A track the server sends on a subscribe connection: kind ("audio"/"video"), msid parts, SSRC and CNAME.</summary>
public sealed record SubscribeTrack(string Kind, string StreamId, string TrackId, uint Ssrc, string Cname)
{
    public void Validate()
    {
        if (Kind is not ("audio" or "video"))
        {
            throw new ArgumentException("A subscribe track is audio or video.", nameof(Kind));
        }

        // RFC 8830 §2: msid-id and msid-appdata are 1*64 token-char.
        if (!IsMsidPart(StreamId) || !IsMsidPart(TrackId) || !SdpText.IsWord(Cname))
        {
            throw new ArgumentException("Stream/track ids must be 1–64 token characters and CNAME non-empty without spaces.");
        }
    }

    private static bool IsMsidPart(string s) => s.Length <= 64 && SdpText.IsToken(s);
}

/// <summary>One m-section of a subscribe connection: its mid and kind for life, and the track it carries now (or none).</summary>
public sealed record SubscribeSlot(string Mid, string Kind, SubscribeTrack? Track);

/// <summary>What the browser's answer told us (RFC 9429 §5.10): its DTLS role and ICE credentials, and any mids it refused.</summary>
public sealed record SubscribeAnswerResult(SdpRemoteTransport Transport, IReadOnlyList<string> RejectedMids);
