namespace VideoVisit.Media.Rtp;

/// <summary>Questions an SFU and a recorder ask of a VP8 RTP payload (RFC 7741).</summary>
public static class Vp8
{
    /// <summary>First packet of a frame: S=1 and PID=0 (RFC 7741 §4.1, §4.2).</summary>
    public static bool IsFrameStart(ReadOnlySpan<byte> rtpPayload) =>
        Vp8PayloadDescriptor.TryParse(rtpPayload, out var d, out _) && d.IsFrameStart;

    /// <summary>First packet of a keyframe: frame start whose payload header has P=0 and a valid start code (RFC 7741 §4.3).</summary>
    public static bool IsKeyframeStart(ReadOnlySpan<byte> rtpPayload) =>
        Vp8PayloadDescriptor.TryParse(rtpPayload, out var d, out _) && d.IsFrameStart &&
        Vp8PayloadHeader.TryParse(rtpPayload[d.Length..], out var h, out _) && h.IsKeyframe;

    /// <summary>Keyframe dimensions, for the recorder's track header.</summary>
    public static bool TryGetKeyframeSize(ReadOnlySpan<byte> rtpPayload, out int width, out int height)
    {
        width = height = 0;
        if (!Vp8PayloadDescriptor.TryParse(rtpPayload, out var d, out _) || !d.IsFrameStart ||
            !Vp8PayloadHeader.TryParse(rtpPayload[d.Length..], out var h, out _) || !h.IsKeyframe)
        {
            return false;
        }
        width = h.Width;
        height = h.Height;
        return true;
    }
}
