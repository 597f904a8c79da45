using System.Net;
using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Ice;

/// <summary>
/// The server's ICE-lite agent for one browser PeerConnection (RFC 8445 §2.5, §6.1.1, §7.3; RFC 7675). A lite agent
/// only answers checks: it is always controlled, validates every source that passes an authenticated check, and
/// selects the pair the controlling browser nominates. It owns no socket and no timer: the socket loop hands it
/// datagrams and a sender, and a caller-driven <see cref="CheckConsent"/> tick expires consent.
/// Thread-safe: the socket loop, the consent tick and signalling may call it concurrently. Events are raised outside
/// the lock, only on a change.
/// </summary>
public sealed class IceLiteSession
{
    private readonly Lock _gate = new();
    private readonly IceLiteOptions _options;
    private readonly IceValidatedAddresses _validated;
    private IceCredentials _local;
    private IceCredentials? _remote;
    private IceCredentials? _previousLocal;
    private IceCredentials? _previousRemote;
    private IceConnectionState _state;
    private StunEndpoint? _selected;
    private IPEndPoint? _selectedEndPoint;

    public IceLiteSession(IceCredentials local, IceLiteOptions? options = null)
    {
        _options = options ?? IceLiteOptions.Default;
        _options.Validate();
        _local = local;
        _validated = new IceValidatedAddresses(_options.MaxValidatedAddresses);
    }

    /// <summary>Raised when the state changes (never per request).</summary>
    public event Action<IceLiteSession, IceConnectionState>? StateChanged;

    /// <summary>Raised when a nomination selects a different 5-tuple (RFC 8445 §7.3.1.5; later nominations replace it).</summary>
    public event Action<IceLiteSession, StunEndpoint>? SelectedChanged;

    public IceCredentials LocalCredentials
    {
        get { lock (_gate) { return _local; } }
    }

    public IceCredentials? RemoteCredentials
    {
        get { lock (_gate) { return _remote; } }
    }

    public IceConnectionState State
    {
        get { lock (_gate) { return _state; } }
    }

    /// <summary>The remote side of the selected pair (the local side is our one socket), or null before nomination.</summary>
    public StunEndpoint? Selected
    {
        get { lock (_gate) { return _selected; } }
    }

    /// <summary>
    /// The selected remote address as an <see cref="IPEndPoint"/> for the sending path, built once per selection so
    /// media sent to it allocates nothing. Treat it as read-only.
    /// </summary>
    public IPEndPoint? SelectedEndPoint
    {
        get { lock (_gate) { return _selectedEndPoint; } }
    }

    public IceLiteOptions Options => _options;

    /// <summary>The browser's ufrag/pwd from its SDP. Once known, checks naming another remote ufrag are refused (401).</summary>
    public void SetRemoteCredentials(IceCredentials remote)
    {
        lock (_gate)
        {
            _remote = remote;
        }
    }

    /// <summary>
    /// Handles a datagram the demultiplexer classified as STUN (RFC 7983). Answers through <paramref name="sender"/>
    /// when the answer is safe to give (see <see cref="IceBindingOutcome"/>), and allocates nothing in steady state.
    /// </summary>
    public IceBindingOutcome HandleBinding(ReadOnlySpan<byte> datagram, IPEndPoint source, IDatagramSender sender, long nowMs)
    {
        IceBindingOutcome pre = IceBindingRequest.TryRead(datagram, out StunMessage message, out ReadOnlySpan<byte> ours,
            out ReadOnlySpan<byte> theirs);
        return pre != IceBindingOutcome.Accepted ? pre : HandleRequest(message, ours, theirs, source, sender, nowMs);
    }

    /// <summary>Whether DTLS/SRTP from this address may be accepted: it passed an authenticated check and still has consent.</summary>
    public bool IsAuthenticatedSource(IPEndPoint source) =>
        IceEndpoint.TryFrom(source, out StunEndpoint endpoint) && IsAuthenticatedSource(endpoint);

    public bool IsAuthenticatedSource(StunEndpoint source)
    {
        lock (_gate)
        {
            return _state != IceConnectionState.Closed && _validated.Contains(source);
        }
    }

    /// <summary>A snapshot of the validated source addresses (allocates; for diagnostics and tests).</summary>
    public IReadOnlyList<StunEndpoint> ValidatedAddresses()
    {
        var list = new List<StunEndpoint>();
        lock (_gate)
        {
            _validated.CopyTo(list);
        }

        return list;
    }

    /// <summary>
    /// RFC 7675 §5.1: forgets addresses with no authenticated check for <see cref="IceLiteOptions.ConsentTimeoutMs"/>;
    /// when the selected one is among them the session becomes Disconnected. Call it from a periodic tick.
    /// </summary>
    public void CheckConsent(long nowMs)
    {
        bool changed = false;
        lock (_gate)
        {
            if (_state == IceConnectionState.Closed)
            {
                return;
            }

            _validated.RemoveLapsed(nowMs, _options.ConsentTimeoutMs);
            if (_state == IceConnectionState.Connected && _selected is { } selected && !_validated.Contains(selected))
            {
                _state = IceConnectionState.Disconnected;
                changed = true;
            }
        }

        if (changed)
        {
            StateChanged?.Invoke(this, IceConnectionState.Disconnected);
        }
    }

    /// <summary>
    /// ICE restart (RFC 8445 §9): new local credentials; the old ones stay valid until <see cref="ForgetPrevious"/>
    /// so checks in flight still succeed. The browser's new credentials arrive with its SDP.
    /// </summary>
    public void RestartLocal(IceCredentials next)
    {
        lock (_gate)
        {
            _previousLocal = _local;
            _previousRemote = _remote;
            _local = next;
            _remote = null;
        }
    }

    /// <summary>Ends the grace period of an ICE restart: checks with the old ufrag are no longer ours.</summary>
    public void ForgetPrevious(string ufrag)
    {
        lock (_gate)
        {
            if (_previousLocal?.Ufrag == ufrag)
            {
                _previousLocal = null;
                _previousRemote = null;
            }
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            if (_state == IceConnectionState.Closed)
            {
                return;
            }

            _state = IceConnectionState.Closed;
            _validated.Clear();
        }

        StateChanged?.Invoke(this, IceConnectionState.Closed);
    }

    /// <summary>A request that passed <see cref="IceBindingRequest.TryRead"/>; the registry calls this after routing by ufrag.</summary>
    internal IceBindingOutcome HandleRequest(in StunMessage message, ReadOnlySpan<byte> ours, ReadOnlySpan<byte> theirs,
        IPEndPoint source, IDatagramSender sender, long nowMs)
    {
        IceCredentials local;
        IceCredentials? remote;
        lock (_gate)
        {
            if (_state == IceConnectionState.Closed)
            {
                return IceBindingOutcome.Closed;
            }

            if (ours.SequenceEqual(_local.UfragBytes))
            {
                (local, remote) = (_local, _remote);
            }
            else if (_previousLocal is not null && ours.SequenceEqual(_previousLocal.UfragBytes))
            {
                (local, remote) = (_previousLocal, _previousRemote);
            }
            else
            {
                return IceBindingOutcome.NotOurs;
            }
        }

        IceBindingOutcome verdict = IceCheckAuthenticator.Verify(message, theirs, local, remote, source, sender);
        if (verdict != IceBindingOutcome.Accepted)
        {
            return verdict;
        }

        if (!IceEndpoint.TryFrom(source, out StunEndpoint from))
        {
            return IceBindingOutcome.Malformed;
        }

        // RFC 8445 §7.3.1.3 (lite: §7.3.1.4 skipped, no triggered checks): success with XOR-MAPPED-ADDRESS of the source.
        Span<byte> response = stackalloc byte[IceCheckAuthenticator.ResponseBufferLength];
        int length = StunResponses.WriteBindingSuccess(response, message.TransactionId, from, local.PasswordBytes);
        bool nominated = message.HasUseCandidate;
        IceConnectionState? newState = null;
        bool selectedChanged = false;
        lock (_gate)
        {
            if (_state == IceConnectionState.Closed)
            {
                return IceBindingOutcome.Closed;
            }

            _validated.Touch(from, nowMs, _selected);
            if (nominated)
            {
                // RFC 8445 §7.3.1.5: the controlling agent's nomination selects this pair; a later one replaces it.
                // A source of another transport at the same address and port (an ICE-TCP connection is its own
                // IPEndPoint type) is another pair too.
                selectedChanged = _selected != from || _selectedEndPoint?.GetType() != source.GetType();
                if (selectedChanged)
                {
                    _selected = from;
                    // A plain address is copied (the caller may reuse its object); a source bound to a connection
                    // (ICE-TCP) is kept itself, since sending to it goes back over that connection.
                    _selectedEndPoint = source.GetType() == typeof(IPEndPoint) ? from.ToIPEndPoint() : source;
                }

                newState = _state != IceConnectionState.Connected ? IceConnectionState.Connected : null;
            }
            else if (_state == IceConnectionState.New)
            {
                newState = IceConnectionState.Checking;
            }
            else if (_state == IceConnectionState.Disconnected && _selected == from)
            {
                // RFC 7675 §5.1: a fresh authenticated check on the selected pair restores consent.
                newState = IceConnectionState.Connected;
            }

            if (newState is { } s)
            {
                _state = s;
            }
        }

        if (length > 0)
        {
            sender.TrySend(response[..length], source);
        }

        if (selectedChanged)
        {
            SelectedChanged?.Invoke(this, from);
        }

        if (newState is { } changed)
        {
            StateChanged?.Invoke(this, changed);
        }

        return IceBindingOutcome.Accepted;
    }
}
