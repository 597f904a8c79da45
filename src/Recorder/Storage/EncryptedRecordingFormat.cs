using System.Buffers.Binary;
using System.Text;

namespace VideoVisit.Recorder.Storage;

/// <summary>
/// Layout of an encrypted recording. Header: magic <c>VVRECENC</c>, u16 version, u8 key id length, key id (UTF-8),
/// 12-byte random file nonce, u32 chunk size. Then chunks of AES-256-GCM (NIST SP 800-38D): every chunk but the
/// last holds exactly chunk-size plaintext bytes, the last 0..chunk-size; each is ciphertext then a 16-byte tag.
/// The nonce of chunk i is the file nonce with i XORed into its last 8 bytes (unique per key as long as file nonces
/// are); the AAD is the whole header, i (u64) and a final-chunk flag, so an edited header, swapped chunks or a file
/// cut at a chunk boundary all fail authentication. Chunk i starts at header + i * (chunk size + 16): playback can
/// seek to any byte by decrypting one chunk.
/// </summary>
internal static class EncryptedRecordingFormat
{
    public const ushort Version = 1;
    public const int NonceLength = 12;
    public const int TagLength = 16;
    public const int DefaultChunkSize = 64 * 1024;
    public static ReadOnlySpan<byte> Magic => "VVRECENC"u8;

    public static byte[] BuildHeader(string keyId, ReadOnlySpan<byte> fileNonce, int chunkSize)
    {
        byte[] id = Encoding.UTF8.GetBytes(keyId);
        var header = new byte[8 + 2 + 1 + id.Length + NonceLength + 4];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), Version);
        header[10] = (byte)id.Length;
        id.CopyTo(header.AsSpan(11));
        fileNonce.CopyTo(header.AsSpan(11 + id.Length));
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(11 + id.Length + NonceLength), (uint)chunkSize);
        return header;
    }

    /// <summary>Parses the header at the start of <paramref name="stream"/>.</summary>
    public static (byte[] Header, string KeyId, byte[] FileNonce, int ChunkSize) ReadHeader(Stream stream)
    {
        stream.Position = 0;
        var start = new byte[11];
        if (stream.ReadAtLeast(start, 11, throwOnEndOfStream: false) < 11 || !start.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new RecordingIntegrityException("not an encrypted recording (magic missing)");
        }
        if (BinaryPrimitives.ReadUInt16BigEndian(start.AsSpan(8)) != Version)
        {
            throw new RecordingIntegrityException("unsupported encrypted recording version");
        }
        int idLength = start[10];
        var rest = new byte[idLength + NonceLength + 4];
        if (stream.ReadAtLeast(rest, rest.Length, throwOnEndOfStream: false) < rest.Length)
        {
            throw new RecordingIntegrityException("encrypted recording header is truncated");
        }
        int chunkSize = (int)BinaryPrimitives.ReadUInt32BigEndian(rest.AsSpan(idLength + NonceLength));
        if (chunkSize is < 1024 or > 16 * 1024 * 1024)
        {
            throw new RecordingIntegrityException("encrypted recording header has an invalid chunk size");
        }
        return ([.. start, .. rest], Encoding.UTF8.GetString(rest, 0, idLength), rest.AsSpan(idLength, NonceLength).ToArray(), chunkSize);
    }

    public static void ChunkNonce(ReadOnlySpan<byte> fileNonce, long index, Span<byte> nonce)
    {
        fileNonce.CopyTo(nonce);
        ulong tail = BinaryPrimitives.ReadUInt64BigEndian(nonce[4..]) ^ (ulong)index;
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], tail);
    }

    public static byte[] ChunkAad(byte[] header, long index, bool final)
    {
        var aad = new byte[header.Length + 9];
        header.CopyTo(aad, 0);
        BinaryPrimitives.WriteInt64BigEndian(aad.AsSpan(header.Length), index);
        aad[^1] = (byte)(final ? 1 : 0);
        return aad;
    }
}
