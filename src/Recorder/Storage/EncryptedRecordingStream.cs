using System.Security.Cryptography;

namespace VideoVisit.Recorder.Storage;

/// <summary>
/// Read-only, seekable plaintext view of an encrypted recording, for playback and HTTP range requests: a read
/// decrypts only the chunks it touches. The last chunk is authenticated when the stream opens, so a file cut short
/// is refused up front; any chunk failing its tag throws <see cref="RecordingIntegrityException"/>.
/// </summary>
public sealed class EncryptedRecordingStream : Stream
{
    private readonly Stream _inner;
    private readonly AesGcm _gcm;
    private readonly byte[] _header;
    private readonly byte[] _fileNonce;
    private readonly int _chunkSize;
    private readonly long _chunkCount;
    private readonly long _length;
    private readonly byte[] _cipher;
    private readonly byte[] _plain;
    private long _cachedChunk = -1;
    private int _cachedLength;
    private long _position;

    public EncryptedRecordingStream(Stream inner, RecordingKeyRing keys)
    {
        _inner = inner;
        (_header, string keyId, _fileNonce, _chunkSize) = EncryptedRecordingFormat.ReadHeader(inner);
        long body = inner.Length - _header.Length;
        long stride = _chunkSize + EncryptedRecordingFormat.TagLength;
        _chunkCount = (body + stride - 1) / stride;
        long lastLength = body - (_chunkCount - 1) * stride - EncryptedRecordingFormat.TagLength;
        if (_chunkCount == 0 || lastLength < 0)
        {
            inner.Dispose();
            throw new RecordingIntegrityException("encrypted recording is truncated");
        }
        _length = (_chunkCount - 1) * _chunkSize + lastLength;
        _gcm = new AesGcm(keys.Get(keyId), EncryptedRecordingFormat.TagLength);
        _cipher = new byte[stride];
        _plain = new byte[_chunkSize];
        try
        {
            LoadChunk(_chunkCount - 1);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public static EncryptedRecordingStream OpenFile(string path, RecordingKeyRing keys) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096), keys);

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= _length || buffer.IsEmpty)
        {
            return 0;
        }
        long chunk = _position / _chunkSize;
        LoadChunk(chunk);
        int within = (int)(_position - chunk * _chunkSize);
        int n = Math.Min(buffer.Length, _cachedLength - within);
        _plain.AsSpan(within, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => _length + offset,
    };

    private void LoadChunk(long index)
    {
        if (index == _cachedChunk)
        {
            return;
        }
        long stride = _chunkSize + EncryptedRecordingFormat.TagLength;
        bool final = index == _chunkCount - 1;
        int cipherLength = final ? (int)(_length - index * _chunkSize) : _chunkSize;
        _inner.Position = _header.Length + index * stride;
        int total = cipherLength + EncryptedRecordingFormat.TagLength;
        if (_inner.ReadAtLeast(_cipher.AsSpan(0, total), total, throwOnEndOfStream: false) < total)
        {
            throw new RecordingIntegrityException("encrypted recording changed while being read");
        }
        Span<byte> nonce = stackalloc byte[EncryptedRecordingFormat.NonceLength];
        EncryptedRecordingFormat.ChunkNonce(_fileNonce, index, nonce);
        try
        {
            _gcm.Decrypt(nonce, _cipher.AsSpan(0, cipherLength), _cipher.AsSpan(cipherLength, EncryptedRecordingFormat.TagLength),
                _plain.AsSpan(0, cipherLength), EncryptedRecordingFormat.ChunkAad(_header, index, final));
        }
        catch (AuthenticationTagMismatchException)
        {
            _cachedChunk = -1;
            throw new RecordingIntegrityException(
                $"encrypted recording failed authentication at chunk {index}: it was tampered with, truncated or reordered, or the key is wrong");
        }
        _cachedChunk = index;
        _cachedLength = cipherLength;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gcm?.Dispose();
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
