using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text.Json;

namespace VideoVisit.Recorder.Capture;

/// <summary>
/// The capture file layout. Header: magic <c>VVCAPTUR</c>, u16 version, u32 JSON length, UTF-8 JSON
/// (<see cref="CaptureMetadata"/>), u32 CRC-32 of everything before it. Then records, appended and never rewritten:
/// u32 body length, body = [u8 kind, u8 track, i64 arrival in microseconds since the capture started, packet bytes],
/// u32 CRC-32 of length and body. A torn tail (crash mid-write) fails its length or CRC check, so a reader stops
/// at the last whole record. All integers are big-endian, like the RTP inside.
/// Version 2 adds the <see cref="CaptureRecordKind.Track"/> record (a track declared after the header, numbered on
/// from the header's tracks); version 1 files, which never hold it, are read as before.
/// </summary>
public static class CaptureFormat
{
    public const ushort Version = 2;
    public const ushort OldestReadableVersion = 1;
    public const int MaxPacketLength = 16 * 1024;
    public const int RecordHeaderLength = 4 + 1 + 1 + 8;
    public const int RecordTrailerLength = 4;
    public const string FileExtension = ".vvcap";

    public static ReadOnlySpan<byte> Magic => "VVCAPTUR"u8;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static byte[] EncodeHeader(CaptureMetadata metadata)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(metadata, Json);
        var header = new byte[Magic.Length + 2 + 4 + json.Length + 4];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(10), (uint)json.Length);
        json.CopyTo(header.AsSpan(14));
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(14 + json.Length), Crc32.HashToUInt32(header.AsSpan(0, 14 + json.Length)));
        return header;
    }

    /// <summary>Writes one record into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int WriteRecord(Span<byte> destination, CaptureRecordKind kind, int track, long arrivalMicros, ReadOnlySpan<byte> packet)
    {
        int bodyLength = 1 + 1 + 8 + packet.Length;
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)bodyLength);
        destination[4] = (byte)kind;
        destination[5] = (byte)track;
        BinaryPrimitives.WriteInt64BigEndian(destination[6..], arrivalMicros);
        packet.CopyTo(destination[RecordHeaderLength..]);
        int crcAt = 4 + bodyLength;
        BinaryPrimitives.WriteUInt32BigEndian(destination[crcAt..], Crc32.HashToUInt32(destination[..crcAt]));
        return crcAt + RecordTrailerLength;
    }

    public static byte[] EncodeTrack(CaptureTrack track) => JsonSerializer.SerializeToUtf8Bytes(track, Json);

    /// <summary>The track a <see cref="CaptureRecordKind.Track"/> record declares; null when its JSON is unreadable.</summary>
    public static CaptureTrack? DecodeTrack(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize<CaptureTrack>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static int RecordLength(int packetLength) => RecordHeaderLength + packetLength + RecordTrailerLength;
}
