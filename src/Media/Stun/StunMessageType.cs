namespace VideoVisit.Media.Stun;

/// <summary>RFC 8489 §5: the two class bits C1 C0.</summary>
public enum StunClass : byte
{
    Request = 0,
    Indication = 1,
    SuccessResponse = 2,
    ErrorResponse = 3,
}

/// <summary>RFC 8489 §18.2. Only Binding is used by ICE (RFC 8445 §7).</summary>
public enum StunMethod : ushort
{
    Binding = 0x001,
}

/// <summary>Packs and unpacks the 14-bit message type, whose class bits sit interleaved in the method (RFC 8489 §5, Figure 3).</summary>
public static class StunMessageType
{
    public static ushort Encode(StunClass cls, StunMethod method)
    {
        int m = (int)method & 0xFFF;
        int c = (int)cls;
        // M11..M7 | C1 | M6..M4 | C0 | M3..M0
        int type = (m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2)
                   | ((c & 0x1) << 4) | ((c & 0x2) << 7);
        return (ushort)type;
    }

    public static StunClass GetClass(ushort type) => (StunClass)(((type >> 4) & 0x1) | ((type >> 7) & 0x2));

    public static StunMethod GetMethod(ushort type) =>
        (StunMethod)((type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80));
}
