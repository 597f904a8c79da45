using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text.Json;

namespace VideoVisit.Recorder.Capture;

/// <summary>One record read back from a capture file.</summary>
public readonly record struct CaptureRecord(CaptureRecordKind Kind, int Track, long ArrivalMicros, byte[] Packet);

/// <summary>How the record stream of a capture ended.</summary>
public enum CaptureEnd
{
    /// <summary>Not read to the end yet.</summary>
    Unknown,
    /// <summary>The finished marker was found: recording stopped cleanly.</summary>
    Finished,
    /// <summary>The file ends on a record boundary but without the marker (crash between records).</summary>
    Unfinished,
    /// <summary>The last record is partial or fails its CRC (crash mid-write); it and anything after are ignored.</summary>
    TornTail,
}

/// <summary>
/// Reads a capture file written by <see cref="CaptureWriter"/>, stopping quietly at a torn or corrupt tail so a
/// capture left by a crash yields everything up to its last whole record.
/// </summary>
public sealed class CaptureReader : IDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _lengthBuffer = new byte[4];

    private CaptureReader(Stream stream, CaptureMetadata metadata)
    {
        _stream = stream;
        Metadata = metadata;
    }

    public CaptureMetadata Metadata { get; }

    public CaptureEnd End { get; private set; }

    /// <summary>Byte offset just past the last whole record read.</summary>
    public long ValidLength { get; private set; }

    /// <summary>Opens a capture file; a sealed one (<see cref="SealedCapture"/>) needs the recorder's <paramref name="keys"/>.</summary>
    public static CaptureReader Open(string path, Storage.RecordingKeyRing? keys = null)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
        Span<byte> start = stackalloc byte[8];
        bool isSealed = file.ReadAtLeast(start, 8, throwOnEndOfStream: false) == 8 && SealedCapture.IsSealed(start);
        file.Position = 0;
        if (!isSealed) return Open(file);
        if (keys is null)
        {
            file.Dispose();
            throw new InvalidDataException("the capture is sealed: the recorder's key ring is needed to read it");
        }
        try
        {
            return Open(UnsealingStream.Open(file, keys));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads the header; a missing or corrupt header throws <see cref="InvalidDataException"/>.</summary>
    public static CaptureReader Open(Stream stream)
    {
        Span<byte> fixedPart = stackalloc byte[14];
        if (stream.ReadAtLeast(fixedPart, 14, throwOnEndOfStream: false) < 14 || !fixedPart[..8].SequenceEqual(CaptureFormat.Magic))
        {
            stream.Dispose();
            throw new InvalidDataException("not a capture file (magic missing)");
        }
        ushort version = BinaryPrimitives.ReadUInt16BigEndian(fixedPart[8..]);
        uint jsonLength = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[10..]);
        if (version < CaptureFormat.OldestReadableVersion || version > CaptureFormat.Version || jsonLength > 1024 * 1024)
        {
            stream.Dispose();
            throw new InvalidDataException($"unsupported capture version {version}");
        }
        var rest = new byte[jsonLength + 4];
        if (stream.ReadAtLeast(rest, rest.Length, throwOnEndOfStream: false) < rest.Length)
        {
            stream.Dispose();
            throw new InvalidDataException("capture header is truncated");
        }
        var crc = new Crc32();
        crc.Append(fixedPart);
        crc.Append(rest.AsSpan(0, (int)jsonLength));
        if (crc.GetCurrentHashAsUInt32() != BinaryPrimitives.ReadUInt32BigEndian(rest.AsSpan((int)jsonLength)))
        {
            stream.Dispose();
            throw new InvalidDataException("capture header fails its CRC");
        }
        var metadata = JsonSerializer.Deserialize<CaptureMetadata>(rest.AsSpan(0, (int)jsonLength), CaptureFormat.Json)
            ?? throw new InvalidDataException("capture header has no metadata");
        return new CaptureReader(stream, metadata) { ValidLength = 14 + rest.Length };
    }

    /// <summary>Records in file order; stops at the finished marker, the end, or a torn record (see <see cref="End"/>).</summary>
    public IEnumerable<CaptureRecord> ReadRecords()
    {
        var body = new byte[CaptureFormat.RecordLength(CaptureFormat.MaxPacketLength)];
        while (true)
        {
            int got = _stream.ReadAtLeast(_lengthBuffer, 4, throwOnEndOfStream: false);
            if (got == 0)
            {
                End = CaptureEnd.Unfinished;
                yield break;
            }
            uint bodyLength = got < 4 ? 0 : BinaryPrimitives.ReadUInt32BigEndian(_lengthBuffer);
            if (got < 4 || bodyLength < 10 || bodyLength > 10 + CaptureFormat.MaxPacketLength)
            {
                End = CaptureEnd.TornTail;
                yield break;
            }
            int need = (int)bodyLength + CaptureFormat.RecordTrailerLength;
            if (_stream.ReadAtLeast(body.AsSpan(0, need), need, throwOnEndOfStream: false) < need)
            {
                End = CaptureEnd.TornTail;
                yield break;
            }
            var crc = new Crc32();
            crc.Append(_lengthBuffer);
            crc.Append(body.AsSpan(0, (int)bodyLength));
            if (crc.GetCurrentHashAsUInt32() != BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan((int)bodyLength)))
            {
                End = CaptureEnd.TornTail;
                yield break;
            }
            ValidLength += 4 + need;
            var kind = (CaptureRecordKind)body[0];
            if (kind == CaptureRecordKind.Finished)
            {
                End = CaptureEnd.Finished;
                yield break;
            }
            yield return new CaptureRecord(kind, body[1], BinaryPrimitives.ReadInt64BigEndian(body.AsSpan(2)), body.AsSpan(10, (int)bodyLength - 10).ToArray());
        }
    }

    public void Dispose() => _stream.Dispose();
}
