namespace VideoVisit.Media.Rtp;

/// <summary>The two RFC 8285 header layouts.</summary>
public enum RtpExtensionForm
{
    /// <summary>RFC 8285 §4.2: profile 0xBEDE, 4-bit id (1-14), 4-bit length-1 (1-16 bytes of data).</summary>
    OneByte,
    /// <summary>RFC 8285 §4.3: profile 0x100 + 4 app bits, 8-bit id (1-255), 8-bit length (0-255).</summary>
    TwoByte,
}
