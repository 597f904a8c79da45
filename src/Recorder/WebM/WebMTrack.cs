namespace VideoVisit.Recorder.WebM;

/// <summary>One WebM track entry (RFC 9559 §5.1.4.1). Video tracks use <see cref="Width"/>/<see cref="Height"/>,
/// audio tracks <see cref="Channels"/>, <see cref="CodecPrivate"/>, <see cref="CodecDelayNs"/>, <see cref="SeekPreRollNs"/>.</summary>
public sealed record WebMTrack(int Number, bool IsVideo, string CodecId, string Name)
{
    public int Width { get; init; }
    public int Height { get; init; }
    public int Channels { get; init; } = 1;
    public double SamplingFrequency { get; init; } = 48000;
    public byte[]? CodecPrivate { get; init; }
    public ulong CodecDelayNs { get; init; }
    public ulong SeekPreRollNs { get; init; }

    public static WebMTrack Vp8(int number, string name, int width, int height) =>
        new(number, IsVideo: true, "V_VP8", name) { Width = width, Height = height };

    /// <summary>A_OPUS per the WebM guidelines: CodecDelay = pre-skip, SeekPreRoll 80 ms (RFC 7845 §4.6).</summary>
    public static WebMTrack Opus(int number, string name, int channels) =>
        new(number, IsVideo: false, "A_OPUS", name)
        {
            Channels = channels,
            CodecPrivate = OpusHead.Build(channels),
            CodecDelayNs = OpusHead.DefaultPreSkip * 1_000_000_000UL / 48000,
            SeekPreRollNs = 80_000_000,
        };
}
