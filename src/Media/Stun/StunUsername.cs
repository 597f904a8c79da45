namespace VideoVisit.Media.Stun;

/// <summary>
/// ICE connectivity-check USERNAME (RFC 8445 §7.2.2): "&lt;receiver ufrag&gt;:&lt;sender ufrag&gt;". A check arriving at
/// the server therefore reads "ours:theirs", and our ufrag locates the session on a shared socket.
/// </summary>
public static class StunUsername
{
    public static bool TrySplit(ReadOnlySpan<byte> username, out ReadOnlySpan<byte> ours, out ReadOnlySpan<byte> theirs)
    {
        int colon = username.IndexOf((byte)':');
        if (colon <= 0 || colon == username.Length - 1 || username[(colon + 1)..].Contains((byte)':'))
        {
            ours = default;
            theirs = default;
            return false;
        }

        ours = username[..colon];
        theirs = username[(colon + 1)..];
        return true;
    }
}
