using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Sfu;

public sealed partial class SfuRoom
{
    /// <summary>
    /// Demux for the receive path: the publisher's track carrying <paramref name="ssrc"/> (as signalled in its
    /// publish offer), read from the current snapshot without a lock or allocation.
    /// </summary>
    public bool TryGetTrack(ParticipantKey publisher, Ssrc ssrc, out PublishedTrack track)
    {
        if (Volatile.Read(ref _snapshot).Publishers.TryGetValue(publisher, out var tracks))
        {
            foreach (var candidate in tracks)
            {
                if (candidate.Ssrc == ssrc)
                {
                    track = candidate;
                    return true;
                }
            }
        }
        track = null!;
        return false;
    }

    /// <summary>
    /// Forwards one decrypted RTP packet of <paramref name="track"/> along the routes of the snapshot read on entry.
    /// Per subscriber the packet is copied into the binding's own buffer (or, with a single route, rewritten in
    /// <paramref name="packet"/> itself), then SSRC, PT, sequence number, timestamp and extensions are rewritten and
    /// the result handed to the subscriber transport. Allocation-free. Calls for one track must not overlap
    /// (one receive thread per publisher stream); different tracks may run concurrently.
    /// </summary>
    public ForwardResult OnRtp(PublishedTrack track, Span<byte> packet, long arrivalMs)
    {
        ArgumentNullException.ThrowIfNull(track);
        var snapshot = Volatile.Read(ref _snapshot);
        if (track.Removed || !ReferenceEquals(track.Room, this) ||
            !RtpPacket.TryParse(packet, out var parsed, out _) || parsed.Ssrc != track.Ssrc)
        {
            return new ForwardResult(0, snapshot.Version);
        }
        ushort sequence = parsed.SequenceNumber;
        uint timestamp = parsed.Timestamp;
        int extensionOffset = parsed.ExtensionOffset;
        int headerLength = parsed.HeaderLength;
        int payloadLength = parsed.Payload.Length;
        bool keyframe = track.Kind == MediaKind.Video && Vp8.IsKeyframeStart(parsed.Payload);
        long extended = track.Statistics.OnPacket(sequence, timestamp, arrivalMs);
        if (track.History is { } history)
        {
            // Kept as it arrived, before any route rewrites it in place, to answer subscribers' NACKs.
            history.Store(extended, packet, arrivalMs);
            track.Losses!.OnPacket(extended, arrivalMs);
            if (track.Losses.IsDue(arrivalMs))
            {
                SendUpstreamNacks(track, arrivalMs);
            }
        }

        // What the policy keeps closed is counted, by reason, whether or not anything is routed (docs/operations.md "Metrics").
        track.Withheld?.CountPacket();
        if (!snapshot.Routes.TryGetValue(track, out var routes))
        {
            return new ForwardResult(0, snapshot.Version);
        }
        // RFC 2198 redundant audio: forwarded as RED to a subscriber that took it, as its primary block to the others.
        bool red = track.Options.RedPayloadType != 0 && parsed.PayloadType == track.Options.RedPayloadType;
        int paddingLength = parsed.PaddingLength;
        if (red) Nacks.CountRedundantAudio();
        // Before any route rewrites the packet in place: the recording gets the publisher's packet as it arrived
        // (a RED packet as its primary block: the recording holds Opus).
        if (Volatile.Read(ref _tap) is { } tap)
        {
            if (!red)
            {
                tap.OnRtp(track.Key, packet, arrivalMs);
            }
            else if (track.RedScratch is { } scratch && packet.Length <= scratch.Length)
            {
                var copy = scratch.AsSpan(0, packet.Length);
                packet.CopyTo(copy);
                if (RedPayload.TryStripToPrimary(copy, headerLength, paddingLength, track.Options.PayloadType, out int plain))
                {
                    tap.OnRtp(track.Key, copy[..plain], arrivalMs);
                }
            }
        }
        uint absSendTime = NtpTime.ToAbsSendTime(NtpTime.FromDateTime(_time.GetUtcNow()));
        var publisherIds = track.Options.Extensions;
        int forwarded = 0;
        foreach (var route in routes)
        {
            var binding = route.Binding;
            if (!binding.TryMap(route.Generation, extended, timestamp, keyframe, arrivalMs, out ushort sequenceOut, out uint timestampOut))
            {
                continue;
            }
            Span<byte> output;
            if (routes.Length == 1)
            {
                output = packet;
            }
            else if (packet.Length <= binding.Buffer.Length)
            {
                output = binding.Buffer.AsSpan(0, packet.Length);
                packet.CopyTo(output);
            }
            else
            {
                continue;
            }
            var format = binding.Format;
            int sentPayload = payloadLength;
            if (!red)
            {
                RtpHeaderRewriter.SetPayloadType(output, format.PayloadType);
            }
            else if (format.RedPayloadType != 0)
            {
                // As sent, but with the subscriber's numbers: RED outside, its Opus inside every block.
                if (!RedPayload.TrySetBlockPayloadTypes(output[headerLength..(output.Length - paddingLength)], format.PayloadType)) continue;
                RtpHeaderRewriter.SetPayloadType(output, format.RedPayloadType);
            }
            else
            {
                if (!RedPayload.TryStripToPrimary(output, headerLength, paddingLength, format.PayloadType, out int plain)) continue;
                output = output[..plain];
                sentPayload = plain - headerLength;
            }
            RtpHeaderRewriter.SetSsrc(output, binding.Ssrc);
            RtpHeaderRewriter.SetSequenceNumber(output, sequenceOut);
            RtpHeaderRewriter.SetTimestamp(output, timestampOut);
            int transportSequence = ExtensionRestamper.Rewrite(output, extensionOffset, headerLength, publisherIds, format, absSendTime, binding.Subscriber,
                midFirst: binding.LastAnnouncesMid);
            if (!binding.TryClaimSent(extended, absSendTime, transportSequence, format, track))
            {
                continue; // this subscriber already has this packet (a duplicate, or a NACK answered it first)
            }
            var transport = binding.Subscriber.Transport;
            if (binding.Sent is null ? transport.TrySendRtp(output) : transport.TrySendRecordedRtp(output))
            {
                binding.CountSent(sentPayload);
                forwarded++;
                if (track.Kind == MediaKind.Video) binding.NoteVideoForwarded(route.Generation, arrivalMs);
                if (keyframe && binding.Subscriber.TryMarkFirstKeyframe())
                {
                    Owner?.FirstKeyframeForwarded?.Invoke(Id, binding.Subscriber.Participant);
                }
            }
        }
        return new ForwardResult(forwarded, snapshot.Version);
    }
}
