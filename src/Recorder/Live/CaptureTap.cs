using System.Collections.Concurrent;
using System.Collections.Immutable;
using VideoVisit.Media;
using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sfu;
using VideoVisit.Recorder.Capture;

namespace VideoVisit.Recorder.Live;

/// <summary>
/// The router's tap: copies each forwarded packet into the capture's queue (never blocks the forwarding thread).
/// A track first seen after the start (someone published later, or published again with another payload type) is
/// declared in the capture when its first packet arrives, and a keyframe is asked of its publisher so the picture
/// starts at once. Only participants who acknowledged the recording notice are recorded (docs/safeguarding.md S9).
/// </summary>
internal sealed class CaptureTap : IRtpTap
{
    private readonly CaptureWriter _writer;
    private readonly SfuRoom _room;
    private readonly ConcurrentDictionary<(TrackKey Key, byte PayloadType), int> _index = new();
    private readonly Lock _declaring = new();
    private ImmutableHashSet<string> _consented;
    // Tracks not recorded (RTX, FEC, a stray sender, someone who has not acknowledged), with when that was last checked:
    // looked up again at most once a second, not on every packet.
    private readonly ConcurrentDictionary<(TrackKey Key, byte PayloadType), long> _unmatched = new();

    public CaptureTap(CaptureWriter writer, SfuRoom room, IReadOnlyList<PublishedTrack> atStart, IEnumerable<string> consented)
    {
        _writer = writer;
        _room = room;
        _consented = [.. consented];
        for (var i = 0; i < atStart.Count; i++) _index[(atStart[i].Key, atStart[i].Options.PayloadType)] = i;
    }

    /// <summary>How a published track is declared in the capture (the codecs the SFU negotiates: VP8, stereo Opus).</summary>
    public static CaptureTrack Describe(PublishedTrack t, int index) => new(index, t.Kind,
        t.Kind == MediaKind.Audio ? "opus" : "VP8", t.Options.ClockRate, t.Options.PayloadType, t.Key.Publisher.Value,
        t.Kind == MediaKind.Audio ? 2 : 1);

    /// <summary>Adds participants who acknowledged the notice; their tracks are declared with their next packet.</summary>
    public void Consent(IEnumerable<string> participants)
    {
        lock (_declaring)
        {
            _consented = _consented.Union(participants);
            _unmatched.Clear();
        }
    }

    public void OnRtp(TrackKey track, ReadOnlySpan<byte> packet, long arrivalMs)
    {
        if (!RtpPacket.TryParse(packet, out var rtp, out _)) return;
        if (IndexOf(track, rtp.PayloadType, arrivalMs) is int i) _writer.TryWriteRtp(i, packet);
    }

    public void OnSenderReport(TrackKey track, ReadOnlySpan<byte> senderReport, long arrivalMs)
    {
        // A report belongs to whichever capture track carries its publisher's media now.
        foreach (var ((key, _), i) in _index)
        {
            if (key == track) _writer.TryWriteSenderReport(i, senderReport);
        }
    }

    private int? IndexOf(TrackKey key, byte payloadType, long nowMs)
    {
        if (_index.TryGetValue((key, payloadType), out var i)) return i;
        if (_unmatched.TryGetValue((key, payloadType), out var checkedAt) && nowMs - checkedAt < 1000) return null;
        lock (_declaring)
        {
            if (_index.TryGetValue((key, payloadType), out i)) return i;
            if (!_consented.Contains(key.Publisher.Value))
            {
                _unmatched[(key, payloadType)] = nowMs;
                return null;
            }
            var published = _room.PublishedTracks().FirstOrDefault(t => t.Key == key && t.Options.PayloadType == payloadType);
            if (published is null)
            {
                _unmatched[(key, payloadType)] = nowMs;
                return null;
            }
            var next = _writer.TrackCount;
            if (!_writer.TryDeclareTrack(Describe(published, next))) return null; // queue full: the next packet tries again
            _index[(key, payloadType)] = next;
            _room.RequestKeyframesOf(key.Publisher);
            return next;
        }
    }
}
