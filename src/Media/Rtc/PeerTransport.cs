using System.Net;
using Microsoft.Extensions.Logging;
using VideoVisit.Media.Dtls;
using VideoVisit.Media.Ice;
using VideoVisit.Media.Sfu;
using VideoVisit.Media.Srtp;

namespace VideoVisit.Media.Rtc;

/// <summary>
/// The transport of one browser PeerConnection: ICE-lite (who may talk to us), DTLS (keys), SRTP (protection). The
/// socket thread feeds it classified datagrams; <see cref="PublishPeer"/> and <see cref="SubscribePeer"/> add what
/// flows over it. Everything after the handshake happens in caller-owned buffers without allocation.
/// </summary>
public abstract partial class PeerTransport : IDisposable
{
    private const int MaxDatagram = 1500;

    private readonly DtlsServerSession _dtls;
    private readonly TaskCompletionSource<SrtpProtectionProfile> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _sendLock = new();
    private readonly Lock _receiveLock = new(); // uncontended: only the socket thread receives; Dispose takes it once
    private readonly byte[] _sendBuffer = new byte[MaxDatagram + 64];
    private readonly byte[] _receiveBuffer = new byte[MaxDatagram + 64];
    private SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private IPEndPoint? _lastSource;
    private RtpPacer? _pacer;
    private int _closed;
    private readonly List<IPEndPoint> _sources = []; // guarded by itself; oldest first

    private protected PeerTransport(MediaServer server, RoomId room, ParticipantKey participant, IceLiteSession ice, ILogger logger)
    {
        Server = server;
        Room = room;
        Participant = participant;
        Ice = ice;
        Logger = logger;
        _dtls = new DtlsServerSession(server.Certificate, SendDtls,
            new DtlsServerOptions { SrtpProfiles = server.Options.SrtpProfiles }, server.CreateLogger<DtlsServerSession>(),
            $"{participant.Value} {GetType().Name}");
        ice.StateChanged += (_, state) => IceStateChanged?.Invoke(this, state);
    }

    public MediaServer Server { get; }

    public RoomId Room { get; }

    public ParticipantKey Participant { get; }

    public IceLiteSession Ice { get; }

    private protected ILogger Logger { get; }

    /// <summary>Completes with the negotiated SRTP profile once DTLS is done; faults if it failed.</summary>
    public Task<SrtpProtectionProfile> Connected => _connected.Task;

    /// <summary>Raised when ICE connectivity changes, e.g. consent lapsed (the browser went silent).</summary>
    public event Action<PeerTransport, IceConnectionState>? IceStateChanged;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Starts the DTLS server for a browser whose SDP carried this certificate fingerprint.</summary>
    private protected void StartDtls(DtlsFingerprint remote)
    {
        // Media:Diagnostics:RefuseDtls: expect a digest no certificate has, so the browser's is refused with a fatal alert.
        _dtls.Start(Server.Options.RefuseDtls ? DtlsFingerprint.Parse(remote.HashFunction + " " + string.Join(':', Enumerable.Repeat("00", remote.Digest.Length))) : remote);
        _ = _dtls.Handshake.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully) InstallKeys(t.Result);
            else
            {
                // The session itself logs the failure, naming this participant and connection.
                Server.Counters.CountDtlsFailure(t.Exception?.InnerException is DtlsHandshakeException h ? h.Reason : DtlsFailureReason.ProtocolError);
                _connected.TrySetException(t.Exception?.InnerException ?? new InvalidOperationException("DTLS failed"));
            }
        }, TaskScheduler.Default);
    }

    private void InstallKeys(SrtpKeyingMaterial keys)
    {
        var profile = (SrtpProfile)(ushort)keys.Profile;
        var outbound = SrtpContext.Create(profile, keys.LocalMasterKey, keys.LocalMasterSalt, Server.Options.SrtpBackend);
        var inbound = SrtpContext.Create(profile, keys.RemoteMasterKey, keys.RemoteMasterSalt, Server.Options.SrtpBackend);
        lock (_sendLock)
        {
            _outbound = outbound;
        }
        lock (_receiveLock)
        {
            _inbound = inbound;
        }
        LogConnected(Logger, Participant.Value, GetType().Name, keys.Profile.ToString());
        _connected.TrySetResult(keys.Profile);
        OnConnected();
    }

    /// <summary>Called once SRTP keys are in place (e.g. to ask publishers for a keyframe).</summary>
    private protected virtual void OnConnected()
    {
    }

    internal void OnDtls(ReadOnlySpan<byte> datagram, IPEndPoint source)
    {
        _lastSource = source;
        _dtls.OnDatagram(datagram);
    }

    /// <summary>Unprotects an SRTP or SRTCP datagram on the socket thread and hands the plain packet on.</summary>
    internal bool OnSrtp(ReadOnlySpan<byte> datagram, IPEndPoint source, bool rtcp)
    {
        lock (_receiveLock)
        {
            return OnSrtpLocked(datagram, source, rtcp);
        }
    }

    private bool OnSrtpLocked(ReadOnlySpan<byte> datagram, IPEndPoint source, bool rtcp)
    {
        var inbound = _inbound;
        if (inbound is null)
        {
            Server.Counters.CountRtpBeforeKeys();
            return false;
        }
        if (datagram.Length > _receiveBuffer.Length) return false;
        _lastSource = source;
        var buffer = _receiveBuffer.AsSpan();
        datagram.CopyTo(buffer);
        if (rtcp)
        {
            if (!inbound.TryUnprotectRtcp(buffer, datagram.Length, out var n, out _))
            {
                Server.Counters.CountSrtcpRejected();
                return false;
            }
            OnRtcp(buffer[..n]);
            return true;
        }
        if (DropBeforeUnprotect(datagram))
        {
            return true;
        }
        if (!inbound.TryUnprotectRtp(buffer, datagram.Length, out var length, out _))
        {
            Server.Counters.CountSrtpRejected();
            return false;
        }
        OnRtp(buffer[..length]);
        return true;
    }

    private protected abstract void OnRtp(Span<byte> packet);

    /// <summary>Development fault injection: true drops this SRTP packet as if the network had lost it.</summary>
    private protected virtual bool DropBeforeUnprotect(ReadOnlySpan<byte> datagram) => false;

    private protected abstract void OnRtcp(ReadOnlySpan<byte> packet);

    /// <summary>
    /// From now on, RTP sent with <c>paced: true</c> leaves through an <see cref="RtpPacer"/> (and RTCP waits behind
    /// it), drained by the media server's pacing timer.
    /// </summary>
    private protected void EnablePacing()
    {
        lock (_sendLock)
        {
            _pacer ??= new RtpPacer(_sendBuffer.Length);
        }
    }

    /// <summary>Protects and sends one RTP packet; false before keys or when the peer has no address yet.</summary>
    /// <param name="paced">Through the pacer, if <see cref="EnablePacing"/> was called (video); audio goes at once.</param>
    private protected bool SendRtp(ReadOnlySpan<byte> packet, bool paced = false) => Send(packet, rtcp: false, paced: paced);

    /// <summary>
    /// Development fault injection: protects <paramref name="packet"/> (so the SRTP context moves on exactly as for a
    /// real send) and then leaves it off the wire, as if the network had lost it; true, like a send.
    /// </summary>
    private protected bool ProtectAndDropRtp(ReadOnlySpan<byte> packet) => Send(packet, rtcp: false, drop: true);

    /// <summary>Protects and sends one RTCP packet; with a pacer it waits behind the RTP already waiting.</summary>
    private protected bool SendRtcp(ReadOnlySpan<byte> packet) => Send(packet, rtcp: true, paced: true);

    private bool Send(ReadOnlySpan<byte> packet, bool rtcp, bool drop = false, bool paced = false)
    {
        if (IsClosed || packet.Length > MaxDatagram) return false;
        var target = Ice.SelectedEndPoint ?? _lastSource;
        if (target is null) return false;
        lock (_sendLock)
        {
            if (_outbound is null) return false;
            var buffer = _sendBuffer.AsSpan();
            packet.CopyTo(buffer);
            var ok = rtcp
                ? _outbound.TryProtectRtcp(buffer, packet.Length, out var n, out _)
                : _outbound.TryProtectRtp(buffer, packet.Length, out n, out _);
            if (!ok) return false;
            if (drop) return true;
            if (paced && _pacer is { } pacer && pacer.MustWait(n, rtcp, Server.MonotonicMicros))
            {
                pacer.Enqueue(buffer[..n]);
                Server.PacingPending(this);
                return true;
            }
            return Server.TrySend(buffer[..n], target);
        }
    }

    /// <summary>From the media server's pacing timer: sends what the pacer lets go now. True while something still waits.</summary>
    internal bool SendPaced()
    {
        lock (_sendLock)
        {
            if (_pacer is not { } pacer) return false;
            var target = Ice.SelectedEndPoint ?? _lastSource;
            long now = Server.MonotonicMicros;
            while (pacer.TryTakeDue(now, out var datagram, out int length))
            {
                if (target is not null && !IsClosed) Server.TrySend(datagram.AsSpan(0, length), target);
                pacer.Return(datagram);
            }
            return pacer.Queued > 0;
        }
    }

    private void SendDtls(ReadOnlySpan<byte> datagram)
    {
        var target = _lastSource ?? Ice.SelectedEndPoint;
        if (target is not null) Server.TrySend(datagram, target);
    }

    /// <summary>
    /// Notes a source address that passed a check; when more than <paramref name="max"/> are known, returns those to
    /// forget: first the ones ICE no longer holds consent for, then the oldest (never the selected one).
    /// </summary>
    internal IReadOnlyList<IPEndPoint> AddSource(IPEndPoint source, int max)
    {
        lock (_sources)
        {
            if (_sources.Contains(source)) return [];
            _sources.Add(source);
            if (_sources.Count <= max) return [];
            var forgotten = new List<IPEndPoint>();
            var selected = Ice.SelectedEndPoint;
            foreach (var old in _sources.ToArray())
            {
                if (_sources.Count <= max) break;
                if (!old.Equals(source) && !old.Equals(selected) && !Ice.IsAuthenticatedSource(old)) Forget(old);
            }
            foreach (var old in _sources.ToArray())
            {
                if (_sources.Count <= max) break;
                if (!old.Equals(source) && !old.Equals(selected)) Forget(old);
            }
            return forgotten;

            void Forget(IPEndPoint old)
            {
                _sources.Remove(old);
                forgotten.Add(old);
            }
        }
    }

    /// <summary>A source that can no longer be reached (its ICE-TCP connection closed): not a send target any more.</summary>
    internal void ForgetSource(IPEndPoint source)
    {
        lock (_sources)
        {
            _sources.Remove(source);
        }
        lock (_sendLock)
        {
            if (ReferenceEquals(_lastSource, source)) _lastSource = null;
        }
    }

    /// <summary>Stops everything: ICE answers no more, DTLS sends close_notify, keys are dropped.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        Server.Unregister(this);
        OnClosing();
        _dtls.Close();
        Ice.Close();
        lock (_sendLock)
        {
            _outbound?.Dispose();
            _outbound = null;
            _pacer?.Clear();
        }
        lock (_receiveLock)
        {
            _inbound?.Dispose();
            _inbound = null;
        }
        _connected.TrySetCanceled();
    }

    private protected abstract void OnClosing();

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Media {Participant}: {Kind} connected with {Profile}")]
    private static partial void LogConnected(ILogger logger, string participant, string kind, string profile);
}
