using System.Buffers.Binary;
using System.Text;

namespace VideoVisit.Recorder.WebM;

/// <summary>
/// Writes EBML elements (RFC 8794): an element is its ID (the ID's own VINT bytes, written as is), a VINT data
/// size (§4: length marker bit then value) and the data. Unsigned integers and IDs use the fewest octets.
/// </summary>
internal static class EbmlWriter
{
    /// <summary>An 8-octet size whose value is patched later (RFC 8794 §6.2 allows any VINT width).</summary>
    public const int PatchableSizeLength = 8;

    public static void WriteId(Stream s, uint id)
    {
        int length = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
        for (int i = length - 1; i >= 0; i--)
        {
            s.WriteByte((byte)(id >> (8 * i)));
        }
    }

    /// <summary>RFC 8794 §4.4: the all-ones value is reserved (unknown size), so a width holds 2^(7w) - 2.</summary>
    public static void WriteSize(Stream s, long size)
    {
        int width = 1;
        while (width < 8 && size > (1L << (7 * width)) - 2)
        {
            width++;
        }
        WriteSize(s, size, width);
    }

    public static void WriteSize(Stream s, long size, int width)
    {
        Span<byte> b = stackalloc byte[8];
        ulong value = (ulong)size | 1UL << (7 * width);
        for (int i = 0; i < width; i++)
        {
            b[i] = (byte)(value >> (8 * (width - 1 - i)));
        }
        s.Write(b[..width]);
    }

    public static void WriteUInt(Stream s, uint id, ulong value)
    {
        int length = 1;
        while (length < 8 && value >> (8 * length) != 0)
        {
            length++;
        }
        WriteId(s, id);
        WriteSize(s, length);
        for (int i = length - 1; i >= 0; i--)
        {
            s.WriteByte((byte)(value >> (8 * i)));
        }
    }

    public static void WriteFloat(Stream s, uint id, double value)
    {
        WriteId(s, id);
        WriteSize(s, 8);
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(b, value);
        s.Write(b);
    }

    public static void WriteString(Stream s, uint id, string value) => WriteBinary(s, id, Encoding.UTF8.GetBytes(value));

    public static void WriteBinary(Stream s, uint id, ReadOnlySpan<byte> value)
    {
        WriteId(s, id);
        WriteSize(s, value.Length);
        s.Write(value);
    }

    /// <summary>Writes a master element whose children were built in <paramref name="body"/>.</summary>
    public static void WriteMaster(Stream s, uint id, MemoryStream body)
    {
        WriteId(s, id);
        WriteSize(s, body.Length);
        body.Position = 0;
        body.CopyTo(s);
    }

    public static void WriteMaster(Stream s, uint id, Action<MemoryStream> build)
    {
        using var body = new MemoryStream();
        build(body);
        WriteMaster(s, id, body);
    }

    /// <summary>A Void element (RFC 8794 §11.3.1) filling exactly <paramref name="totalLength"/> octets.</summary>
    public static void WriteVoid(Stream s, int totalLength)
    {
        if (totalLength < 9)
        {
            throw new ArgumentOutOfRangeException(nameof(totalLength), "reserve at least 9 octets");
        }
        WriteId(s, MatroskaId.Void);
        WriteSize(s, totalLength - 9, 8);
        s.Write(new byte[totalLength - 9]);
    }
}
