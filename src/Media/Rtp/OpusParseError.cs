namespace VideoVisit.Media.Rtp;

/// <summary>The malformed-packet requirements of RFC 6716 §3.4 ([R1]-[R7]); the first one broken is reported.</summary>
public enum OpusParseError
{
    None = 0,
    /// <summary>[R1] a packet holds at least one byte (the TOC).</summary>
    Empty,
    /// <summary>[R2] no implicit frame length exceeds 1275 bytes.</summary>
    FrameTooLong,
    /// <summary>[R3] code 1: the bytes after the TOC split into two equal frames (odd total length).</summary>
    Code1OddLength,
    /// <summary>[R4] code 2: the first frame's length byte(s) and the frame itself fit in the packet.</summary>
    Code2LengthInvalid,
    /// <summary>[R5] code 3: a frame count byte follows, M is at least 1 and M frames last at most 120 ms.</summary>
    Code3FrameCountInvalid,
    /// <summary>[R6] code 3 CBR: padding fits and the rest divides into M equal frames.</summary>
    Code3CbrInvalid,
    /// <summary>[R7] code 3 VBR: padding and M-1 frame lengths fit and the last frame's length is not negative.</summary>
    Code3VbrInvalid,
}
