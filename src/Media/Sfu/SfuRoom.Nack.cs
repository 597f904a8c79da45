using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Sfu;

/// <summary>
/// NACK loss recovery for video (RFC 4585 §6.2.1), both ways. No RTX is negotiated, so a packet is resent in its own
/// stream with its own sequence number.
/// <para>
/// Threads. A subscriber's NACK is answered on the thread that delivered it (the subscriber's receive thread), at
/// once, rather than queued for the forwarding thread: a queued answer would wait for the track's next packet, up to a
/// frame interval (longer when a weak link lowers the frame rate) or a <c>Tick</c>. What makes that safe: the resend
/// copies the publisher's packet from the track's <see cref="PacketHistory"/> (its own lock) into the binding's own
/// <see cref="SubscriberBinding.ResendBuffer"/> (under <see cref="SubscriberBinding.ResendGate"/>), never the
/// forwarding buffer; the output values come from the binding's <see cref="SentPacketMap"/> (its own lock), never from
/// the mapping state the forwarding thread owns; and the SRTP context of the outgoing SSRC is only ever used under the
/// subscriber transport's send lock (<see cref="ISubscriberTransport"/>), so the resend and the forwarding thread
/// protect one after the other, never at once. SRTP estimates the index of an older sequence number from the highest
/// sent (RFC 3711 §3.3.1), so the resend gets the same index as the first send — and, being byte for byte the same
/// packet, the same ciphertext and tag.
/// </para>
/// </summary>
public sealed partial class SfuRoom
{
    /// <summary>Sequence numbers asked for in one upstream NACK (more wait for the next call).</summary>
    private const int MaxNackBatch = 64;

    /// <summary>
    /// A subscriber's generic NACK for one of its outgoing SSRCs: each named packet that this subscriber was sent (or
    /// that belongs to its current mapping) and that the history still holds goes to this subscriber again, rate-limited
    /// per packet; only for a video track it is routed now.
    /// </summary>
    private void OnSubscriberNack(RoutingSnapshot snapshot, SubscriberView view, ReadOnlySpan<byte> raw, long nowMs)
    {
        if (!GenericNack.TryParse(raw, out var nack, out _) ||
            !view.RoutedTrackByOutgoingSsrc.TryGetValue(nack.MediaSource, out var track) ||
            track.Removed || track.History is not { } history ||
            !TryFindRoute(snapshot, track, view.State, nack.MediaSource, out var route) ||
            route.Binding.Sent is not { } sent)
        {
            return;
        }
        Nacks.CountNackReceived();
        var binding = route.Binding;
        var options = Options.Nack;
        uint absSendTimeNow = NtpTime.ToAbsSendTime(NtpTime.FromDateTime(_time.GetUtcNow()));
        lock (binding.ResendGate)
        {
            var buffer = binding.ResendBuffer!;
            foreach (ushort sequence in nack.GetLostSequenceNumbers())
            {
                var decision = sent.TryTake(sequence, nowMs, options.ResendIntervalMs, options.MaxResends, track, route.Generation, absSendTimeNow,
                    out var plan);
                if (decision == ResendDecision.RateLimited)
                {
                    Nacks.CountRateLimited();
                    continue;
                }
                if (decision == ResendDecision.Unknown)
                {
                    Nacks.CountUnavailable(); // ignored: older than what we remember, or never ours to send
                    continue;
                }
                if (!history.TryCopy(plan.Input, nowMs, buffer, out int length, out long arrivalMs) || arrivalMs < plan.NotBeforeMs)
                {
                    if (track.Losses?.IsMissing(plan.Input) == true)
                    {
                        Nacks.CountAwaitingUpstream(); // lost before us too: it is forwarded when the publisher resends it
                    }
                    else
                    {
                        Nacks.CountUnavailable(); // older than the history
                    }
                    continue;
                }
                var packet = buffer.AsSpan(0, length);
                if (!RtpPacket.TryParse(packet, out var parsed, out _))
                {
                    Nacks.CountUnavailable();
                    continue;
                }
                int extensionOffset = parsed.ExtensionOffset;
                int headerLength = parsed.HeaderLength;
                int payloadLength = parsed.Payload.Length;
                uint timestamp = unchecked(parsed.Timestamp + plan.TimestampOffset);
                RtpHeaderRewriter.SetSsrc(packet, binding.Ssrc);
                RtpHeaderRewriter.SetPayloadType(packet, plan.Format.PayloadType);
                RtpHeaderRewriter.SetSequenceNumber(packet, unchecked((ushort)plan.Output));
                RtpHeaderRewriter.SetTimestamp(packet, timestamp);
                int transportSequence = ExtensionRestamper.Rewrite(packet, extensionOffset, headerLength, track.Options.Extensions,
                    plan.Format, plan.AbsSendTime, binding.Subscriber, plan.TransportSequence, binding.AnnouncesMid(plan.Output));
                if (decision == ResendDecision.FirstSend && !sent.TryClaimFirstSend(plan, transportSequence, track))
                {
                    continue; // the forwarding thread sent this late packet meanwhile
                }
                if (binding.Subscriber.Transport.TrySendRtp(packet))
                {
                    Nacks.CountRetransmitted();
                    if (decision == ResendDecision.FirstSend)
                    {
                        binding.CountSent(payloadLength); // its first time on the wire: the SR counts it, as forwarding would have
                    }
                }
            }
        }
    }

    private static bool TryFindRoute(RoutingSnapshot snapshot, PublishedTrack track, SubscriberState subscriber, Ssrc outgoing, out Route route)
    {
        if (snapshot.Routes.TryGetValue(track, out var routes))
        {
            foreach (var candidate in routes)
            {
                if (candidate.Binding.Ssrc == outgoing && ReferenceEquals(candidate.Binding.Subscriber, subscriber))
                {
                    route = candidate;
                    return true;
                }
            }
        }
        route = default;
        return false;
    }

    /// <summary>
    /// Sends the NACK due now for <paramref name="track"/>'s missing packets (one RTPFB message, entries packed per RFC
    /// 4585 §6.2.1), and asks for a keyframe (throttled) when some are lost for good — unless each of them lay between
    /// two consecutive pictures (<see cref="LostPacketCheck"/>: padding the publisher never resends). From the track's
    /// receive thread or <c>Tick</c>; allocation-free.
    /// </summary>
    private void SendUpstreamNacks(PublishedTrack track, long nowMs)
    {
        Span<long> due = stackalloc long[MaxNackBatch];
        Span<long> givenUp = stackalloc long[MaxNackBatch];
        int count = track.Losses!.Collect(nowMs, due, givenUp, out int givenUpCount, out bool unlisted);
        if (count > 0)
        {
            Span<ushort> lost = stackalloc ushort[MaxNackBatch];
            for (int i = 0; i < count; i++)
            {
                lost[i] = unchecked((ushort)due[i]);
            }
            Span<NackEntry> entries = stackalloc NackEntry[MaxNackBatch];
            int entryCount = NackEntry.Pack(lost[..count], entries);
            Span<byte> buffer = stackalloc byte[GenericNack.GetLength(MaxNackBatch)];
            if (GenericNack.TryWrite(buffer, track.Publisher.LocalSsrc, track.Ssrc, entries[..entryCount], out int written) &&
                track.Publisher.Transport.TrySendRtcp(buffer[..written]))
            {
                Nacks.CountNackSent(count);
            }
        }
        if (givenUpCount > 0)
        {
            Nacks.CountGivenUp(givenUpCount);
            bool pictureDamaged = unlisted;
            for (int i = 0; i < givenUpCount && !pictureDamaged; i++)
            {
                pictureDamaged = !LostPacketCheck.LiesBetweenConsecutivePictures(track.History!, givenUp[i]);
            }
            if (pictureDamaged)
            {
                track.Keyframes.Request(nowMs, force: false);
            }
            else
            {
                Nacks.CountLostBetweenPictures(givenUpCount);
            }
        }
    }
}
