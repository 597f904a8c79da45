namespace VideoVisit.Media.Srtp;

/// <summary>Per-SSRC SRTCP state (RFC 3711 §3.4): the next 31-bit index to send and the receive replay window.</summary>
internal sealed class SrtcpStreamState
{
    public const uint MaxIndex = 0x7FFF_FFFF;

    public uint Ssrc { get; private set; }

    /// <summary>The index the next protected packet gets; starts at 0 (§3.4).</summary>
    public uint NextSendIndex { get; set; }

    public ReplayWindow Window;

    public void Reset(uint ssrc)
    {
        Ssrc = ssrc;
        NextSendIndex = 0;
        Window = default;
    }
}
