using System.Security.Cryptography;
using VideoVisit.Recorder.Storage;
using VideoVisit.Recorder.Tests.Helpers;

namespace VideoVisit.Recorder.Tests;

/// <summary>Recordings at rest: AES-GCM chunks that round-trip, seek, and refuse any tampering.</summary>
public sealed class EncryptionAtRestTests
{
    private const int Chunk = 64 * 1024;
    private static readonly RecordingKeyRing Keys = new("k1", new Dictionary<string, byte[]> { ["k1"] = RecordingKeyRing.NewKey() });

    private static byte[] Encrypt(byte[] plain, RecordingKeyRing? keys = null)
    {
        using var output = new MemoryStream();
        RecordingEncryptor.Encrypt(new MemoryStream(plain), output, keys ?? Keys);
        return output.ToArray();
    }

    private static byte[] DecryptAll(byte[] cipher, RecordingKeyRing? keys = null)
    {
        using var stream = new EncryptedRecordingStream(new MemoryStream(cipher), keys ?? Keys);
        using var plain = new MemoryStream();
        stream.CopyTo(plain);
        return plain.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk)]
    [InlineData(3 * Chunk + 17)]
    public void RoundTripsAnyLength(int length)
    {
        byte[] plain = RandomNumberGenerator.GetBytes(length);
        byte[] cipher = Encrypt(plain);
        Assert.Equal(plain, DecryptAll(cipher));
        Assert.False(cipher.AsSpan().IndexOf(plain.AsSpan(0, Math.Min(64, length))) >= 0 && length >= 16, "plaintext visible");
    }

    [Fact]
    public void RandomAccessReadsAnyRangeLikeAnHttpRangeRequest()
    {
        byte[] plain = RandomNumberGenerator.GetBytes(5 * Chunk + 123);
        using var stream = new EncryptedRecordingStream(new MemoryStream(Encrypt(plain)), Keys);
        Assert.Equal(plain.Length, stream.Length);
        var random = new Random(3);
        for (int i = 0; i < 50; i++)
        {
            int start = random.Next(plain.Length), count = Math.Min(random.Next(1, 3 * Chunk), plain.Length - start);
            stream.Position = start;
            var buffer = new byte[count];
            stream.ReadExactly(buffer);
            Assert.Equal(plain.AsSpan(start, count).ToArray(), buffer);
        }
    }

    [Fact]
    public void TheKeyIdIsStoredInTheHeaderAndOldKeysStillDecryptAfterRotation()
    {
        byte[] oldKey = RecordingKeyRing.NewKey();
        byte[] cipher = Encrypt([1, 2, 3], new RecordingKeyRing("2025", new Dictionary<string, byte[]> { ["2025"] = oldKey }));
        var rotated = new RecordingKeyRing("2026", new Dictionary<string, byte[]> { ["2025"] = oldKey, ["2026"] = RecordingKeyRing.NewKey() });
        Assert.Equal([1, 2, 3], DecryptAll(cipher, rotated));
        var forgotten = new RecordingKeyRing("2026", new Dictionary<string, byte[]> { ["2026"] = RecordingKeyRing.NewKey() });
        var error = Assert.Throws<RecordingIntegrityException>(() => DecryptAll(cipher, forgotten));
        Assert.Contains("2025", error.Message);
    }

    public static TheoryData<string> Tamperings => ["flip ciphertext byte", "flip tag byte", "flip header nonce", "truncate mid-chunk",
        "truncate at chunk boundary", "swap chunks", "drop middle chunk", "wrong key"];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void TamperedRecordingsAreRefusedWithAClearError(string tampering)
    {
        byte[] plain = RandomNumberGenerator.GetBytes(3 * Chunk + 500);
        byte[] c = Encrypt(plain);
        int header = c.Length - (3 * (Chunk + 16) + 500 + 16);
        int stride = Chunk + 16;
        byte[] bad = tampering switch
        {
            "flip ciphertext byte" => Flip(c, header + stride + 100),
            "flip tag byte" => Flip(c, header + stride - 1),
            "flip header nonce" => Flip(c, header - 6),
            "truncate mid-chunk" => c[..(c.Length - 300)],
            "truncate at chunk boundary" => c[..(header + 3 * stride)],
            "swap chunks" => [.. c[..header], .. c[(header + stride)..(header + 2 * stride)], .. c[header..(header + stride)], .. c[(header + 2 * stride)..]],
            "drop middle chunk" => [.. c[..(header + stride)], .. c[(header + 2 * stride)..]],
            "wrong key" => c,
            _ => throw new ArgumentOutOfRangeException(nameof(tampering)),
        };
        var keys = tampering == "wrong key" ? new RecordingKeyRing("k1", new Dictionary<string, byte[]> { ["k1"] = RecordingKeyRing.NewKey() }) : Keys;
        var error = Assert.Throws<RecordingIntegrityException>(() => DecryptAll(bad, keys));
        Assert.Contains("authentication", error.Message);
    }

    private static byte[] Flip(byte[] c, int at)
    {
        var copy = (byte[])c.Clone();
        copy[at] ^= 0x40;
        return copy;
    }
}
