using VideoVisit.Media.Rtp;

namespace VideoVisit.Recorder.Processing;

/// <summary>
/// Rebuilds VP8 frames from ordered RTP payloads (RFC 7741 §4.1-§4.3): a frame starts at S=1, PID=0 and ends at
/// the marker bit; its packets share one timestamp and have consecutive sequence numbers. A frame with a hole is
/// dropped, and so is every following delta frame until the next keyframe, since they reference what was lost.
/// Everything before the first keyframe is dropped too.
/// </summary>
internal sealed class Vp8Depacketizer(int track)
{
    private readonly MemoryStream _frame = new();
    private bool _assembling;
    private bool _keyframe;
    private long _timestamp;
    private long _arrival;
    private bool _needKeyframe = true;

    public int Width { get; private set; }
    public int Height { get; private set; }
    public int DroppedFrames { get; private set; }

    /// <summary>
    /// The largest VP8 frame assembled (docs/security.md): 4 MiB, far above any frame a browser's encoder sends at
    /// the bitrates the media server lets through (<c>Media:MaxVideoBitrate</c>). A larger one is dropped.
    /// </summary>
    public const int MaxFrameBytes = 4 * 1024 * 1024;

    /// <summary>Frames dropped for growing beyond <see cref="MaxFrameBytes"/> (also counted in <see cref="DroppedFrames"/>).</summary>
    public int OversizedFrames { get; private set; }

    public MediaFrame? Push(OrderedPacket packet)
    {
        MediaFrame? completed = null;
        if (packet.AfterGap)
        {
            Abandon();
            _needKeyframe = true; // the lost packets may have been (part of) a reference frame
        }
        if (!Vp8PayloadDescriptor.TryParse(packet.Payload, out var descriptor, out _))
        {
            Abandon();
            _needKeyframe = true;
            return null;
        }
        var data = packet.Payload.AsSpan(descriptor.Length);
        if (descriptor.IsFrameStart)
        {
            if (_assembling)
            {
                // The previous frame lost only its marker bit (no sequence gap): it is whole.
                completed = Complete();
            }
            _assembling = true;
            _timestamp = packet.ExtendedTimestamp;
            _arrival = packet.ArrivalMicros;
            _keyframe = Vp8PayloadHeader.TryParse(data, out var header, out _) && header.IsKeyframe;
            if (_keyframe)
            {
                Width = header.Width;
                Height = header.Height;
            }
            _frame.SetLength(0);
        }
        else if (!_assembling || packet.ExtendedTimestamp != _timestamp)
        {
            Abandon();
            _needKeyframe = true;
            return completed;
        }
        if (_frame.Length + data.Length > MaxFrameBytes)
        {
            // Packets of one timestamp that never end would grow the frame without bound: give the frame up.
            Abandon();
            _needKeyframe = true;
            OversizedFrames++;
            return completed;
        }
        _frame.Write(data);
        if (packet.Marker)
        {
            completed ??= Complete();
        }
        return completed;
    }

    /// <summary>End of stream: a frame still open never got its last packet.</summary>
    public void Finish() => Abandon();

    private MediaFrame? Complete()
    {
        _assembling = false;
        if (_keyframe)
        {
            _needKeyframe = false;
        }
        else if (_needKeyframe)
        {
            DroppedFrames++;
            return null;
        }
        return new MediaFrame(track, _timestamp, _keyframe, _frame.ToArray(), _arrival, IsVideo: true);
    }

    private void Abandon()
    {
        if (_assembling)
        {
            DroppedFrames++;
        }
        _assembling = false;
        _frame.SetLength(0);
    }
}
