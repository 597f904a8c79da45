namespace VideoVisit.Media.Tests.Rtp;

/// <summary>Test packets are typed as spaced hex, the way the RFC figures lay out octets.</summary>
internal static class Bytes
{
    public static byte[] Hex(string spaced) => Convert.FromHexString(spaced.Replace(" ", "", StringComparison.Ordinal));
}
