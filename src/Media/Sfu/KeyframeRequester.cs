using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Sfu;

/// <summary>How the router asks a publisher for a keyframe.</summary>
public enum KeyframeRequestKind
{
    /// <summary>PLI, RFC 4585 §6.3.1 (what Chrome answers best).</summary>
    Pli,
    /// <summary>FIR, RFC 5104 §4.3.1, with a command sequence number that grows per new request.</summary>
    Fir,
}

/// <summary>
/// Keyframe requests toward one publisher's video stream. Subscriber PLI/FIR are coalesced to one upstream request
/// per throttle interval (~1/s per stream, docs/media.md "RTCP"); a new video route bypasses the throttle, since that
/// subscriber cannot start without a keyframe.
/// A browser's encoder acts on at most one request per <see cref="PublisherMinIntervalMs"/> and silently ignores the
/// rest (libwebrtc: 300 ms). So a forced request that comes sooner after the previous one — typically the request of a
/// subscriber whose connection just came up, ~200 ms after the request made when its route was added — is not sent
/// now, where it would be lost, but held and sent by <see cref="SendDeferred"/> as soon as the publisher will act on it.
/// </summary>
internal sealed class KeyframeRequester
{
    /// <summary>How long after one request a browser publisher acts on the next (its 300 ms, plus network margin).</summary>
    public const long PublisherMinIntervalMs = 350;

    private readonly Lock _gate = new();
    private readonly PublishedTrack _track;
    private long _lastRequestMs;
    private bool _requested;
    private long _deferredUntilMs = -1;
    private byte _firSequence;

    public KeyframeRequester(PublishedTrack track) => _track = track;

    public int RequestsSent { get; private set; }

    /// <summary>A forced request is held until the publisher will act on it (see the class remarks).</summary>
    public bool HasDeferred
    {
        get
        {
            lock (_gate) return _deferredUntilMs >= 0;
        }
    }

    /// <summary>Sends a held forced request once its time has come; called from the room's tick.</summary>
    public bool SendDeferred(long nowMs)
    {
        lock (_gate)
        {
            if (_deferredUntilMs < 0 || nowMs < _deferredUntilMs) return false;
        }
        return Request(nowMs, force: true);
    }

    /// <summary>Sends a request unless one went out less than the throttle interval ago (or <paramref name="force"/>).</summary>
    public bool Request(long nowMs, bool force)
    {
        var options = _track.Room.Options;
        Span<byte> buffer = stackalloc byte[FullIntraRequest.GetLength(1)];
        int written;
        lock (_gate)
        {
            if (!force && _requested && nowMs - _lastRequestMs < options.KeyframeRequestIntervalMs)
            {
                return false;
            }
            if (force && _requested && nowMs - _lastRequestMs < PublisherMinIntervalMs)
            {
                _deferredUntilMs = _lastRequestMs + PublisherMinIntervalMs;
                return false;
            }
            _deferredUntilMs = -1;
            _requested = true;
            _lastRequestMs = nowMs;
            var sender = _track.Publisher.LocalSsrc;
            if (options.KeyframeRequest == KeyframeRequestKind.Fir)
            {
                // RFC 5104 §4.3.1.2: a new request carries the next sequence number (mod 256); a repeat keeps it.
                _firSequence = unchecked((byte)(_firSequence + 1));
                ReadOnlySpan<FirEntry> entries = [new FirEntry(_track.Ssrc, _firSequence)];
                FullIntraRequest.TryWrite(buffer, sender, entries, out written);
            }
            else
            {
                new PictureLossIndication(sender, _track.Ssrc).TryWrite(buffer, out written);
            }
            RequestsSent++;
        }
        _track.Room.Nacks.CountKeyframeRequestSent();
        return _track.Publisher.Transport.TrySendRtcp(buffer[..written]);
    }
}
