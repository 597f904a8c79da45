using System.Security.Cryptography;

namespace VideoVisit.Recorder.Storage;

/// <summary>Encrypts a finished recording into the chunked format of <see cref="EncryptedRecordingFormat"/>.</summary>
public static class RecordingEncryptor
{
    public static void Encrypt(Stream plaintext, Stream output, RecordingKeyRing keys, int chunkSize = EncryptedRecordingFormat.DefaultChunkSize)
    {
        byte[] fileNonce = RandomNumberGenerator.GetBytes(EncryptedRecordingFormat.NonceLength);
        byte[] header = EncryptedRecordingFormat.BuildHeader(keys.CurrentKeyId, fileNonce, chunkSize);
        output.Write(header);
        using var gcm = new AesGcm(keys.Current, EncryptedRecordingFormat.TagLength);
        var current = new byte[chunkSize];
        var next = new byte[chunkSize];
        var cipher = new byte[chunkSize];
        var tag = new byte[EncryptedRecordingFormat.TagLength];
        Span<byte> nonce = stackalloc byte[EncryptedRecordingFormat.NonceLength];
        int currentLength = plaintext.ReadAtLeast(current, chunkSize, throwOnEndOfStream: false);
        for (long index = 0; ; index++)
        {
            // Read one chunk ahead: the final flag must be known when this chunk is sealed.
            int nextLength = currentLength == chunkSize ? plaintext.ReadAtLeast(next, chunkSize, throwOnEndOfStream: false) : 0;
            bool final = nextLength == 0;
            EncryptedRecordingFormat.ChunkNonce(fileNonce, index, nonce);
            gcm.Encrypt(nonce, current.AsSpan(0, currentLength), cipher.AsSpan(0, currentLength), tag,
                EncryptedRecordingFormat.ChunkAad(header, index, final));
            output.Write(cipher, 0, currentLength);
            output.Write(tag);
            if (final)
            {
                break;
            }
            (current, next) = (next, current);
            currentLength = nextLength;
        }
        output.Flush();
    }

    public static void EncryptFile(string plaintextPath, string outputPath, RecordingKeyRing keys)
    {
        using var input = File.OpenRead(plaintextPath);
        using (var output = PrivateFiles.CreateNew(outputPath))
        {
            Encrypt(input, output, keys);
            output.Flush(flushToDisk: true);
        }
    }
}
