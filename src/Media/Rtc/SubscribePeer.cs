using System.Globalization;
using Microsoft.Extensions.Logging;
using VideoVisit.Media.Dtls;
using VideoVisit.Media.Ice;
using VideoVisit.Media.Sdp;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Rtc;

/// <summary>A track the server offers on a subscribe connection, and the stream (participant) it belongs to.</summary>
public readonly record struct OfferedTrack(TrackKey Key, string StreamId);

/// <summary>A subscribe offer for the browser, with the mid each offered track rides in.</summary>
public sealed record SubscribeOffer(string Sdp, IReadOnlyList<(string Mid, TrackKey Track)> Tracks);

/// <summary>
/// A participant's subscribe connection: the server offers the tracks this participant may receive and renegotiates
/// as people come and go (m-sections recycled, never removed). One offer is outstanding at a time; a change that
/// arrives meanwhile is offered right after the answer.
/// </summary>
public sealed class SubscribePeer : PeerTransport, ISubscriberTransport
{
    private readonly SfuRoom _room;
    private readonly SubscribeOfferBuilder _builder;
    private readonly Lock _negotiation = new();
    private readonly Dictionary<TrackKey, OfferedTrack> _offered = [];
    private IReadOnlyCollection<OfferedTrack>? _wanted;
    private bool _transportStarted;

    /// <summary>Payload types bound to video on this connection: those packets are paced, audio goes at once.</summary>
    private readonly bool[] _videoPayloadTypes = new bool[128];

    internal SubscribePeer(MediaServer server, SfuRoom room, ParticipantKey participant, IceLiteSession ice, SdpServerParams sdp, ILogger logger)
        : base(server, room.Id, participant, ice, logger)
    {
        _room = room;
        _builder = new SubscribeOfferBuilder(sdp);
        EnablePacing();
        room.AddSubscriber(participant, this);
    }

    /// <summary>
    /// Sets what this participant should be offered. Returns the offer to send, or null when nothing changed or an
    /// offer is still waiting for its answer (the change then follows the answer).
    /// </summary>
    public SubscribeOffer? UpdateTracks(IReadOnlyCollection<OfferedTrack> wanted)
    {
        lock (_negotiation)
        {
            _wanted = wanted;
            return _builder.HasPendingOffer ? null : OfferLocked();
        }
    }

    /// <summary>Applies the browser's answer; returns a follow-up offer when tracks changed meanwhile.</summary>
    public SubscribeOffer? ApplyAnswer(string answerSdp)
    {
        lock (_negotiation)
        {
            var answer = SessionDescription.Parse(answerSdp);
            var result = _builder.ApplyAnswer(answer);
            if (!_transportStarted && result.Transport.Fingerprints.Count > 0)
            {
                if (!IceCredentials.TryCreateRemote(result.Transport.IceUfrag, result.Transport.IcePwd, out var remote) || remote is null)
                {
                    throw new SdpNegotiationException("the answer's ICE credentials are malformed");
                }
                var fp = result.Transport.Fingerprints[0];
                if (!DtlsFingerprint.TryParse($"{fp.HashFunction} {fp.Value}", out var fingerprint))
                {
                    throw new SdpNegotiationException("the answer's fingerprint is malformed");
                }
                Ice.SetRemoteCredentials(remote);
                StartDtls(fingerprint);
                _transportStarted = true;
            }
            // Bind with what the browser answered (it may renumber payload types or extensions); only now does a new
            // track's route go live, so its first packet finds the browser knowing its SSRC and mid.
            foreach (var m in answer.Media.Where(m => !m.IsRejected && m.Formats.Count > 0))
            {
                var slot = _builder.Slots.FirstOrDefault(s => s.Mid == m.Mid);
                if (slot?.Track is null) continue;
                var key = _offered.Values.First(o => TrackId(o.Key) == slot.Track.TrackId).Key;
                BindFormat(key, m, live: true);
            }
            return _wanted is not null && Differs(_wanted) ? OfferLocked() : null;
        }
    }

    /// <summary>The browser refused the offer (or the signalling reset): forget it so the next change can be offered.</summary>
    public void CancelOffer()
    {
        lock (_negotiation)
        {
            _builder.CancelPendingOffer();
        }
    }

    private bool Differs(IReadOnlyCollection<OfferedTrack> wanted) =>
        wanted.Count != _offered.Count || wanted.Any(w => !_offered.ContainsKey(w.Key));

    private SubscribeOffer? OfferLocked()
    {
        var wanted = _wanted ?? [];
        if (!Differs(wanted) && _builder.SessionVersion > 0) return null;
        foreach (var gone in _offered.Keys.Where(k => wanted.All(w => w.Key != k)).ToList())
        {
            _builder.RemoveTrack(TrackId(gone));
            // Its m-section may go to another track meanwhile: when it comes back it is a new stream with a new SSRC.
            _room.Unbind(Participant, gone, keepSsrc: false);
            _offered.Remove(gone);
        }
        foreach (var track in wanted.Where(w => !_offered.ContainsKey(w.Key)))
        {
            var kind = track.Key.Kind == MediaKind.Audio ? "audio" : "video";
            // The SSRC is chosen by the router; the mid by the offer. Bind once for the SSRC, again with the mid.
            // Not live: nothing of it is sent before the browser has applied this offer and answered it.
            var ssrc = _room.Bind(Participant, track.Key, new OutputFormat(0, ExtensionIds.None, "0"), live: false);
            _builder.AddTrack(new SubscribeTrack(kind, track.StreamId, TrackId(track.Key), ssrc.Value, "videovisit"));
            _offered[track.Key] = track;
        }
        if (_offered.Count == 0 && _builder.Slots.Count == 0) return null;
        var offer = _builder.CreateOffer();
        var tracks = new List<(string, TrackKey)>();
        foreach (var m in offer.Media)
        {
            var slot = _builder.Slots.First(s => s.Mid == m.Mid);
            if (slot.Track is null) continue;
            var key = _offered.Values.First(o => TrackId(o.Key) == slot.Track.TrackId).Key;
            BindFormat(key, m, live: false);
            tracks.Add((m.Mid!, key));
        }
        return new SubscribeOffer(offer.ToString(), tracks);
    }

    private void BindFormat(TrackKey key, MediaDescription m, bool live)
    {
        // The codec's payload type wherever it is listed (an answer may put RED first), and RED only if it carries it.
        var pt = (byte)PublishedTrackPlan.CodecPayloadType(m);
        byte red = key.Kind == MediaKind.Audio ? (byte)(SdpCodecPolicy.FindRed(m, pt)?.PayloadType ?? 0) : (byte)0;
        if (pt < _videoPayloadTypes.Length) _videoPayloadTypes[pt] = key.Kind == MediaKind.Video;
        _room.Bind(Participant, key, new OutputFormat(pt, PublishedTrackPlan.Ids(m), m.Mid!, red), live);
    }

    private bool IsVideo(ReadOnlySpan<byte> packet) => packet.Length >= 2 && _videoPayloadTypes[packet[1] & 0x7F];

    private static string TrackId(TrackKey key) => $"{key.Publisher.Value}-{(key.Kind == MediaKind.Audio ? "a" : "v")}";

    private protected override void OnConnected() => _room.RequestKeyframesFor(Participant);

    private protected override void OnRtp(Span<byte> packet)
    {
        // A subscribe connection only receives RTCP (receiver reports, PLI/FIR); stray RTP is ignored.
    }

    private protected override void OnRtcp(ReadOnlySpan<byte> packet) => _room.OnSubscriberRtcp(Participant, packet, _room.NowMs);

    /// <summary>Video (forwarded or resent) through the pacer, so a burst leaves spread out; audio at once.</summary>
    bool ISubscriberTransport.TrySendRtp(ReadOnlySpan<byte> packet) => SendRtp(packet, paced: IsVideo(packet));

    /// <summary>
    /// <see cref="MediaServerOptions.DropOutgoingVideoPercent"/>: a share of the video first sent to this subscriber is
    /// lost on the way, after the router recorded it as sent, so the subscriber's NACK finds it and the resend (through
    /// <see cref="ISubscriberTransport.TrySendRtp"/>, never dropped) repairs it.
    /// </summary>
    bool ISubscriberTransport.TrySendRecordedRtp(ReadOnlySpan<byte> packet)
    {
        int percent = Server.Options.DropOutgoingVideoPercent;
        if (percent <= 0 || Random.Shared.Next(100) >= percent)
        {
            return SendRtp(packet, paced: IsVideo(packet));
        }
        bool dropped = ProtectAndDropRtp(packet);
        if (dropped)
        {
            Server.Counters.CountDiagnosticOutgoingVideoDrop();
        }
        return dropped;
    }

    bool ISubscriberTransport.TrySendRtcp(ReadOnlySpan<byte> packet) => SendRtcp(packet);

    private protected override void OnClosing() => _room.RemoveSubscriber(Participant);
}
