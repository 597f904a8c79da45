using System.Numerics;

namespace VideoVisit.Media.Srtp.Crypto;

internal static class XorBytes
{
    /// <summary>data ^= keystream over data.Length bytes (keystream at least as long).</summary>
    public static void InPlace(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        int i = 0;
        int width = Vector<byte>.Count;
        for (; i + width <= data.Length; i += width)
        {
            var d = data.Slice(i, width);
            (new Vector<byte>(d) ^ new Vector<byte>(keystream.Slice(i, width))).CopyTo(d);
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }
}
