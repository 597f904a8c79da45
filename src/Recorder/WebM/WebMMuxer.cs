using System.Buffers.Binary;

namespace VideoVisit.Recorder.WebM;

/// <summary>
/// Writes a WebM file (RFC 9559 subset, webm container guidelines) to a seekable stream: EBML header, a Segment
/// whose size, SeekHead and Duration are patched in <see cref="Finish"/>, Info, Tracks, Clusters and Cues.
/// Frames must arrive in timestamp order (interleaved across tracks). A new Cluster starts at every video keyframe
/// and at least every <see cref="MaxClusterMs"/> (SimpleBlock offsets are signed 16-bit ms, RFC 9559 §10.2);
/// every cluster that starts with a video keyframe gets a CuePoint so players can seek.
/// </summary>
public sealed class WebMMuxer
{
    public const int MaxClusterMs = 5000;
    private const int SeekHeadReserve = 120;

    private readonly Stream _out;
    private readonly IReadOnlyList<WebMTrack> _tracks;
    private readonly bool _hasVideo;
    private readonly long _segmentSizeAt;
    private readonly long _segmentDataAt;
    private readonly long _seekHeadAt;
    private readonly long _infoAt;
    private readonly long _durationValueAt;
    private readonly long _tracksAt;
    private readonly MemoryStream _cluster = new();
    private readonly List<(long TimeMs, int Track, long ClusterPosition)> _cues = [];
    private long _clusterTimeMs = -1;
    private bool _clusterStartsWithKey;
    private int _clusterKeyTrack;
    private long _lastTimeMs = long.MinValue;
    private bool _finished;

    public WebMMuxer(Stream output, IReadOnlyList<WebMTrack> tracks, string writingApp = "VideoVisit Recorder")
    {
        if (!output.CanSeek)
        {
            throw new ArgumentException("the muxer patches sizes, so the stream must be seekable", nameof(output));
        }
        _out = output;
        _tracks = tracks;
        _hasVideo = tracks.Any(t => t.IsVideo);
        WriteEbmlHeader();
        EbmlWriter.WriteId(_out, MatroskaId.Segment);
        _segmentSizeAt = _out.Position;
        EbmlWriter.WriteSize(_out, 0, EbmlWriter.PatchableSizeLength);
        _segmentDataAt = _out.Position;
        _seekHeadAt = _out.Position;
        EbmlWriter.WriteVoid(_out, SeekHeadReserve);
        _infoAt = _out.Position - _segmentDataAt;
        _durationValueAt = WriteInfo(writingApp);
        _tracksAt = _out.Position - _segmentDataAt;
        EbmlWriter.WriteMaster(_out, MatroskaId.Tracks, WriteTrackEntries);
    }

    public int ClusterCount { get; private set; }

    /// <summary>Appends one frame at <paramref name="timeMs"/> from the start of the recording.</summary>
    public void WriteFrame(int trackNumber, long timeMs, bool keyframe, ReadOnlySpan<byte> frame)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (timeMs < _lastTimeMs)
        {
            throw new ArgumentOutOfRangeException(nameof(timeMs), "frames must be written in timestamp order");
        }
        _lastTimeMs = timeMs;
        var track = _tracks.First(t => t.Number == trackNumber);
        bool videoKey = track.IsVideo && keyframe;
        if (_clusterTimeMs < 0 || videoKey || timeMs - _clusterTimeMs >= MaxClusterMs)
        {
            FlushCluster();
            _clusterTimeMs = timeMs;
            _clusterStartsWithKey = videoKey || (!_hasVideo && keyframe);
            _clusterKeyTrack = trackNumber;
        }
        // RFC 9559 §10.2 SimpleBlock: track VINT, int16 relative timestamp, flags (0x80 = keyframe), frame.
        EbmlWriter.WriteId(_cluster, MatroskaId.SimpleBlock);
        EbmlWriter.WriteSize(_cluster, 1 + 2 + 1 + frame.Length);
        EbmlWriter.WriteSize(_cluster, trackNumber, 1);
        Span<byte> head = stackalloc byte[3];
        BinaryPrimitives.WriteInt16BigEndian(head, (short)(timeMs - _clusterTimeMs));
        head[2] = (byte)(keyframe ? 0x80 : 0);
        _cluster.Write(head);
        _cluster.Write(frame);
    }

    /// <summary>Closes the last cluster, writes Cues, patches Duration, SeekHead and the Segment size.</summary>
    public void Finish(double durationMs)
    {
        if (_finished)
        {
            return;
        }
        FlushCluster();
        _finished = true;
        long cuesAt = _out.Position - _segmentDataAt;
        EbmlWriter.WriteMaster(_out, MatroskaId.Cues, body =>
        {
            foreach (var (time, track, position) in _cues)
            {
                EbmlWriter.WriteMaster(body, MatroskaId.CuePoint, point =>
                {
                    EbmlWriter.WriteUInt(point, MatroskaId.CueTime, (ulong)time);
                    EbmlWriter.WriteMaster(point, MatroskaId.CueTrackPositions, positions =>
                    {
                        EbmlWriter.WriteUInt(positions, MatroskaId.CueTrack, (ulong)track);
                        EbmlWriter.WriteUInt(positions, MatroskaId.CueClusterPosition, (ulong)position);
                    });
                });
            }
        });
        long end = _out.Position;

        _out.Position = _segmentSizeAt;
        EbmlWriter.WriteSize(_out, end - _segmentDataAt, EbmlWriter.PatchableSizeLength);
        _out.Position = _durationValueAt;
        Span<byte> d = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(d, durationMs);
        _out.Write(d);

        using var seekHead = new MemoryStream();
        EbmlWriter.WriteMaster(seekHead, MatroskaId.SeekHead, body =>
        {
            WriteSeek(body, MatroskaId.Info, _infoAt);
            WriteSeek(body, MatroskaId.Tracks, _tracksAt);
            WriteSeek(body, MatroskaId.Cues, cuesAt);
        });
        _out.Position = _seekHeadAt;
        seekHead.Position = 0;
        seekHead.CopyTo(_out);
        EbmlWriter.WriteVoid(_out, SeekHeadReserve - (int)seekHead.Length);
        _out.Position = end;
        _out.Flush();
    }

    private static void WriteSeek(Stream s, uint id, long position) =>
        EbmlWriter.WriteMaster(s, MatroskaId.Seek, seek =>
        {
            var idBytes = new MemoryStream();
            EbmlWriter.WriteId(idBytes, id);
            EbmlWriter.WriteBinary(seek, MatroskaId.SeekId, idBytes.ToArray());
            EbmlWriter.WriteUInt(seek, MatroskaId.SeekPosition, (ulong)position);
        });

    private void FlushCluster()
    {
        if (_clusterTimeMs < 0 || _cluster.Length == 0)
        {
            return;
        }
        long position = _out.Position - _segmentDataAt;
        if (_clusterStartsWithKey)
        {
            _cues.Add((_clusterTimeMs, _clusterKeyTrack, position));
        }
        using var body = new MemoryStream();
        EbmlWriter.WriteUInt(body, MatroskaId.Timestamp, (ulong)_clusterTimeMs);
        _cluster.Position = 0;
        _cluster.CopyTo(body);
        EbmlWriter.WriteMaster(_out, MatroskaId.Cluster, body);
        _cluster.SetLength(0);
        ClusterCount++;
    }

    private void WriteEbmlHeader() =>
        EbmlWriter.WriteMaster(_out, MatroskaId.Ebml, h =>
        {
            EbmlWriter.WriteUInt(h, MatroskaId.EbmlVersion, 1);
            EbmlWriter.WriteUInt(h, MatroskaId.EbmlReadVersion, 1);
            EbmlWriter.WriteUInt(h, MatroskaId.EbmlMaxIdLength, 4);
            EbmlWriter.WriteUInt(h, MatroskaId.EbmlMaxSizeLength, 8);
            EbmlWriter.WriteString(h, MatroskaId.DocType, "webm");
            EbmlWriter.WriteUInt(h, MatroskaId.DocTypeVersion, 4);
            EbmlWriter.WriteUInt(h, MatroskaId.DocTypeReadVersion, 2);
        });

    /// <summary>Writes Info; returns the absolute position of the Duration value for patching.</summary>
    private long WriteInfo(string writingApp)
    {
        using var body = new MemoryStream();
        EbmlWriter.WriteUInt(body, MatroskaId.TimestampScale, 1_000_000); // 1 ms ticks
        long durationOffset = body.Length + 3; // Duration ID (2) + size (1)
        EbmlWriter.WriteFloat(body, MatroskaId.Duration, 0);
        EbmlWriter.WriteString(body, MatroskaId.MuxingApp, writingApp);
        EbmlWriter.WriteString(body, MatroskaId.WritingApp, writingApp);
        EbmlWriter.WriteId(_out, MatroskaId.Info);
        EbmlWriter.WriteSize(_out, body.Length);
        long bodyAt = _out.Position;
        body.Position = 0;
        body.CopyTo(_out);
        return bodyAt + durationOffset;
    }

    private void WriteTrackEntries(MemoryStream tracks)
    {
        foreach (var t in _tracks)
        {
            EbmlWriter.WriteMaster(tracks, MatroskaId.TrackEntry, e =>
            {
                EbmlWriter.WriteUInt(e, MatroskaId.TrackNumber, (ulong)t.Number);
                EbmlWriter.WriteUInt(e, MatroskaId.TrackUid, (ulong)t.Number);
                EbmlWriter.WriteUInt(e, MatroskaId.TrackType, t.IsVideo ? 1UL : 2UL);
                EbmlWriter.WriteUInt(e, MatroskaId.FlagLacing, 0);
                EbmlWriter.WriteString(e, MatroskaId.Name, t.Name);
                EbmlWriter.WriteString(e, MatroskaId.CodecId, t.CodecId);
                if (t.CodecPrivate is { } priv)
                {
                    EbmlWriter.WriteBinary(e, MatroskaId.CodecPrivate, priv);
                }
                if (t.CodecDelayNs > 0)
                {
                    EbmlWriter.WriteUInt(e, MatroskaId.CodecDelay, t.CodecDelayNs);
                }
                if (t.SeekPreRollNs > 0)
                {
                    EbmlWriter.WriteUInt(e, MatroskaId.SeekPreRoll, t.SeekPreRollNs);
                }
                if (t.IsVideo)
                {
                    EbmlWriter.WriteMaster(e, MatroskaId.Video, v =>
                    {
                        EbmlWriter.WriteUInt(v, MatroskaId.PixelWidth, (ulong)t.Width);
                        EbmlWriter.WriteUInt(v, MatroskaId.PixelHeight, (ulong)t.Height);
                    });
                }
                else
                {
                    EbmlWriter.WriteMaster(e, MatroskaId.Audio, a =>
                    {
                        EbmlWriter.WriteFloat(a, MatroskaId.SamplingFrequency, t.SamplingFrequency);
                        EbmlWriter.WriteUInt(a, MatroskaId.Channels, (ulong)t.Channels);
                    });
                }
            });
        }
    }
}
