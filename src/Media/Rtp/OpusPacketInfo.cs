namespace VideoVisit.Media.Rtp;

/// <summary>Opus coding mode selected by the TOC config (RFC 6716 §3.1, Table 2).</summary>
public enum OpusMode
{
    Silk,
    Hybrid,
    Celt,
}

/// <summary>Opus audio bandwidth (RFC 6716 §2, Table 1); the value is the nominal audio bandwidth in Hz.</summary>
public enum OpusBandwidth
{
    Narrowband = 4000,
    Mediumband = 6000,
    Wideband = 8000,
    SuperWideband = 12000,
    Fullband = 20000,
}

/// <summary>
/// What the TOC byte and the framing of one Opus packet say (RFC 6716 §3.1, §3.2), checked against the
/// malformed-packet rules of §3.4. Durations are in 48 kHz samples (2.5 ms = 120), the RTP clock of RFC 7587.
/// </summary>
public readonly record struct OpusPacketInfo
{
    public const int MaxFrameLength = 1275;
    public const int MaxPacketSamples = 5760; // 120 ms, RFC 6716 §3.2.5

    public int Config { get; init; }
    public OpusMode Mode { get; init; }
    public OpusBandwidth Bandwidth { get; init; }
    /// <summary>One frame's duration in 48 kHz samples.</summary>
    public int FrameSamples { get; init; }
    public bool IsStereo { get; init; }
    /// <summary>The frame-count code c (0-3), RFC 6716 §3.1.</summary>
    public int Code { get; init; }
    public int FrameCount { get; init; }
    /// <summary>Code 3 with v=1 (or code 2, which is VBR by construction).</summary>
    public bool IsVbr { get; init; }
    /// <summary>Code 3 padding bytes, excluding the padding length bytes themselves.</summary>
    public int PaddingLength { get; init; }

    public int DurationSamples => FrameCount * FrameSamples;

    public static OpusPacketInfo FromToc(byte toc, out int frameCountCode)
    {
        int config = toc >> 3;
        frameCountCode = toc & 3;
        OpusMode mode;
        OpusBandwidth bandwidth;
        int samples;
        if (config < 12)
        {
            mode = OpusMode.Silk;
            bandwidth = (config / 4) switch { 0 => OpusBandwidth.Narrowband, 1 => OpusBandwidth.Mediumband, _ => OpusBandwidth.Wideband };
            samples = (config % 4) switch { 0 => 480, 1 => 960, 2 => 1920, _ => 2880 };
        }
        else if (config < 16)
        {
            mode = OpusMode.Hybrid;
            bandwidth = config < 14 ? OpusBandwidth.SuperWideband : OpusBandwidth.Fullband;
            samples = config % 2 == 0 ? 480 : 960;
        }
        else
        {
            mode = OpusMode.Celt;
            bandwidth = ((config - 16) / 4) switch
            {
                0 => OpusBandwidth.Narrowband,
                1 => OpusBandwidth.Wideband,
                2 => OpusBandwidth.SuperWideband,
                _ => OpusBandwidth.Fullband,
            };
            samples = 120 << (config % 4);
        }
        return new OpusPacketInfo
        {
            Config = config,
            Mode = mode,
            Bandwidth = bandwidth,
            FrameSamples = samples,
            IsStereo = (toc & 0x04) != 0,
            Code = frameCountCode,
        };
    }

    public static bool TryParse(ReadOnlySpan<byte> packet, out OpusPacketInfo info, out OpusParseError error)
    {
        info = default;
        if (packet.IsEmpty)
        {
            return Fail(OpusParseError.Empty, out error);
        }
        var toc = FromToc(packet[0], out int code);
        int n = packet.Length;
        switch (code)
        {
            case 0:
                if (n - 1 > MaxFrameLength)
                {
                    return Fail(OpusParseError.FrameTooLong, out error);
                }
                info = toc with { FrameCount = 1 };
                break;
            case 1:
                if ((n - 1) % 2 != 0)
                {
                    return Fail(OpusParseError.Code1OddLength, out error);
                }
                if ((n - 1) / 2 > MaxFrameLength)
                {
                    return Fail(OpusParseError.FrameTooLong, out error);
                }
                info = toc with { FrameCount = 2 };
                break;
            case 2:
            {
                int offset = 1;
                if (!TryReadFrameLength(packet, ref offset, out int first) || first > n - offset)
                {
                    return Fail(OpusParseError.Code2LengthInvalid, out error);
                }
                if (first > MaxFrameLength || n - offset - first > MaxFrameLength)
                {
                    return Fail(OpusParseError.FrameTooLong, out error);
                }
                info = toc with { FrameCount = 2, IsVbr = true };
                break;
            }
            default:
                return TryParseCode3(packet, toc, out info, out error);
        }
        error = OpusParseError.None;
        return true;
    }

    // RFC 6716 §3.2.5: frame count byte |v|p|M|, optional padding length, then CBR frames or VBR lengths.
    private static bool TryParseCode3(ReadOnlySpan<byte> packet, OpusPacketInfo toc, out OpusPacketInfo info, out OpusParseError error)
    {
        info = default;
        if (packet.Length < 2)
        {
            return Fail(OpusParseError.Code3FrameCountInvalid, out error);
        }
        bool vbr = (packet[1] & 0x80) != 0;
        bool padded = (packet[1] & 0x40) != 0;
        int count = packet[1] & 0x3F;
        if (count == 0 || count * toc.FrameSamples > MaxPacketSamples)
        {
            return Fail(OpusParseError.Code3FrameCountInvalid, out error);
        }
        var invalid = vbr ? OpusParseError.Code3VbrInvalid : OpusParseError.Code3CbrInvalid;
        int offset = 2;
        int padding = 0;
        if (padded)
        {
            // Each 255 means 254 padding bytes plus another length byte.
            while (true)
            {
                if (offset >= packet.Length)
                {
                    return Fail(invalid, out error);
                }
                byte b = packet[offset++];
                if (b == 255)
                {
                    padding += 254;
                }
                else
                {
                    padding += b;
                    break;
                }
            }
        }
        int available = packet.Length - offset - padding;
        if (available < 0)
        {
            return Fail(invalid, out error);
        }
        if (!vbr)
        {
            if (available % count != 0)
            {
                return Fail(OpusParseError.Code3CbrInvalid, out error);
            }
            if (available / count > MaxFrameLength)
            {
                return Fail(OpusParseError.FrameTooLong, out error);
            }
        }
        else
        {
            int end = packet.Length - padding;
            int total = 0;
            for (int i = 0; i < count - 1; i++)
            {
                if (offset >= end || !TryReadFrameLength(packet[..end], ref offset, out int length))
                {
                    return Fail(OpusParseError.Code3VbrInvalid, out error);
                }
                total += length;
            }
            int last = end - offset - total;
            if (last < 0)
            {
                return Fail(OpusParseError.Code3VbrInvalid, out error);
            }
            if (last > MaxFrameLength)
            {
                return Fail(OpusParseError.FrameTooLong, out error);
            }
        }
        info = toc with { FrameCount = count, IsVbr = vbr, PaddingLength = padding };
        error = OpusParseError.None;
        return true;
    }

    // RFC 6716 §3.2.1: 0 = no frame, 1-251 = that many bytes, 252-255 = first + 4 * second byte.
    private static bool TryReadFrameLength(ReadOnlySpan<byte> packet, ref int offset, out int length)
    {
        length = 0;
        if (offset >= packet.Length)
        {
            return false;
        }
        int b0 = packet[offset];
        if (b0 < 252)
        {
            length = b0;
            offset++;
            return true;
        }
        if (offset + 1 >= packet.Length)
        {
            return false;
        }
        length = b0 + 4 * packet[offset + 1];
        offset += 2;
        return true;
    }

    private static bool Fail(OpusParseError reason, out OpusParseError error)
    {
        error = reason;
        return false;
    }
}
