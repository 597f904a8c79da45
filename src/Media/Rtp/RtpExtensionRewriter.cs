namespace VideoVisit.Media.Rtp;

/// <summary>
/// In-place edits of an RFC 8285 block inside a packet an SFU forwards: restamp a value (abs-send-time,
/// transport-wide sequence number, mid) or renumber an id to the subscriber's extmap, without re-serialising.
/// </summary>
public static class RtpExtensionRewriter
{
    /// <summary>Overwrites the value of the first element with <paramref name="id"/>; it must have the same length.</summary>
    public static bool TrySetValue(Span<byte> block, int id, ReadOnlySpan<byte> value)
    {
        if (!RtpHeaderExtension.TryParse(block, out var extension, out _))
        {
            return false;
        }
        foreach (var element in extension)
        {
            if (element.Id == id)
            {
                if (element.Value.Length != value.Length)
                {
                    return false;
                }
                int valueOffset = 4 + element.Offset + (extension.Form == RtpExtensionForm.OneByte ? 1 : 2);
                value.CopyTo(block[valueOffset..]);
                return true;
            }
        }
        return false;
    }

    /// <summary>Renumbers the first element with <paramref name="fromId"/> to <paramref name="toId"/>.</summary>
    public static bool TryRenumber(Span<byte> block, int fromId, int toId)
    {
        if (!RtpHeaderExtension.TryParse(block, out var extension, out _))
        {
            return false;
        }
        foreach (var element in extension)
        {
            if (element.Id == fromId)
            {
                if (!RtpExtensionWriter.CanEncode(extension.Form, toId, element.Value.Length))
                {
                    return false;
                }
                int at = 4 + element.Offset;
                block[at] = extension.Form == RtpExtensionForm.OneByte
                    ? (byte)(toId << 4 | (block[at] & 0x0F))
                    : (byte)toId;
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Turns an element into padding (one-byte form: zeroes id byte and value; two-byte: zeroes the whole element)
    /// so a forwarded packet carries no extension the subscriber did not negotiate.
    /// </summary>
    public static bool TryStrip(Span<byte> block, int id)
    {
        if (!RtpHeaderExtension.TryParse(block, out var extension, out _))
        {
            return false;
        }
        foreach (var element in extension)
        {
            if (element.Id == id)
            {
                int header = extension.Form == RtpExtensionForm.OneByte ? 1 : 2;
                block.Slice(4 + element.Offset, header + element.Value.Length).Clear();
                return true;
            }
        }
        return false;
    }
}
