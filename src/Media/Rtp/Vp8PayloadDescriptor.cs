namespace VideoVisit.Media.Rtp;

/// <summary>
/// The VP8 payload descriptor that starts every VP8 RTP payload (RFC 7741 §4.2):
/// <c>|X|R|N|S|R|PID|</c>, then if X <c>|I|L|T|K|RSV|</c>, then PictureID (7 or 15 bits, M flag),
/// TL0PICIDX, and <c>|TID|Y|KEYIDX|</c> when T or K is set. Reserved bits are ignored as §4.2 asks.
/// </summary>
public readonly record struct Vp8PayloadDescriptor
{
    public bool NonReference { get; init; }
    public bool StartOfPartition { get; init; }
    public int PartitionIndex { get; init; }
    /// <summary>PictureID, or -1 when I=0.</summary>
    public int PictureId { get; init; }
    /// <summary>True when the PictureID uses the 15-bit form (M=1).</summary>
    public bool PictureIdIs15Bit { get; init; }
    /// <summary>TL0PICIDX, or -1 when L=0.</summary>
    public int Tl0PicIdx { get; init; }
    /// <summary>Temporal layer index, or -1 when T=0.</summary>
    public int TemporalLayerId { get; init; }
    /// <summary>Layer sync bit; meaningful only when T=1.</summary>
    public bool LayerSync { get; init; }
    /// <summary>KEYIDX, or -1 when K=0.</summary>
    public int KeyIndex { get; init; }
    /// <summary>Bytes the descriptor occupies; the VP8 data starts here.</summary>
    public int Length { get; init; }

    /// <summary>RFC 7741 §4.1: S=1 with PID=0 is the first packet of a frame.</summary>
    public bool IsFrameStart => StartOfPartition && PartitionIndex == 0;

    public bool HasExtension => PictureId >= 0 || Tl0PicIdx >= 0 || TemporalLayerId >= 0 || KeyIndex >= 0;

    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor, out Vp8ParseError error)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            error = Vp8ParseError.DescriptorTruncated;
            return false;
        }
        byte first = payload[0];
        int offset = 1;
        int pictureId = -1, tl0 = -1, tid = -1, keyIdx = -1;
        bool longPictureId = false, sync = false;
        if ((first & 0x80) != 0)
        {
            if (offset >= payload.Length)
            {
                return Truncated(out error);
            }
            byte ext = payload[offset++];
            if ((ext & 0x80) != 0)
            {
                if (offset >= payload.Length)
                {
                    return Truncated(out error);
                }
                if ((payload[offset] & 0x80) != 0)
                {
                    if (offset + 1 >= payload.Length)
                    {
                        return Truncated(out error);
                    }
                    pictureId = (payload[offset] & 0x7F) << 8 | payload[offset + 1];
                    longPictureId = true;
                    offset += 2;
                }
                else
                {
                    pictureId = payload[offset++];
                }
            }
            if ((ext & 0x40) != 0)
            {
                if (offset >= payload.Length)
                {
                    return Truncated(out error);
                }
                tl0 = payload[offset++];
            }
            if ((ext & 0x30) != 0)
            {
                if (offset >= payload.Length)
                {
                    return Truncated(out error);
                }
                byte tk = payload[offset++];
                if ((ext & 0x20) != 0)
                {
                    tid = tk >> 6;
                    sync = (tk & 0x20) != 0;
                }
                if ((ext & 0x10) != 0)
                {
                    keyIdx = tk & 0x1F;
                }
            }
        }
        // A descriptor with no VP8 data after it carries nothing to decode.
        if (offset >= payload.Length)
        {
            return Truncated(out error);
        }
        descriptor = new Vp8PayloadDescriptor
        {
            NonReference = (first & 0x20) != 0,
            StartOfPartition = (first & 0x10) != 0,
            PartitionIndex = first & 0x07,
            PictureId = pictureId,
            PictureIdIs15Bit = longPictureId,
            Tl0PicIdx = tl0,
            TemporalLayerId = tid,
            LayerSync = sync,
            KeyIndex = keyIdx,
            Length = offset,
        };
        error = Vp8ParseError.None;
        return true;
    }

    /// <summary>Bytes <see cref="TryWrite"/> produces for this descriptor.</summary>
    public int GetWrittenLength()
    {
        if (!HasExtension)
        {
            return 1;
        }
        return 2 + (PictureId < 0 ? 0 : PictureIdIs15Bit ? 2 : 1) + (Tl0PicIdx < 0 ? 0 : 1)
            + (TemporalLayerId < 0 && KeyIndex < 0 ? 0 : 1);
    }

    /// <summary>Writes the descriptor (not <see cref="Length"/>, which is recomputed) into a caller buffer.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        if (PictureId > (PictureIdIs15Bit ? 0x7FFF : 0x7F) || (uint)PartitionIndex > 7 ||
            TemporalLayerId > 3 || KeyIndex > 31)
        {
            throw new InvalidOperationException("descriptor field out of range for RFC 7741 §4.2");
        }
        written = GetWrittenLength();
        if (written > destination.Length)
        {
            written = 0;
            return false;
        }
        destination[0] = (byte)((HasExtension ? 0x80 : 0) | (NonReference ? 0x20 : 0) |
            (StartOfPartition ? 0x10 : 0) | PartitionIndex);
        if (!HasExtension)
        {
            return true;
        }
        destination[1] = (byte)((PictureId >= 0 ? 0x80 : 0) | (Tl0PicIdx >= 0 ? 0x40 : 0) |
            (TemporalLayerId >= 0 ? 0x20 : 0) | (KeyIndex >= 0 ? 0x10 : 0));
        int offset = 2;
        if (PictureId >= 0)
        {
            if (PictureIdIs15Bit)
            {
                destination[offset++] = (byte)(0x80 | PictureId >> 8);
                destination[offset++] = (byte)PictureId;
            }
            else
            {
                destination[offset++] = (byte)PictureId;
            }
        }
        if (Tl0PicIdx >= 0)
        {
            destination[offset++] = (byte)Tl0PicIdx;
        }
        if (TemporalLayerId >= 0 || KeyIndex >= 0)
        {
            destination[offset++] = (byte)((TemporalLayerId >= 0 ? TemporalLayerId << 6 | (LayerSync ? 0x20 : 0) : 0)
                | (KeyIndex >= 0 ? KeyIndex : 0));
        }
        return true;
    }

    private static bool Truncated(out Vp8ParseError error)
    {
        error = Vp8ParseError.DescriptorTruncated;
        return false;
    }
}
