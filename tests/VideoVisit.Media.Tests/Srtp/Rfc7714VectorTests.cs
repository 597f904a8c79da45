using VideoVisit.Media.Srtp;
using VideoVisit.Media.Srtp.Crypto;

namespace VideoVisit.Media.Tests.Srtp;

/// <summary>
/// RFC 7714 §16 (SRTP) and §17 (SRTCP) test vectors for AEAD_AES_128_GCM and AEAD_AES_256_GCM. The RFC gives session
/// keys (not master keys), so they drive the packet transform directly, on both crypto backends.
/// </summary>
public sealed class Rfc7714VectorTests
{
    private static byte[] Hex(string s) => Convert.FromHexString(new string(s.Where(char.IsAsciiHexDigit).ToArray()));

    private static readonly byte[] SessionSalt = Hex("51 75 69 64 20 70 72 6f 20 71 75 6f");
    private static readonly byte[] Key128 = Hex("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f");
    private static readonly byte[] Key256 = Hex("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f");

    // §16.1: the RTP packet (SSRC 0x5501a0b2, sequence 0xf17b, ROC 0).
    private static readonly byte[] PlainRtp = Hex("8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573");

    // §17.1: the RTCP sender report (SSRC "Mars"), SRTCP index 0x5d4.
    private static readonly byte[] PlainRtcp = Hex("81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef");

    public static TheoryData<string, string, string, bool> Vectors() => new()
    {
        { "128", "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce",
          "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4", true },
        { "128", "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce",
          "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4", false },
        { "256", "8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa b1801238 9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13",
          "81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50 a2eaa5c1 110555be 8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c b26ac3be 800005d4", true },
        { "256", "8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa b1801238 9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13",
          "81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50 a2eaa5c1 110555be 8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c b26ac3be 800005d4", false },
    };

    private static AesGcmTransform Transform(string size, bool native)
    {
        var key = size == "128" ? Key128 : Key256;
        AesGcmCipher gcm = native ? new NativeAesGcm(key) : new ManagedAesGcm(key);
        return new AesGcmTransform(gcm, SessionSalt);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void SrtpProtectGivesTheRfcCiphertextAndUnprotectGivesItBack(string size, string srtp, string _, bool native)
    {
        if (native && !LibCrypto.IsAvailable) Assert.Fail("libcrypto is not loadable here: the native backend cannot be checked");
        using var transform = Transform(size, native);
        var buffer = new byte[PlainRtp.Length + 16];
        PlainRtp.CopyTo(buffer, 0);

        transform.ProtectRtp(buffer, PlainRtp.Length, headerLength: 12, ssrc: 0x5501a0b2, index: 0xf17b);

        Assert.Equal(Hex(srtp), buffer);
        Assert.True(transform.UnprotectRtp(buffer, buffer.Length, headerLength: 12, ssrc: 0x5501a0b2, index: 0xf17b));
        Assert.Equal(PlainRtp, buffer[..PlainRtp.Length]);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void SrtcpProtectGivesTheRfcCiphertextAndUnprotectGivesItBack(string size, string _, string srtcp, bool native)
    {
        if (native && !LibCrypto.IsAvailable) Assert.Fail("libcrypto is not loadable here: the native backend cannot be checked");
        using var transform = Transform(size, native);
        var buffer = new byte[PlainRtcp.Length + 16 + 4];
        PlainRtcp.CopyTo(buffer, 0);

        var length = transform.ProtectRtcp(buffer, PlainRtcp.Length, ssrc: 0x4d617273, index: 0x5d4);

        Assert.Equal(Hex(srtcp), buffer[..length]);
        Assert.Equal(PlainRtcp.Length, transform.UnprotectRtcp(buffer, length, ssrc: 0x4d617273, eAndIndex: 0x800005d4));
        Assert.Equal(PlainRtcp, buffer[..PlainRtcp.Length]);
    }

    [Fact]
    public void ATamperedRfcPacketIsRefused()
    {
        using var transform = Transform("128", native: false);
        var buffer = Hex("8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce");
        buffer[20] ^= 1;
        Assert.False(transform.UnprotectRtp(buffer, buffer.Length, headerLength: 12, ssrc: 0x5501a0b2, index: 0xf17b));
    }
}
