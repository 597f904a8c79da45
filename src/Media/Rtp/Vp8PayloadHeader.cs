namespace VideoVisit.Media.Rtp;

/// <summary>
/// The VP8 payload header (RFC 7741 §4.3), i.e. the frame tag of RFC 6386 §9.1, present at the start of the
/// VP8 data of a frame's first packet (S=1, PID=0). P=0 (the low bit of the first byte) marks a keyframe,
/// which continues with the start code 9D 01 2A and two little-endian 16-bit fields: 14-bit width/height
/// with a 2-bit scale above each.
/// </summary>
public readonly record struct Vp8PayloadHeader
{
    public const int TagLength = 3;
    public const int KeyframeHeaderLength = 10;

    public bool IsKeyframe { get; init; }
    public int Version { get; init; }
    public bool ShowFrame { get; init; }
    /// <summary>Size of the first partition in bytes (19 bits).</summary>
    public int FirstPartitionSize { get; init; }
    /// <summary>Width in pixels on a keyframe; 0 otherwise.</summary>
    public int Width { get; init; }
    public int HorizontalScale { get; init; }
    /// <summary>Height in pixels on a keyframe; 0 otherwise.</summary>
    public int Height { get; init; }
    public int VerticalScale { get; init; }

    /// <param name="vp8Data">The payload after the descriptor (<see cref="Vp8PayloadDescriptor.Length"/>).</param>
    public static bool TryParse(ReadOnlySpan<byte> vp8Data, out Vp8PayloadHeader header, out Vp8ParseError error)
    {
        header = default;
        if (vp8Data.Length < TagLength)
        {
            error = Vp8ParseError.HeaderTruncated;
            return false;
        }
        int tag = vp8Data[0] | vp8Data[1] << 8 | vp8Data[2] << 16;
        bool key = (tag & 1) == 0;
        int width = 0, height = 0, hScale = 0, vScale = 0;
        if (key)
        {
            if (vp8Data.Length < KeyframeHeaderLength)
            {
                error = Vp8ParseError.HeaderTruncated;
                return false;
            }
            if (vp8Data[3] != 0x9D || vp8Data[4] != 0x01 || vp8Data[5] != 0x2A)
            {
                error = Vp8ParseError.BadStartCode;
                return false;
            }
            int w = vp8Data[6] | vp8Data[7] << 8;
            int h = vp8Data[8] | vp8Data[9] << 8;
            width = w & 0x3FFF;
            hScale = w >> 14;
            height = h & 0x3FFF;
            vScale = h >> 14;
        }
        header = new Vp8PayloadHeader
        {
            IsKeyframe = key,
            Version = (tag >> 1) & 7,
            ShowFrame = (tag & 0x10) != 0,
            FirstPartitionSize = tag >> 5,
            Width = width,
            HorizontalScale = hScale,
            Height = height,
            VerticalScale = vScale,
        };
        error = Vp8ParseError.None;
        return true;
    }

    /// <summary>Writes the frame tag and, on a keyframe, start code and dimensions.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        if ((uint)Version > 7 || (uint)FirstPartitionSize > 0x7FFFF || (uint)Width > 0x3FFF || (uint)Height > 0x3FFF ||
            (uint)HorizontalScale > 3 || (uint)VerticalScale > 3)
        {
            throw new InvalidOperationException("payload header field out of range for RFC 6386 §9.1");
        }
        written = IsKeyframe ? KeyframeHeaderLength : TagLength;
        if (written > destination.Length)
        {
            written = 0;
            return false;
        }
        int tag = (IsKeyframe ? 0 : 1) | Version << 1 | (ShowFrame ? 0x10 : 0) | FirstPartitionSize << 5;
        destination[0] = (byte)tag;
        destination[1] = (byte)(tag >> 8);
        destination[2] = (byte)(tag >> 16);
        if (IsKeyframe)
        {
            destination[3] = 0x9D;
            destination[4] = 0x01;
            destination[5] = 0x2A;
            int w = Width | HorizontalScale << 14;
            int h = Height | VerticalScale << 14;
            destination[6] = (byte)w;
            destination[7] = (byte)(w >> 8);
            destination[8] = (byte)h;
            destination[9] = (byte)(h >> 8);
        }
        return true;
    }
}
