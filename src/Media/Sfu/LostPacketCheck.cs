using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Sfu;

/// <summary>
/// Whether a video packet the publisher never resent mattered to the picture. Without RTX, Chrome sends its
/// bandwidth-probe padding on the media SSRC, with media sequence numbers, and never resends padding; such a loss
/// needs no keyframe. The packets around the hole tell (RFC 7741 §4.2): if the nearest media packet before it ends
/// a picture (marker bit) and the nearest media packet after it starts the very next picture (PictureID + 1),
/// nothing between them can belong to any picture. Padding-only packets (RFC 3550 §5.1, P bit, no payload left)
/// and other missing packets around the hole are stepped over. Without PictureIDs nothing can be said: assume it mattered.
/// </summary>
internal static class LostPacketCheck
{
    /// <summary>How far on either side to look for a media packet (padding comes in bursts of a few dozen at most).</summary>
    private const int MaxScan = 64;

    public static bool LiesBetweenConsecutivePictures(PacketHistory history, long lost)
    {
        // Any packet the history holds fits (rare path: a larger setting than usual may allocate).
        Span<byte> buffer = history.MaxPacketLength <= 1500 ? stackalloc byte[1500] : new byte[history.MaxPacketLength];
        if (!TryFindMedia(history, lost, -1, buffer, out var before, out bool beforeMarker) || !beforeMarker || before.PictureId < 0 ||
            !TryFindMedia(history, lost, +1, buffer, out var after, out _) || !after.IsFrameStart || after.PictureId < 0 ||
            after.PictureIdIs15Bit != before.PictureIdIs15Bit)
        {
            return false;
        }
        int mask = before.PictureIdIs15Bit ? 0x7FFF : 0x7F;
        return after.PictureId == ((before.PictureId + 1) & mask);
    }

    private static bool TryFindMedia(PacketHistory history, long lost, int step, Span<byte> buffer, out Vp8PayloadDescriptor descriptor, out bool marker)
    {
        for (int distance = 1; distance <= MaxScan; distance++)
        {
            if (!history.TryCopy(lost + step * distance, buffer, out int length))
            {
                continue; // missing too, or not arrived: step over it
            }
            if (!RtpPacket.TryParse(buffer[..length], out var packet, out _))
            {
                break;
            }
            if (packet.Payload.IsEmpty)
            {
                continue; // padding only
            }
            marker = packet.Marker;
            return Vp8PayloadDescriptor.TryParse(packet.Payload, out descriptor, out _);
        }
        descriptor = default;
        marker = false;
        return false;
    }
}
