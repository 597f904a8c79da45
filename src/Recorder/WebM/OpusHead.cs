using System.Buffers.Binary;

namespace VideoVisit.Recorder.WebM;

/// <summary>The Opus identification header (RFC 7845 §5.1), which WebM carries as the A_OPUS CodecPrivate.</summary>
public static class OpusHead
{
    /// <summary>
    /// WebRTC does not signal the encoder's pre-skip; 312 samples at 48 kHz is what libopus reports for its
    /// default lookahead, and RFC 7845 §4.2 says a decoder discards that many samples first.
    /// </summary>
    public const ushort DefaultPreSkip = 312;

    public static byte[] Build(int channels, ushort preSkip = DefaultPreSkip, uint inputSampleRate = 48000)
    {
        if (channels is < 1 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), "mapping family 0 carries mono or stereo");
        }
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1; // version
        head[9] = (byte)channels;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), preSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), inputSampleRate);
        BinaryPrimitives.WriteInt16LittleEndian(head.AsSpan(16), 0); // output gain
        head[18] = 0; // channel mapping family 0 (RFC 7845 §5.1.1.1)
        return head;
    }
}
