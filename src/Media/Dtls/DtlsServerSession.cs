using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace VideoVisit.Media.Dtls;

/// <summary>
/// One DTLS-SRTP association where we are the server (browsers answer <c>a=setup:active</c>, RFC 5763 §5).
/// The socket thread feeds datagrams with <see cref="OnDatagram"/>; the handshake runs on its own thread (the
/// BouncyCastle API blocks) and ends in <see cref="Handshake"/> with SRTP keys, or with a
/// <see cref="DtlsHandshakeException"/> naming the reason. Afterwards DTLS records are still read, on demand, so that
/// a retransmitted client Finished gets our last flight again (RFC 6347 §4.2.4) and close_notify is noticed;
/// application data is dropped (no data channels).
/// </summary>
public sealed partial class DtlsServerSession : IDisposable
{
    private readonly DtlsCertificate _certificate;
    private readonly DtlsServerOptions _options;
    private readonly ILogger _logger;
    private readonly string _peer;
    private readonly QueuedDatagramTransport _transport;
    private readonly TaskCompletionSource<SrtpKeyingMaterial> _handshake =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private readonly object _dtlsLock = new();
    private DtlsSrtpTlsServer? _server;
    private DtlsTransport? _dtls;
    private Timer? _timeoutTimer;
    private byte[]? _readBuffer;
    private DtlsSessionState _state = DtlsSessionState.New;
    private bool _timedOut;
    private bool _closeRequested;
    private volatile bool _closeNotifyReceived;
    private int _draining;

    /// <param name="logger">Where the handshake's outcome (version, cipher suite, SRTP profile) and the close go, once each.</param>
    /// <param name="peer">Names the association in those lines, e.g. the participant and connection kind.</param>
    public DtlsServerSession(DtlsCertificate certificate, DtlsDatagramSender sender, DtlsServerOptions? options = null,
        ILogger? logger = null, string? peer = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(sender);
        _certificate = certificate;
        _options = options ?? new DtlsServerOptions();
        _logger = logger ?? NullLogger.Instance;
        _peer = peer ?? "association";
        _options.Validate();
        _transport = new QueuedDatagramTransport(sender, _options.ReceiveQueueCapacity, _options.SendLimit,
            _options.ReceiveLimit);
    }

    /// <summary>Completes with the SRTP keys, or faults with <see cref="DtlsHandshakeException"/>.</summary>
    public Task<SrtpKeyingMaterial> Handshake => _handshake.Task;

    public DtlsSessionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public DtlsFailureReason FailureReason { get; private set; }

    public string? FailureMessage { get; private set; }

    /// <summary>Inbound datagrams dropped (queue full, impossible size, or after close).</summary>
    public long DatagramsDropped => _transport.Dropped;

    /// <summary>Raised on a background thread whenever <see cref="State"/> changes.</summary>
    public event Action<DtlsServerSession, DtlsSessionState>? StateChanged;

    /// <summary>
    /// Starts the handshake, accepting only a client certificate that matches the remote SDP fingerprint. The
    /// <see cref="DtlsServerOptions.HandshakeTimeout"/> counts from here, so call it once ICE has a working pair
    /// (the browser sends its ClientHello then); datagrams that arrive earlier are kept.
    /// </summary>
    public void Start(string expectedRemoteFingerprint) => Start(DtlsFingerprint.Parse(expectedRemoteFingerprint));

    /// <inheritdoc cref="Start(string)"/>
    public void Start(DtlsFingerprint expectedRemoteFingerprint)
    {
        ArgumentNullException.ThrowIfNull(expectedRemoteFingerprint);
        lock (_gate)
        {
            if (_state != DtlsSessionState.New)
            {
                throw new InvalidOperationException($"Start called in state {_state}.");
            }

            int timeoutMillis = (int)_options.HandshakeTimeout.TotalMilliseconds;
            _server = new DtlsSrtpTlsServer(new BcTlsCrypto(new SecureRandom()), _certificate,
                expectedRemoteFingerprint, _options.SrtpProfiles.ToArray(), timeoutMillis,
                (int)_options.InitialRetransmitTimeout.TotalMilliseconds,
                minimum => _transport.MinimumProtectedBody = minimum);
            _server.CloseNotifyReceived += () => _closeNotifyReceived = true;
            _state = DtlsSessionState.Handshaking;
            _timeoutTimer = new Timer(static s => ((DtlsServerSession)s!).OnHandshakeTimeout(), this, timeoutMillis,
                Timeout.Infinite);
        }

        RaiseStateChanged(DtlsSessionState.Handshaking);
        _ = Task.Factory.StartNew(RunHandshake, CancellationToken.None, TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    /// <summary>
    /// Hands over one datagram the demultiplexer classified as DTLS (RFC 7983). Copies it and returns at once;
    /// safe to call from the socket thread at any time, before <see cref="Start(DtlsFingerprint)"/> too (an early
    /// ClientHello waits in the queue). Garbage is dropped or discarded by the record layer, never thrown.
    /// </summary>
    public void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        _transport.Enqueue(datagram);
        if (State == DtlsSessionState.Connected)
        {
            ScheduleRead();
        }
    }

    /// <summary>
    /// Ends the association: sends close_notify when connected, or abandons a running handshake (which then fails
    /// with <see cref="DtlsFailureReason.Closed"/>).
    /// </summary>
    public void Close()
    {
        DtlsSessionState previous;
        lock (_gate)
        {
            previous = _state;
            if (previous is DtlsSessionState.Closed or DtlsSessionState.Failed || _closeRequested)
            {
                return;
            }

            _closeRequested = true;
        }

        _timeoutTimer?.Dispose();
        switch (previous)
        {
            case DtlsSessionState.New:
                _transport.Abort(new DtlsTransportClosedException("Closed before the handshake started."));
                Fail(DtlsFailureReason.Closed, "Closed before the handshake started.", null);
                break;
            case DtlsSessionState.Handshaking:
                // The handshake thread wakes with this error and reports the failure.
                _transport.Abort(new DtlsTransportClosedException("Closed during the handshake."));
                break;
            case DtlsSessionState.Connected:
                lock (_dtlsLock)
                {
                    try
                    {
                        _dtls?.Close(); // RFC 5246 §7.2.1: close_notify
                    }
                    catch (Exception ex)
                    {
                        Log.CloseFailed(_logger, ex);
                    }
                }

                _transport.Abort(new DtlsTransportClosedException());
                MarkClosed("closed locally");
                break;
        }
    }

    public void Dispose() => Close();

    private void RunHandshake()
    {
        DtlsSrtpTlsServer server = _server!;
        DtlsTransport dtls;
        try
        {
            dtls = new DtlsServerProtocol().Accept(server, _transport);
        }
        catch (Exception ex)
        {
            _timeoutTimer?.Dispose();
            (DtlsFailureReason reason, string message) = Explain(server, ex);
            Fail(reason, message, ex);
            return;
        }

        _timeoutTimer?.Dispose();
        SrtpKeyingMaterial? keys = server.KeyingMaterial;
        lock (_gate)
        {
            if (!_timedOut && !_closeRequested && keys is not null)
            {
                _dtls = dtls;
                _readBuffer = new byte[_options.ReceiveLimit];
                _state = DtlsSessionState.Connected;
            }
        }

        if (_dtls is null)
        {
            try
            {
                dtls.Close();
            }
            catch (Exception ex)
            {
                Log.CloseFailed(_logger, ex);
            }

            (DtlsFailureReason reason, string message) = keys is null
                ? (DtlsFailureReason.ProtocolError, "Handshake completed without SRTP keys.")
                : _timedOut ? (DtlsFailureReason.Timeout, TimeoutMessage()) : (DtlsFailureReason.Closed, "Closed during the handshake.");
            Fail(reason, message, null);
            return;
        }

        Log.HandshakeComplete(_logger, _peer, server.NegotiatedVersion ?? "DTLS", CipherSuiteName(server.NegotiatedCipherSuite), keys!.Profile);
        RaiseStateChanged(DtlsSessionState.Connected);
        _handshake.TrySetResult(keys);
        if (_transport.HasPending)
        {
            ScheduleRead();
        }
    }

    private (DtlsFailureReason, string) Explain(DtlsSrtpTlsServer server, Exception ex)
    {
        if (server.Refusal != DtlsFailureReason.None)
        {
            return (server.Refusal, server.RefusalMessage ?? server.Refusal.ToString());
        }

        bool timedOut, closed;
        lock (_gate)
        {
            timedOut = _timedOut;
            closed = _closeRequested;
        }

        if (timedOut || ex is TlsTimeoutException)
        {
            return (DtlsFailureReason.Timeout, TimeoutMessage());
        }

        if (closed)
        {
            return (DtlsFailureReason.Closed, "Closed during the handshake.");
        }

        if (ex is TlsFatalAlertReceived received)
        {
            return (DtlsFailureReason.PeerAlert,
                $"The peer sent fatal alert {AlertDescription.GetText(received.AlertDescription)}.");
        }

        return (DtlsFailureReason.ProtocolError, ex.Message);
    }

    /// <summary>The suites <see cref="DtlsSrtpTlsServer"/> offers, by their RFC names.</summary>
    private static string CipherSuiteName(int suite) => suite switch
    {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 => "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 => "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 => "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        _ => $"0x{suite:X4}",
    };

    private string TimeoutMessage() =>
        $"No complete DTLS handshake within {_options.HandshakeTimeout.TotalSeconds:0.#} s.";

    private void OnHandshakeTimeout()
    {
        lock (_gate)
        {
            if (_state != DtlsSessionState.Handshaking || _closeRequested)
            {
                return;
            }

            _timedOut = true;
        }

        _transport.Abort(new TlsTimeoutAbortException(TimeoutMessage()));
    }

    private void Fail(DtlsFailureReason reason, string message, Exception? exception)
    {
        lock (_gate)
        {
            if (_state is DtlsSessionState.Failed or DtlsSessionState.Closed or DtlsSessionState.Connected)
            {
                return;
            }

            FailureReason = reason;
            FailureMessage = message;
            _state = DtlsSessionState.Failed;
        }

        _transport.Abort(new DtlsTransportClosedException());
        Log.HandshakeFailed(_logger, _peer, reason, message, exception);
        RaiseStateChanged(DtlsSessionState.Failed);
        _handshake.TrySetException(new DtlsHandshakeException(reason, message, exception));
    }

    private void RaiseStateChanged(DtlsSessionState state)
    {
        try
        {
            StateChanged?.Invoke(this, state);
        }
        catch (Exception ex)
        {
            // A subscriber's bug must not take down the DTLS thread.
            Log.SubscriberFault(_logger, ex);
        }
    }

    /// <summary>Unwinds a handshake blocked in Receive when the overall deadline passes.</summary>
    private sealed class TlsTimeoutAbortException(string message) : IOException(message);
}
