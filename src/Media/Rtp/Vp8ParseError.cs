namespace VideoVisit.Media.Rtp;

/// <summary>Why a VP8 payload descriptor or payload header could not be read.</summary>
public enum Vp8ParseError
{
    None = 0,
    /// <summary>The descriptor's flags announce more bytes than the payload holds, or no VP8 data follows it.</summary>
    DescriptorTruncated,
    /// <summary>Fewer than the 3 frame-tag bytes, or a keyframe shorter than its 10-byte header (RFC 6386 §9.1).</summary>
    HeaderTruncated,
    /// <summary>A keyframe without the 9D 01 2A start code (RFC 6386 §9.1).</summary>
    BadStartCode,
}
