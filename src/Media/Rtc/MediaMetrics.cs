using System.Diagnostics.Metrics;
using VideoVisit.Media.Dtls;
using VideoVisit.Media.Ice;

namespace VideoVisit.Media.Rtc;

/// <summary>
/// The media server's numbers for operators (docs/operations.md "Metrics"), on the meter <see cref="MeterName"/>.
/// Almost all are read at collection time from counters the server keeps anyway (<see cref="MediaCounters"/>,
/// <see cref="Net.UdpMediaSocket"/>), so the packet path pays nothing for them. The one counted on the packet path,
/// packets withheld by the policy, is added with pre-built tags and only while something listens.
/// </summary>
public sealed class MediaMetrics
{
    public const string MeterName = "VideoVisit.Media";

    private static readonly (DtlsFailureReason Reason, string Tag)[] DtlsReasons =
        [.. Enum.GetValues<DtlsFailureReason>().Where(r => r != DtlsFailureReason.None).Select(r => (r, Snake(r.ToString())))];

    private static readonly (IceBindingOutcome Outcome, string Tag)[] IceOutcomes =
        [.. Enum.GetValues<IceBindingOutcome>().Select(o => (o, o == IceBindingOutcome.Accepted ? "no_peer" : Snake(o.ToString())))];

    public MediaMetrics(MediaServer server, IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        var socket = server.Socket;
        var c = server.Counters;
        var nacks = server.Counters.Nacks;

        meter.CreateObservableCounter("videovisit.media.udp.received_packets", () => socket.PacketsReceived, "{packet}",
            "Datagrams received on the media port (STUN, DTLS, RTP, RTCP)");
        meter.CreateObservableCounter("videovisit.media.udp.received", () => socket.BytesReceived, "By",
            "Bytes received on the media port");
        meter.CreateObservableCounter("videovisit.media.udp.sent_packets", () => socket.PacketsSent, "{packet}",
            "Datagrams sent from the media port");
        meter.CreateObservableCounter("videovisit.media.udp.sent", () => socket.BytesSent, "By",
            "Bytes sent from the media port");

        if (server.Tcp is { } tcp)
        {
            meter.CreateObservableGauge("videovisit.media.tcp.connections", () => tcp.ConnectionCount, "{connection}",
                "ICE-TCP connections open (browsers on networks that block UDP)");
            meter.CreateObservableCounter("videovisit.media.tcp.received_frames", () => tcp.FramesReceived, "{frame}",
                "Datagrams received framed on ICE-TCP connections");
            meter.CreateObservableCounter("videovisit.media.tcp.sent_frames", () => tcp.FramesSent, "{frame}",
                "Datagrams sent framed on ICE-TCP connections");
            meter.CreateObservableCounter("videovisit.media.tcp.dropped_frames", () => tcp.FramesDropped, "{frame}",
                "Datagrams not sent because an ICE-TCP peer read too slowly or had gone");
            meter.CreateObservableCounter("videovisit.media.tcp.closed_connections", () => new Measurement<long>[]
            {
                new(tcp.RefusedTotalLimit, Reason("node_limit")),
                new(tcp.RefusedAddressLimit, Reason("address_limit")),
                new(tcp.ClosedFirstFrame, Reason("first_frame")),
                new(tcp.ClosedSlowFrame, Reason("slow_frame")),
                new(tcp.ClosedIdle, Reason("idle")),
                new(tcp.ClosedOversized, Reason("oversized_frame")),
            }, "{connection}", "ICE-TCP connections the server refused or dropped, by reason");
        }

        server.Router.PolicyDrops = meter.CreateCounter<long>("videovisit.media.policy.dropped_packets", "{packet}",
            "RTP packets the router withheld from a subscriber because the policy keeps that edge closed, by reason "
            + "(lobby, muted, paused, no_supervisor, role, removed, ended); one packet withheld from two subscribers counts twice");

        meter.CreateObservableCounter("videovisit.media.rejected_packets", () => new Measurement<long>[]
        {
            new(c.UnknownSource, Reason("unknown_source")),
            new(c.SrtpRejected, Reason("srtp")),
            new(c.SrtcpRejected, Reason("srtcp")),
            new(c.RtpBeforeKeys, Reason("before_keys")),
            new(c.UnknownSsrc, Reason("unknown_ssrc")),
            new(c.OverBitrate, Reason("over_bitrate")),
        }, "{packet}", "Packets the media server refused, by reason");

        meter.CreateObservableCounter("videovisit.media.nacks.received", () => nacks.NacksReceived, "{nack}",
            "Generic NACKs subscribers sent for streams routed to them");
        meter.CreateObservableCounter("videovisit.media.nack.requested_packets", () => new Measurement<long>[]
        {
            new(nacks.PacketsRetransmitted, Outcome("retransmitted")),
            new(nacks.RequestsUnavailable, Outcome("unavailable")),
            new(nacks.RequestsRateLimited, Outcome("rate_limited")),
            new(nacks.RequestsAwaitingUpstream, Outcome("awaiting_upstream")),
        }, "{packet}", "Packets subscribers' NACKs asked for, by what the router did: retransmitted is a NACK answered");
        meter.CreateObservableCounter("videovisit.media.nacks.sent", () => nacks.NacksSent, "{nack}",
            "Generic NACKs the router sent to publishers");
        meter.CreateObservableCounter("videovisit.media.upstream.lost_packets", () => new Measurement<long>[]
        {
            new(nacks.PacketsRecovered, Outcome("recovered")),
            new(nacks.PacketsGivenUp, Outcome("given_up")),
        }, "{packet}", "Packets missing from publishers' streams, by whether they came after all");
        meter.CreateObservableCounter("videovisit.media.keyframe_requests.received", () => nacks.KeyframeRequestsReceived, "{request}",
            "PLI/FIR subscribers sent for streams routed to them");

        meter.CreateObservableCounter("videovisit.media.dtls.failures", () => DtlsReasons.Select(r => new Measurement<long>(c.DtlsFailuresFor(r.Reason), Reason(r.Tag))),
            "{handshake}", "DTLS handshakes that produced no keys, by reason");
        meter.CreateObservableCounter("videovisit.media.ice.rejected_checks", () => IceOutcomes.Select(o => new Measurement<long>(c.StunRejectedFor(o.Outcome), Reason(o.Tag))),
            "{datagram}", "STUN datagrams refused on the media port, by reason (no_peer: a valid check for a connection already closed)");
        meter.CreateObservableCounter("videovisit.media.sdp.rejected", () => c.SdpRejected, "{offer}", "Session descriptions refused");

        meter.CreateObservableGauge("videovisit.media.peers", () => server.PeerCount, "{connection}", "Media connections (publish and subscribe) open on this node");
        meter.CreateObservableGauge("videovisit.media.rooms", () => server.Router.RoomCount, "{room}", "Visits whose media this node's router holds");
    }

    private static KeyValuePair<string, object?> Reason(string value) => new("reason", value);

    private static KeyValuePair<string, object?> Outcome(string value) => new("outcome", value);

    /// <summary>FingerprintMismatch -> fingerprint_mismatch.</summary>
    internal static string Snake(string name)
    {
        var b = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) b.Append('_');
            b.Append(char.ToLowerInvariant(name[i]));
        }
        return b.ToString();
    }
}
