using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using VideoVisit.Recorder.Storage;

namespace VideoVisit.Recorder.Capture;

/// <summary>
/// A capture encrypted at rest with the recorder's key ring, so a stolen disk shows no RTP (docs/security.md). The
/// plaintext inside is the capture format of <see cref="CaptureFormat"/> unchanged; outside, it is cut into sealed
/// chunks, one per flush (at least once a second), so what was flushed before a crash stays readable.
/// <para>
/// Header: magic <c>VVCAPENC</c>, u16 version, u8 key id length, key id (UTF-8), 12-byte random file nonce. Then
/// chunks: u32 plaintext length (1 to <see cref="MaxChunkLength"/>), AES-256-GCM ciphertext, 16-byte tag. The nonce
/// of chunk i is the file nonce with i XORed into its last 8 bytes (as <see cref="EncryptedRecordingFormat"/>); the
/// AAD is the header, i (u64) and the length, so an edited header, a swapped, repeated or resized chunk fails. A
/// chunk cut short by a crash, or failing its tag, ends the capture there (like a torn record).
/// </para>
/// </summary>
public static class SealedCapture
{
    public const ushort Version = 1;
    public const int MaxChunkLength = 1024 * 1024;

    /// <summary>A chunk is sealed once this much plaintext is waiting, even before the next flush.</summary>
    public const int SealAt = 256 * 1024;

    public static ReadOnlySpan<byte> Magic => "VVCAPENC"u8;

    internal static byte[] BuildHeader(string keyId, ReadOnlySpan<byte> fileNonce)
    {
        byte[] id = Encoding.UTF8.GetBytes(keyId);
        var header = new byte[8 + 2 + 1 + id.Length + EncryptedRecordingFormat.NonceLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), Version);
        header[10] = (byte)id.Length;
        id.CopyTo(header.AsSpan(11));
        fileNonce.CopyTo(header.AsSpan(11 + id.Length));
        return header;
    }

    internal static byte[] Aad(byte[] header, long index, int length)
    {
        var aad = new byte[header.Length + 12];
        header.CopyTo(aad, 0);
        BinaryPrimitives.WriteInt64BigEndian(aad.AsSpan(header.Length), index);
        BinaryPrimitives.WriteInt32BigEndian(aad.AsSpan(header.Length + 8), length);
        return aad;
    }

    /// <summary>True when <paramref name="start"/> (the first bytes of a file) is a sealed capture.</summary>
    public static bool IsSealed(ReadOnlySpan<byte> start) => start.Length >= 8 && start[..8].SequenceEqual(Magic);
}

/// <summary>The writing side: plaintext records go in, sealed chunks go to the file at each <see cref="Seal"/>.</summary>
internal sealed class CaptureSealer : IDisposable
{
    private readonly Stream _file;
    private readonly AesGcm _gcm;
    private readonly byte[] _header;
    private readonly byte[] _fileNonce;
    private readonly byte[] _plain = new byte[SealedCapture.MaxChunkLength];
    private readonly byte[] _cipher = new byte[SealedCapture.MaxChunkLength];
    private readonly byte[] _tag = new byte[EncryptedRecordingFormat.TagLength];
    private readonly byte[] _nonce = new byte[EncryptedRecordingFormat.NonceLength];
    private int _pending;
    private long _index;

    public CaptureSealer(Stream file, RecordingKeyRing keys)
    {
        _file = file;
        _fileNonce = RandomNumberGenerator.GetBytes(EncryptedRecordingFormat.NonceLength);
        _header = SealedCapture.BuildHeader(keys.CurrentKeyId, _fileNonce);
        _gcm = new AesGcm(keys.Current, EncryptedRecordingFormat.TagLength);
        _file.Write(_header);
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            int n = Math.Min(data.Length, _plain.Length - _pending);
            data[..n].CopyTo(_plain.AsSpan(_pending));
            _pending += n;
            data = data[n..];
            if (_pending >= SealedCapture.SealAt) Seal();
        }
    }

    /// <summary>Seals what is waiting into one chunk and writes it to the file (the caller then syncs the file).</summary>
    public void Seal()
    {
        if (_pending == 0) return;
        EncryptedRecordingFormat.ChunkNonce(_fileNonce, _index, _nonce);
        _gcm.Encrypt(_nonce, _plain.AsSpan(0, _pending), _cipher.AsSpan(0, _pending), _tag, SealedCapture.Aad(_header, _index, _pending));
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, _pending);
        _file.Write(length);
        _file.Write(_cipher, 0, _pending);
        _file.Write(_tag);
        _index++;
        _pending = 0;
    }

    public void Dispose() => _gcm.Dispose();
}

/// <summary>The reading side: a forward-only stream of the plaintext capture, chunk by chunk.</summary>
internal sealed class UnsealingStream : Stream
{
    private readonly Stream _file;
    private readonly AesGcm _gcm;
    private readonly byte[] _header;
    private readonly byte[] _fileNonce;
    private readonly byte[] _cipher = new byte[SealedCapture.MaxChunkLength + EncryptedRecordingFormat.TagLength];
    private readonly byte[] _plain = new byte[SealedCapture.MaxChunkLength];
    private readonly byte[] _nonce = new byte[EncryptedRecordingFormat.NonceLength];
    private int _offset;
    private int _length;
    private long _index;
    private bool _ended;

    private UnsealingStream(Stream file, byte[] header, byte[] fileNonce, byte[] key)
    {
        _file = file;
        _header = header;
        _fileNonce = fileNonce;
        _gcm = new AesGcm(key, EncryptedRecordingFormat.TagLength);
    }

    /// <summary>Reads the header of a sealed capture; throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static UnsealingStream Open(Stream file, RecordingKeyRing keys)
    {
        var start = new byte[11];
        if (file.ReadAtLeast(start, 11, throwOnEndOfStream: false) < 11 || !SealedCapture.IsSealed(start)
            || BinaryPrimitives.ReadUInt16BigEndian(start.AsSpan(8)) != SealedCapture.Version)
        {
            throw new InvalidDataException("not a sealed capture of a known version");
        }
        var rest = new byte[start[10] + EncryptedRecordingFormat.NonceLength];
        if (file.ReadAtLeast(rest, rest.Length, throwOnEndOfStream: false) < rest.Length)
        {
            throw new InvalidDataException("sealed capture header is truncated");
        }
        string keyId = Encoding.UTF8.GetString(rest, 0, start[10]);
        byte[] key;
        try
        {
            key = keys.Get(keyId);
        }
        catch (RecordingIntegrityException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        return new UnsealingStream(file, [.. start, .. rest], rest.AsSpan(start[10]).ToArray(), key);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_offset == _length && !NextChunk()) return 0;
        int n = Math.Min(buffer.Length, _length - _offset);
        _plain.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    private bool NextChunk()
    {
        if (_ended) return false;
        Span<byte> lengthBytes = stackalloc byte[4];
        int length = _file.ReadAtLeast(lengthBytes, 4, throwOnEndOfStream: false) == 4 ? BinaryPrimitives.ReadInt32BigEndian(lengthBytes) : -1;
        int need = length + EncryptedRecordingFormat.TagLength;
        if (length is < 1 or > SealedCapture.MaxChunkLength || _file.ReadAtLeast(_cipher.AsSpan(0, need), need, throwOnEndOfStream: false) < need)
        {
            _ended = true; // the end, or a chunk cut short by a crash
            return false;
        }
        EncryptedRecordingFormat.ChunkNonce(_fileNonce, _index, _nonce);
        try
        {
            _gcm.Decrypt(_nonce, _cipher.AsSpan(0, length), _cipher.AsSpan(length, EncryptedRecordingFormat.TagLength), _plain.AsSpan(0, length),
                SealedCapture.Aad(_header, _index, length));
        }
        catch (AuthenticationTagMismatchException)
        {
            _ended = true; // a damaged chunk: everything before it is kept, nothing after it is trusted
            return false;
        }
        _index++;
        _offset = 0;
        _length = length;
        return true;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gcm.Dispose();
            _file.Dispose();
        }
        base.Dispose(disposing);
    }
}
