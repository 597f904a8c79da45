using System.Text;
using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Sfu;

public sealed partial class SfuRoom
{
    private const int RtcpBufferLength = 1200;
    private byte[]? _cname;

    private ReadOnlySpan<byte> Cname => _cname ??= Encoding.ASCII.GetBytes(Options.Cname);

    /// <summary>
    /// Reports due at <paramref name="nowMs"/>: to each publisher one compound RR (a report block per track,
    /// RFC 3550 §6.4.2) + SDES CNAME + REMB capping the video that has no transport-wide feedback
    /// (draft-alvestrand-rmcat-remb-03; with transport-cc the publish connection answers every packet instead, see
    /// <c>TransportCcRecorder</c>, and a constant REMB would only cap the browser's own estimate); to each subscriber,
    /// per binding that has sent, an SR (RFC 3550 §6.4.1) + SDES CNAME. NACK retries and give-ups that are due
    /// while a publisher's video is silent. Caller-driven, e.g. every 100-250 ms, from one thread at a time (it may
    /// run beside forwarding and control-plane calls).
    /// </summary>
    public void Tick(long nowMs)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        foreach (var tracks in snapshot.Publishers.Values)
        {
            foreach (var track in tracks)
            {
                if (track.Kind == MediaKind.Video) track.Keyframes.SendDeferred(nowMs);
                if (track.Losses is { } losses && !track.Removed && losses.IsDue(nowMs))
                {
                    SendUpstreamNacks(track, nowMs);
                }
            }
        }
        foreach (var publisher in snapshot.PublisherStates)
        {
            if (nowMs >= publisher.NextReportMs)
            {
                publisher.NextReportMs = nowMs + Options.ReportIntervalMs;
                SendPublisherReport(publisher, snapshot.Publishers.TryGetValue(publisher.Participant, out var t) ? t : [], nowMs);
            }
        }
        foreach (var view in snapshot.Subscribers.Values)
        {
            // A route still waiting for a keyframe asks again (throttled to one request per interval per track):
            // the request made when the route started may have reached a publisher whose keys were not ready yet.
            foreach (var binding in view.Bindings)
            {
                if (binding.WaitingForKeyframe && snapshot.Publishers.TryGetValue(binding.Track.Publisher, out var published))
                {
                    foreach (var track in published)
                    {
                        if (track.Kind == MediaKind.Video) track.Keyframes.Request(nowMs, force: false);
                    }
                }
            }
            if (nowMs >= view.State.NextReportMs)
            {
                view.State.NextReportMs = nowMs + Options.ReportIntervalMs;
                foreach (var binding in view.Bindings)
                {
                    SendSenderReport(view.State, binding, nowMs);
                }
            }
        }
    }

    private void SendPublisherReport(PublisherState publisher, PublishedTrack[] tracks, long nowMs)
    {
        Span<ReportBlock> blocks = stackalloc ReportBlock[2];
        Span<Ssrc> video = stackalloc Ssrc[2];
        int blockCount = 0, videoCount = 0;
        foreach (var track in tracks)
        {
            if (blockCount < blocks.Length && track.Statistics.TryTakeReport(track.Ssrc, nowMs, out var block))
            {
                blocks[blockCount++] = block;
            }
            // libwebrtc takes the lower of a REMB and its send-side estimate: never cap a transport-cc sender.
            if (track.Kind == MediaKind.Video && track.Options.Extensions.TransportWideCc == 0 && videoCount < video.Length)
            {
                video[videoCount++] = track.Ssrc;
            }
        }
        Span<byte> buffer = stackalloc byte[RtcpBufferLength];
        var writer = new RtcpCompoundWriter(buffer);
        ReceiverReport.TryWrite(writer.Remaining, publisher.LocalSsrc, blocks[..blockCount], out int written);
        writer.Advance(written);
        SourceDescriptionWriter.TryWriteCname(writer.Remaining, publisher.LocalSsrc, Cname, out written);
        writer.Advance(written);
        if (videoCount > 0)
        {
            ReceiverEstimatedMaxBitrate.TryWrite(writer.Remaining, publisher.LocalSsrc, Options.RembBitrate, video[..videoCount], out written);
            writer.Advance(written);
        }
        publisher.Transport.TrySendRtcp(writer.WrittenSpan);
    }

    /// <summary>
    /// The head of a compound packet (RFC 3550 §6.1) that carries feedback the publish connection adds itself
    /// (transport-cc): an RR without report blocks and SDES CNAME, from the same receive-only source as the room's
    /// reports to this publisher. False when the publisher is not in the room (or <paramref name="destination"/> is too small).
    /// </summary>
    internal bool TryWriteFeedbackHead(ParticipantKey publisher, Span<byte> destination, out int written, out Ssrc sender)
    {
        written = 0;
        sender = default;
        foreach (var state in Volatile.Read(ref _snapshot).PublisherStates)
        {
            if (state.Participant != publisher)
            {
                continue;
            }
            sender = state.LocalSsrc;
            var writer = new RtcpCompoundWriter(destination);
            if (!ReceiverReport.TryWrite(writer.Remaining, sender, [], out int n))
            {
                return false;
            }
            writer.Advance(n);
            if (!SourceDescriptionWriter.TryWriteCname(writer.Remaining, sender, Cname, out n))
            {
                return false;
            }
            writer.Advance(n);
            written = writer.Written;
            return true;
        }
        return false;
    }

    private void SendSenderReport(SubscriberState subscriber, SubscriberBinding binding, long nowMs)
    {
        long packets = binding.PacketCount;
        if (packets == 0)
        {
            return; // RFC 3550 §6.4: only active senders send SRs
        }
        // RFC 3550 §6.4.1: the RTP timestamp corresponds to the NTP time of the report, extrapolated from the
        // last packet at the media clock rate.
        long elapsed = Math.Max(0, nowMs - binding.LastForwardMs);
        uint rtp = unchecked(binding.HighestTimestamp + (uint)(elapsed * binding.ClockRate / 1000));
        var info = new SenderInfo(binding.Ssrc, NtpTime.FromDateTime(_time.GetUtcNow()), rtp,
            unchecked((uint)packets), unchecked((uint)binding.OctetCount));
        Span<byte> buffer = stackalloc byte[RtcpBufferLength];
        var writer = new RtcpCompoundWriter(buffer);
        SenderReport.TryWrite(writer.Remaining, info, [], out int written);
        writer.Advance(written);
        SourceDescriptionWriter.TryWriteCname(writer.Remaining, binding.Ssrc, Cname, out written);
        writer.Advance(written);
        subscriber.Transport.TrySendRtcp(writer.WrittenSpan);
    }

    /// <summary>
    /// Decrypted RTCP from a publisher. Its SRs feed LSR/DLSR of our RRs (RFC 3550 §6.4.1); the rest is not
    /// needed to forward. False when the datagram is malformed (it is then ignored).
    /// </summary>
    public bool OnPublisherRtcp(ParticipantKey publisher, ReadOnlySpan<byte> datagram, long nowMs)
    {
        if (!RtcpCompoundReader.TryCreate(datagram, RtcpCompoundRules.AllowReducedSize, out var reader, out _))
        {
            return false;
        }
        var snapshot = Volatile.Read(ref _snapshot);
        if (!snapshot.Publishers.TryGetValue(publisher, out var tracks))
        {
            return true;
        }
        foreach (var packet in reader)
        {
            if (packet.PacketType == RtcpPacketType.SenderReport && SenderReport.TryParse(packet.Raw, out var sr, out _))
            {
                foreach (var track in tracks)
                {
                    if (track.Ssrc == sr.Sender)
                    {
                        track.Statistics.OnSenderReport(sr.CompactNtp, nowMs);
                        Volatile.Read(ref _tap)?.OnSenderReport(track.Key, packet.Raw, nowMs);
                    }
                }
            }
        }
        return true;
    }

    /// <summary>
    /// Decrypted RTCP from a subscriber. PLI (RFC 4585 §6.3.1) and FIR (RFC 5104 §4.3.1) name our outgoing SSRC;
    /// they become one throttled keyframe request to the publisher, and only for a track the subscriber is routed.
    /// A generic NACK (RFC 4585 §6.2.1) is answered from the track's history (see SfuRoom.Nack.cs).
    /// </summary>
    public bool OnSubscriberRtcp(ParticipantKey subscriber, ReadOnlySpan<byte> datagram, long nowMs)
    {
        if (!RtcpCompoundReader.TryCreate(datagram, RtcpCompoundRules.AllowReducedSize, out var reader, out _))
        {
            return false;
        }
        var snapshot = Volatile.Read(ref _snapshot);
        if (!snapshot.Subscribers.TryGetValue(subscriber, out var view))
        {
            return true;
        }
        foreach (var packet in reader)
        {
            if (packet.PacketType == RtcpPacketType.TransportFeedback && packet.Count == RtcpFeedbackFormat.GenericNack)
            {
                OnSubscriberNack(snapshot, view, packet.Raw, nowMs);
                continue;
            }
            if (packet.PacketType == RtcpPacketType.ReceiverReport && ReceiverReport.TryParse(packet.Raw, out var report, out _))
            {
                // Their loss on what we send them, for the visit's quality record (docs/operations.md "Per-visit quality").
                for (int i = 0; i < report.ReportCount; i++)
                {
                    var block = report.GetReportBlock(i);
                    if (view.RoutedTrackByOutgoingSsrc.ContainsKey(block.Source)) view.State.Quality.AddLossReport(block.FractionLost);
                }
                continue;
            }
            if (packet.PacketType != RtcpPacketType.PayloadFeedback)
            {
                continue;
            }
            if (PictureLossIndication.TryParse(packet.Raw, out var pli, out _))
            {
                RequestKeyframe(view, pli.MediaSource, nowMs);
            }
            else if (FullIntraRequest.TryParse(packet.Raw, out var fir, out _))
            {
                for (int i = 0; i < fir.EntryCount; i++)
                {
                    RequestKeyframe(view, fir.GetEntry(i).Target, nowMs);
                }
            }
        }
        return true;
    }

    private void RequestKeyframe(SubscriberView view, Ssrc outgoing, long nowMs)
    {
        if (view.RoutedTrackByOutgoingSsrc.TryGetValue(outgoing, out var track) && track.Kind == MediaKind.Video && !track.Removed)
        {
            Nacks.CountKeyframeRequestReceived();
            track.Keyframes.Request(nowMs, force: false);
        }
    }
}
