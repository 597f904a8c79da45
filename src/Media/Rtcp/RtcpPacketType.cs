namespace VideoVisit.Media.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1).</summary>
public enum RtcpPacketType : byte
{
    SenderReport = 200,
    ReceiverReport = 201,
    SourceDescription = 202,
    Goodbye = 203,
    ApplicationDefined = 204,
    /// <summary>Transport-layer feedback (RTPFB), RFC 4585 §6.2.</summary>
    TransportFeedback = 205,
    /// <summary>Payload-specific feedback (PSFB), RFC 4585 §6.3.</summary>
    PayloadFeedback = 206,
}

/// <summary>FMT values of the feedback messages we speak (RFC 4585 §6.2, §6.3; RFC 5104 §4.3).</summary>
public static class RtcpFeedbackFormat
{
    /// <summary>RTPFB generic NACK, RFC 4585 §6.2.1.</summary>
    public const int GenericNack = 1;
    /// <summary>RTPFB transport-wide congestion control, draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.</summary>
    public const int TransportCc = 15;
    /// <summary>PSFB picture loss indication, RFC 4585 §6.3.1.</summary>
    public const int PictureLoss = 1;
    /// <summary>PSFB full intra request, RFC 5104 §4.3.1.</summary>
    public const int FullIntraRequest = 4;
    /// <summary>PSFB application layer feedback (REMB lives here), RFC 4585 §6.4.</summary>
    public const int ApplicationLayer = 15;
}
