using VideoVisit.Recorder.WebM;

namespace VideoVisit.Recorder.Processing;

/// <summary>
/// Orders frames of all streams by timeline time on their way to the muxer without holding the whole visit:
/// a frame is written once the capture's arrival clock has moved <see cref="HorizonMicros"/> past it. Timeline
/// times live on the arrival clock (see <see cref="StreamClock"/>), and a frame reaches here at most a network delay
/// plus a jitter-buffer window after its time, far less than the horizon. A frame later than that (a sender clock
/// far off its reports) is written at the last written time instead, and counted.
/// </summary>
internal sealed class FrameInterleaver(WebMMuxer muxer, long originMicros, IReadOnlyDictionary<int, int> trackNumbers)
{
    public const long HorizonMicros = 10_000_000;

    private readonly PriorityQueue<MediaFrame, (long Time, int Track, long Order)> _pending = new();
    private readonly Dictionary<int, long> _lastMsOfTrack = [];
    private long _order;
    private long _lastMs;

    public int VideoFrames { get; private set; }
    public int AudioFrames { get; private set; }
    public int ClampedFrames { get; private set; }
    public double DurationMs { get; private set; }

    public void Add(MediaFrame frame) => _pending.Enqueue(frame, (frame.TimeMicros, frame.Track, _order++));

    /// <summary>Writes every frame the arrival clock has left behind by the horizon.</summary>
    public void Advance(long arrivalMicros)
    {
        while (_pending.TryPeek(out var frame, out var key) && key.Time < arrivalMicros - HorizonMicros)
        {
            Write(_pending.Dequeue());
        }
    }

    public void Drain()
    {
        while (_pending.Count > 0)
        {
            Write(_pending.Dequeue());
        }
    }

    private void Write(MediaFrame frame)
    {
        if (!trackNumbers.TryGetValue(frame.Track, out int number))
        {
            return;
        }
        long ms = Math.Max(0, (frame.TimeMicros - originMicros + 500) / 1000);
        if (ms < _lastMs)
        {
            ClampedFrames++;
            ms = _lastMs;
        }
        _lastMs = ms;
        muxer.WriteFrame(number, ms, frame.Keyframe, frame.Data);
        if (frame.IsVideo)
        {
            VideoFrames++;
        }
        else
        {
            AudioFrames++;
        }
        // The last frame of each track lasts about as long as the gap before it.
        long previous = _lastMsOfTrack.TryGetValue(frame.Track, out long p) ? p : ms;
        DurationMs = Math.Max(DurationMs, ms + Math.Clamp(ms - previous, 0, 200));
        _lastMsOfTrack[frame.Track] = ms;
    }
}
