namespace VideoVisit.Media.Sfu;

/// <summary>Wall clock to the 64-bit NTP format RTCP and abs-send-time use (RFC 3550 §4: seconds since 1900, 32.32 fixed point).</summary>
internal static class NtpTime
{
    private const long UnixToNtpSeconds = 2_208_988_800;

    public static ulong FromDateTime(DateTimeOffset utc)
    {
        long ticks = utc.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long remainder);
        ulong fraction = ((ulong)remainder << 32) / TimeSpan.TicksPerSecond;
        return (ulong)(seconds + UnixToNtpSeconds) << 32 | fraction;
    }

    /// <summary>abs-send-time: 6.18 fixed-point seconds, the middle 24 bits of the NTP timestamp (webrtc.org abs-send-time).</summary>
    public static uint ToAbsSendTime(ulong ntp) => (uint)(ntp >> 14) & 0xFFFFFF;

    /// <summary>The middle 32 bits, what RTCP's LSR carries (RFC 3550 §6.4.1).</summary>
    public static uint ToCompact(ulong ntp) => (uint)(ntp >> 16);
}
