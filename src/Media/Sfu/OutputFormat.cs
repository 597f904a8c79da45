using System.Text;

namespace VideoVisit.Media.Sfu;

/// <summary>
/// What a subscriber negotiated for one forwarded track (its subscribe answer): payload type for the codec, its
/// extension ids, and the mid of the m-section the track rides in (value of the sdes:mid extension, RFC 8843 §15).
/// </summary>
public sealed record OutputFormat
{
    /// <param name="redPayloadType">Audio: the RFC 2198 payload type the subscriber accepted (0: plain Opus only).</param>
    public OutputFormat(byte payloadType, ExtensionIds extensions, string mid, byte redPayloadType = 0)
    {
        if (payloadType > 127 || redPayloadType > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadType), "payload type is 7 bits");
        }
        extensions.Validate();
        MidBytes = Encoding.ASCII.GetBytes(mid);
        // RFC 8285 §4.2: a one-byte element holds 1-16 bytes; a mid longer than that never fits our rewrite.
        if (MidBytes.Length is 0 or > 16)
        {
            throw new ArgumentException("mid must be 1-16 ASCII characters", nameof(mid));
        }
        PayloadType = payloadType;
        RedPayloadType = redPayloadType;
        Extensions = extensions;
        Mid = mid;
    }

    public byte PayloadType { get; }

    /// <summary>RFC 2198 redundant audio for this subscriber, or 0: a publisher's RED reaches it as its primary block.</summary>
    public byte RedPayloadType { get; }
    public ExtensionIds Extensions { get; }
    public string Mid { get; }
    internal byte[] MidBytes { get; }
}
