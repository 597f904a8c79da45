using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VideoVisit.Media.Dtls;
using VideoVisit.Media.Ice;
using VideoVisit.Media.Net;
using VideoVisit.Media.Sdp;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Rtc;

/// <summary>
/// The node's media server: one UDP socket (RFC 7983 demultiplexing), optionally an ICE-TCP listener carrying the same
/// datagrams (RFC 6544/4571), the ICE-lite sessions keyed by ufrag, one DTLS certificate, and the SFU router. It
/// accepts DTLS and SRTP only from sources that passed an authenticated ICE check (docs/media.md "ICE-lite and the one
/// socket"), and tells nobody any address but its own announced one. Packets from the UDP loop and from every TCP
/// connection are handled one at a time, so the peers and the router keep their single receive thread.
/// </summary>
public sealed partial class MediaServer : IMediaPacketHandler, ITcpMediaHandler, IDatagramSender, IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly UdpMediaSocket _socket;
    private readonly TcpMediaListener? _tcp;
    private readonly Lock _dispatch = new(); // uncontended unless ICE-TCP connections are delivering at the same time
    private long _arrivalMicros; // of the packet being handled; guarded by _dispatch
    private readonly IceSessionRegistry _ice = new();
    private readonly ConcurrentDictionary<IceLiteSession, PeerTransport> _byIce = new();
    private readonly ConcurrentDictionary<IPEndPoint, PeerTransport> _bySource = new();
    private readonly IceLiteOptions _iceOptions;
    private readonly TimeProvider _time;
    private Timer? _tick;
    private Timer? _pace;
    private readonly ConcurrentDictionary<PeerTransport, byte> _pacing = new();
    private int _pacingActive;

    public MediaServer(MediaServerOptions options, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        if (options.DropIncomingVideoPercent is < 0 or > 50)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "DropIncomingVideoPercent must be between 0 and 50");
        }
        if (options.DropOutgoingVideoPercent is < 0 or > 50)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "DropOutgoingVideoPercent must be between 0 and 50");
        }
        Options = options;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<MediaServer>();
        _time = time ?? TimeProvider.System;
        Certificate = DtlsCertificate.Generate(time);
        Router = new SfuRouter(new SfuOptions(), time);
        Counters = new MediaCounters(Router.Nacks);
        _iceOptions = new IceLiteOptions { MaxValidatedAddresses = MaxSourcesPerPeer, ConsentTimeoutMs = (long)Math.Max(IceLiteOptions.MinConsentTimeoutMs, options.ConsentTimeout.TotalMilliseconds) };
        _socket = new UdpMediaSocket(new UdpMediaSocketOptions { LocalEndPoint = options.BindEndPoint }, this,
            _loggers.CreateLogger<UdpMediaSocket>());
        if (options.Tcp is not null)
        {
            try
            {
                _tcp = new TcpMediaListener(options.Tcp, this, _loggers.CreateLogger<TcpMediaListener>(), time);
            }
            catch
            {
                _socket.Dispose();
                throw;
            }
        }
    }

    public MediaServerOptions Options { get; }

    internal ILogger CreateLogger<T>() => _loggers.CreateLogger<T>();

    public DtlsCertificate Certificate { get; }

    public SfuRouter Router { get; }

    public MediaCounters Counters { get; }

    public UdpMediaSocket Socket => _socket;

    /// <summary>The ICE-TCP listener, or null when the node has none.</summary>
    public TcpMediaListener? Tcp => _tcp;

    /// <summary>The address and port written into every server candidate.</summary>
    public IPEndPoint AnnouncedEndPoint => new(Options.AnnouncedAddress, _socket.LocalEndPoint.Port);

    public int PeerCount => _byIce.Count;

    public void Start()
    {
        _socket.Start();
        _tcp?.Start();
        _tick = new Timer(_ => Tick(), null, Options.TickInterval, Options.TickInterval);
        _pace = new Timer(_ => Pace(), null, PaceInterval, PaceInterval);
        LogStarted(_logger, _socket.LocalEndPoint.ToString(), AnnouncedEndPoint.ToString());
    }

    /// <summary>
    /// Answers a participant's publish offer (sendonly audio/video). Throws <see cref="SdpParseException"/> or
    /// <see cref="SdpNegotiationException"/> for an offer we cannot take; nothing is created then.
    /// </summary>
    public PublishPeer CreatePublisher(RoomId room, ParticipantKey participant, string offerSdp, out string answerSdp)
    {
        SessionDescription offer;
        SessionDescription answer;
        var session = _ice.CreateSession(_iceOptions);
        try
        {
            offer = SessionDescription.Parse(offerSdp);
            answer = JsepPublishAnswerer.CreatePublishAnswer(offer, SdpParams(session));
            var remote = JsepTransport.ReadRemote(offer);
            if (!IceCredentials.TryCreateRemote(remote.IceUfrag, remote.IcePwd, out var credentials) || credentials is null)
            {
                throw new SdpNegotiationException("the offer's ICE credentials are malformed");
            }
            if (remote.Fingerprints.Count == 0 ||
                !DtlsFingerprint.TryParse($"{remote.Fingerprints[0].HashFunction} {remote.Fingerprints[0].Value}", out var fingerprint))
            {
                throw new SdpNegotiationException("the offer has no usable a=fingerprint");
            }
            var plan = PublishedTrackPlan.From(offer, answer);
            if (plan.Count == 0) throw new SdpNegotiationException("the offer has no audio or video the server can take");
            session.SetRemoteCredentials(credentials);
            var peer = new PublishPeer(this, Router.GetOrAddRoom(room), participant, session, plan, fingerprint, _loggers.CreateLogger<PublishPeer>());
            _byIce[session] = peer;
            Counters.CountPublisherCreated();
            answerSdp = answer.ToString();
            return peer;
        }
        catch (Exception e) when (e is SdpParseException or SdpNegotiationException)
        {
            _ice.Remove(session);
            session.Close();
            Counters.CountSdpRejected();
            throw;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            // Anything else the offer made us trip over is still the offer's fault: refuse it, never crash.
            _ice.Remove(session);
            session.Close();
            Counters.CountSdpRejected();
            throw new SdpNegotiationException($"the offer cannot be used: {e.Message}");
        }
    }

    /// <summary>Opens a subscribe connection; call <see cref="SubscribePeer.UpdateTracks"/> for its first offer.</summary>
    public SubscribePeer CreateSubscriber(RoomId room, ParticipantKey participant)
    {
        var session = _ice.CreateSession(_iceOptions);
        var peer = new SubscribePeer(this, Router.GetOrAddRoom(room), participant, session, SdpParams(session), _loggers.CreateLogger<SubscribePeer>());
        _byIce[session] = peer;
        Counters.CountSubscriberCreated();
        return peer;
    }

    private SdpServerParams SdpParams(IceLiteSession session)
    {
        var fp = Certificate.Fingerprint;
        var text = fp.ToString();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return new SdpServerParams(session.LocalCredentials.Ufrag, session.LocalCredentials.Password,
            new SdpFingerprint(text[..space], text[(space + 1)..]), Options.AnnouncedAddress, _socket.LocalEndPoint.Port)
        {
            TcpPort = _tcp?.LocalEndPoint.Port,
        };
    }

    /// <summary>
    /// Arrival time, in wall-clock microseconds, of the packet being handled now (the kernel's for UDP, the read loop's
    /// for ICE-TCP). Read it only while handling a packet.
    /// </summary>
    internal long ArrivalMicros => _arrivalMicros;

    /// <summary>A datagram from the UDP socket's receive loop.</summary>
    public bool OnPacket(PacketKind kind, ReadOnlySpan<byte> packet, IPEndPoint remote)
    {
        lock (_dispatch)
        {
            _arrivalMicros = _socket.ArrivalMicros;
            return Handle(kind, packet, remote);
        }
    }

    /// <summary>A frame from an ICE-TCP connection's read loop.</summary>
    public bool OnPacket(PacketKind kind, ReadOnlySpan<byte> packet, TcpPeerEndPoint remote, long arrivalMicros)
    {
        lock (_dispatch)
        {
            _arrivalMicros = arrivalMicros;
            return Handle(kind, packet, remote);
        }
    }

    /// <summary>An ICE-TCP connection closed: its source is forgotten, so nothing is sent toward it any more.</summary>
    public void OnClosed(TcpPeerEndPoint remote)
    {
        if (_bySource.TryRemove(remote, out var owner))
        {
            owner.ForgetSource(remote);
        }
    }

    private bool Handle(PacketKind kind, ReadOnlySpan<byte> packet, IPEndPoint remote)
    {
        if (kind == PacketKind.Stun)
        {
            var outcome = _ice.Dispatch(packet, remote, this, Environment.TickCount64, out var session);
            if (outcome != IceBindingOutcome.Accepted || session is null || !_byIce.TryGetValue(session, out var owner))
            {
                Counters.CountStunRejected(outcome);
                return false;
            }
            if (!_bySource.TryGetValue(remote, out var known) || !ReferenceEquals(known, owner)) Remember(owner, remote);
            return true;
        }

        // Only addresses that passed an authenticated check may speak DTLS or SRTP (SS#1559).
        if (!_bySource.TryGetValue(remote, out var peer) || peer.IsClosed || !peer.Ice.IsAuthenticatedSource(remote))
        {
            Counters.CountUnknownSource();
            return false;
        }
        switch (kind)
        {
            case PacketKind.Dtls:
                peer.OnDtls(packet, remote);
                return true;
            case PacketKind.Rtp:
                return peer.OnSrtp(packet, remote, rtcp: false);
            case PacketKind.Rtcp:
                return peer.OnSrtp(packet, remote, rtcp: true);
            default:
                return false;
        }
    }

    /// <summary>
    /// How many source addresses the server remembers for one peer (docs/security.md): as many as ICE keeps consent
    /// for. A browser checks from a handful of candidates; a peer sending checks from ever new addresses makes the
    /// server forget the old ones rather than remember without bound.
    /// </summary>
    public const int MaxSourcesPerPeer = 8;

    /// <summary>Source addresses the server remembers, over all peers (each at most <see cref="MaxSourcesPerPeer"/>).</summary>
    public int RememberedSources => _bySource.Count;

    /// <summary>
    /// The addresses <paramref name="participant"/>'s open publish connection sends from (authenticated by ICE), for
    /// operators and tests that shape or watch one person's uplink.
    /// </summary>
    public IReadOnlyList<IPEndPoint> PublishSourcesOf(ParticipantKey participant) =>
        [.. _bySource.Where(s => s.Value is PublishPeer { IsClosed: false } p && p.Participant == participant).Select(s => s.Key)];

    private void Remember(PeerTransport owner, IPEndPoint remote)
    {
        _bySource[remote] = owner;
        foreach (var forgotten in owner.AddSource(remote, MaxSourcesPerPeer))
        {
            _bySource.TryRemove(new KeyValuePair<IPEndPoint, PeerTransport>(forgotten, owner));
        }
    }

    public bool TrySend(ReadOnlySpan<byte> datagram, IPEndPoint destination) => destination is TcpPeerEndPoint tcp
        ? tcp.TrySend(datagram)
        : _socket.TrySend(datagram, destination);

    internal void Unregister(PeerTransport peer)
    {
        _byIce.TryRemove(peer.Ice, out _);
        _ice.Remove(peer.Ice);
        foreach (var (source, owner) in _bySource)
        {
            if (ReferenceEquals(owner, peer)) _bySource.TryRemove(source, out _);
        }
    }

    /// <summary>
    /// Wall-clock microseconds since 1970, the clock of <see cref="UdpMediaSocket.ArrivalMicros"/> (arrival times
    /// for transport-wide feedback).
    /// </summary>
    internal long NowMicros => (_time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>How often paced video waiting for subscribers is sent (see <see cref="RtpPacer"/>).</summary>
    internal static readonly TimeSpan PaceInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>Microseconds on the server's monotonic clock (the pacers' clock).</summary>
    internal long MonotonicMicros => (long)(_time.GetTimestamp() * (1_000_000.0 / _time.TimestampFrequency));

    /// <summary>A transport's pacer holds datagrams: the pacing timer drains it until it is empty.</summary>
    internal void PacingPending(PeerTransport peer)
    {
        if (_pacing.TryAdd(peer, 0)) Interlocked.Increment(ref _pacingActive);
    }

    private void Pace()
    {
        if (Volatile.Read(ref _pacingActive) == 0) return;
        try
        {
            foreach (var (peer, _) in _pacing)
            {
                if (!peer.SendPaced() && _pacing.TryRemove(peer, out _))
                {
                    Interlocked.Decrement(ref _pacingActive);
                    // A datagram queued between the drain and the removal must not wait for the next one.
                    if (peer.SendPaced()) PacingPending(peer);
                }
            }
        }
        catch (Exception e)
        {
            LogTickFailed(_logger, e);
        }
    }

    private void Tick()
    {
        try
        {
            var now = Environment.TickCount64;
            foreach (var session in _byIce.Keys) session.CheckConsent(now);
            // Feedback for the last packets before a pause; while media flows the receive path sends it.
            foreach (var peer in _byIce.Values)
            {
                if (peer is PublishPeer publisher) publisher.SendDueTransportFeedback();
            }
            _ice.Sweep(now);
            // The router's clock, as SfuRoom.NowMs reads it.
            Router.Tick((long)(_time.GetTimestamp() * 1000.0 / _time.TimestampFrequency));
        }
        catch (Exception e)
        {
            LogTickFailed(_logger, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_tick is not null) await _tick.DisposeAsync();
        if (_pace is not null) await _pace.DisposeAsync();
        foreach (var peer in _byIce.Values) peer.Dispose();
        if (_tcp is not null) await _tcp.DisposeAsync();
        await _socket.DisposeAsync();
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Media server listening on {Local}, announcing {Announced}")]
    private static partial void LogStarted(ILogger logger, string local, string announced);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error, Message = "Media tick failed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
