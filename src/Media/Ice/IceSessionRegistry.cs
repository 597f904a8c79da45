using System.Collections.Concurrent;
using System.Net;
using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Ice;

/// <summary>
/// Local ufrag → session, so one UDP port serves every PeerConnection on the node (the left half of USERNAME, RFC 8445
/// §7.2.2, names the receiving agent). The socket loop looks up; signalling adds, restarts and removes concurrently.
/// The lookup takes the USERNAME bytes, widens them into a stack buffer and probes through the dictionary's
/// span-keyed alternate lookup, so a check allocates no string.
/// </summary>
public sealed class IceSessionRegistry
{
    /// <summary>How long an old ufrag keeps working after an ICE restart, for checks already in flight.</summary>
    public const long DefaultRestartGraceMs = 10_000;

    private readonly ConcurrentDictionary<string, IceLiteSession> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IceLiteSession>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly Lock _retireGate = new();
    private readonly List<(string Ufrag, IceLiteSession Session, long RemoveAtMs)> _retiring = [];

    public IceSessionRegistry(long restartGraceMs = DefaultRestartGraceMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(restartGraceMs);
        RestartGraceMs = restartGraceMs;
        _bySpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public long RestartGraceMs { get; }

    /// <summary>Registered ufrags (current ones and those in an ICE-restart grace period).</summary>
    public int Count => _byUfrag.Count;

    /// <summary>Creates a session with fresh random credentials and registers it (drawing again on the rare ufrag clash).</summary>
    public IceLiteSession CreateSession(IceLiteOptions? options = null)
    {
        while (true)
        {
            var session = new IceLiteSession(IceCredentials.CreateLocal(), options);
            if (TryAdd(session))
            {
                return session;
            }
        }
    }

    /// <summary>Registers the session under its current local ufrag; false if that ufrag is taken.</summary>
    public bool TryAdd(IceLiteSession session) => _byUfrag.TryAdd(session.LocalCredentials.Ufrag, session);

    /// <summary>Unregisters every ufrag of the session (current and retiring). It does not close the session.</summary>
    public void Remove(IceLiteSession session)
    {
        _byUfrag.TryRemove(KeyValuePair.Create(session.LocalCredentials.Ufrag, session));
        lock (_retireGate)
        {
            for (int i = _retiring.Count - 1; i >= 0; i--)
            {
                if (ReferenceEquals(_retiring[i].Session, session))
                {
                    _byUfrag.TryRemove(KeyValuePair.Create(_retiring[i].Ufrag, session));
                    _retiring.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>
    /// ICE restart (RFC 8445 §9): gives the session new local credentials under a new ufrag; the old ufrag keeps
    /// routing to it for <see cref="RestartGraceMs"/>, until a <see cref="Sweep"/> after that removes it.
    /// Returns the new credentials, for the new SDP.
    /// </summary>
    public IceCredentials Restart(IceLiteSession session, long nowMs)
    {
        string old = session.LocalCredentials.Ufrag;
        IceCredentials next;
        do
        {
            next = IceCredentials.CreateLocal();
        }
        while (!_byUfrag.TryAdd(next.Ufrag, session));

        session.RestartLocal(next);
        lock (_retireGate)
        {
            _retiring.Add((old, session, nowMs + RestartGraceMs));
        }

        return next;
    }

    /// <summary>Removes old ufrags whose restart grace period is over. Call it from the same tick as consent checks.</summary>
    public void Sweep(long nowMs)
    {
        lock (_retireGate)
        {
            for (int i = _retiring.Count - 1; i >= 0; i--)
            {
                (string ufrag, IceLiteSession session, long removeAt) = _retiring[i];
                if (nowMs >= removeAt)
                {
                    _byUfrag.TryRemove(KeyValuePair.Create(ufrag, session));
                    session.ForgetPrevious(ufrag);
                    _retiring.RemoveAt(i);
                }
            }
        }
    }

    public bool TryGet(string ufrag, out IceLiteSession? session) => _byUfrag.TryGetValue(ufrag, out session);

    /// <summary>Looks a ufrag up from USERNAME bytes without allocating; anything that is not 4–256 ice-chars is not ours.</summary>
    public bool TryGet(ReadOnlySpan<byte> ufrag, out IceLiteSession? session)
    {
        session = null;
        if (ufrag.Length < IceChars.MinUfragLength || ufrag.Length > IceChars.MaxLength)
        {
            return false;
        }

        Span<char> chars = stackalloc char[IceChars.MaxLength];
        for (int i = 0; i < ufrag.Length; i++)
        {
            if (!IceChars.IsIceChar(ufrag[i]))
            {
                return false;
            }

            chars[i] = (char)ufrag[i];
        }

        return _bySpan.TryGetValue(chars[..ufrag.Length], out session);
    }

    /// <summary>
    /// The socket loop's entry point for STUN datagrams: routes by our ufrag and lets the session answer. Requests for
    /// no registered ufrag are dropped unanswered (<see cref="IceBindingOutcome.NotOurs"/>).
    /// </summary>
    public IceBindingOutcome Dispatch(ReadOnlySpan<byte> datagram, IPEndPoint source, IDatagramSender sender, long nowMs) =>
        Dispatch(datagram, source, sender, nowMs, out _);

    public IceBindingOutcome Dispatch(ReadOnlySpan<byte> datagram, IPEndPoint source, IDatagramSender sender, long nowMs,
        out IceLiteSession? session)
    {
        session = null;
        IceBindingOutcome pre = IceBindingRequest.TryRead(datagram, out StunMessage message, out ReadOnlySpan<byte> ours,
            out ReadOnlySpan<byte> theirs);
        if (pre != IceBindingOutcome.Accepted)
        {
            return pre;
        }

        if (!TryGet(ours, out session) || session is null)
        {
            return IceBindingOutcome.NotOurs;
        }

        return session.HandleRequest(message, ours, theirs, source, sender, nowMs);
    }
}
