using VideoVisit.Media.Ice;
using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Tests.Ice;

/// <summary>
/// Builds connectivity checks as a controlling full agent (a browser) sends them to an ICE-lite server
/// (RFC 8445 §7.2.2): USERNAME "serverUfrag:browserUfrag", PRIORITY, ICE-CONTROLLING with a tie-breaker, optional
/// USE-CANDIDATE, MESSAGE-INTEGRITY keyed with the server's pwd, FINGERPRINT. Switches leave parts out or break them.
/// </summary>
internal sealed class ChromeLikeClient(string serverUfrag, string serverPwd, string browserUfrag = "BrWs")
{
    public const ulong TieBreaker = 0x0123456789ABCDEF;

    private ulong _nextTransaction = 1;

    public static ChromeLikeClient For(IceLiteSession session, string browserUfrag = "BrWs") =>
        new(session.LocalCredentials.Ufrag, session.LocalCredentials.Password, browserUfrag);

    public string ServerUfrag { get; } = serverUfrag;

    public string ServerPwd { get; } = serverPwd;

    public string BrowserUfrag { get; } = browserUfrag;

    public StunTransactionId LastTransactionId { get; private set; }

    public byte[] Check(bool useCandidate = false, bool username = true, bool integrity = true, bool fingerprint = true,
        bool controlled = false, ushort extraAttribute = 0, string? pwd = null, string? serverUfrag = null,
        string? browserUfrag = null)
    {
        var buffer = new byte[512];
        int n = Write(buffer, useCandidate, username, integrity, fingerprint, controlled, extraAttribute, pwd, serverUfrag,
            browserUfrag);
        return buffer[..n];
    }

    public int Write(Span<byte> buffer, bool useCandidate = false, bool username = true, bool integrity = true,
        bool fingerprint = true, bool controlled = false, ushort extraAttribute = 0, string? pwd = null,
        string? serverUfrag = null, string? browserUfrag = null)
    {
        LastTransactionId = new StunTransactionId(0xC0FFEE, (uint)_nextTransaction++);
        var w = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, LastTransactionId);
        if (username)
        {
            byte[] user = System.Text.Encoding.ASCII.GetBytes($"{serverUfrag ?? ServerUfrag}:{browserUfrag ?? BrowserUfrag}");
            Assert.True(w.TryAddUsername(user));
        }

        // Chrome's GOOG-NETWORK-INFO (0xC057) is comprehension-optional and must be skipped.
        Assert.True(w.TryAddAttribute(0xC057, [0, 1, 0, 10]));
        Assert.True(w.TryAddPriority(IceCandidateLine.Priority(110, 65535, 1)));
        Assert.True(controlled ? w.TryAddIceControlled(TieBreaker) : w.TryAddIceControlling(TieBreaker));
        if (useCandidate)
        {
            Assert.True(w.TryAddUseCandidate());
        }

        if (extraAttribute != 0)
        {
            Assert.True(w.TryAddAttribute(extraAttribute, [9, 9, 9, 9]));
        }

        if (integrity)
        {
            Assert.True(w.TryAddMessageIntegrity(System.Text.Encoding.ASCII.GetBytes(pwd ?? ServerPwd)));
        }

        if (fingerprint)
        {
            Assert.True(w.TryAddFingerprint());
        }

        return w.Length;
    }
}
