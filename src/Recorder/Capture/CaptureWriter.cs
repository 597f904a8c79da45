using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;

namespace VideoVisit.Recorder.Capture;

/// <summary>
/// Appends one visit's packets to its capture file. The SFU tap calls <see cref="TryWriteRtp(int, ReadOnlySpan{byte})"/>
/// on its forwarding thread: the packet is copied into a pooled buffer and queued on a bounded channel, never
/// waiting for the disk. One writer task drains the queue and calls <c>Flush(true)</c> at least once a second
/// while there is unflushed data, so a kill -9 loses at most about a second.
/// When the queue is full (disk stalled for several seconds) the packet is dropped and counted in
/// <see cref="DroppedPackets"/>: a gap in a recording is better than stalling a live visit. The post-processor treats
/// the gap as loss (VP8 waits for the next keyframe).
/// </summary>
public sealed class CaptureWriter : IAsyncDisposable
{
    private readonly record struct Pending(CaptureRecordKind Kind, int Track, long ArrivalMicros, byte[] Buffer, int Length);

    private const int SmallBufferLength = 2048;

    private readonly Channel<Pending> _queue;
    // Buffers for ordinary packets (MTU-sized) recycled between the tap and the writer task; the shared ArrayPool
    // keeps too few per size to cover a queue that is thousands deep, so bursts would allocate.
    private readonly System.Collections.Concurrent.ConcurrentQueue<byte[]> _free = new();
    private readonly FileStream _file;
    private readonly CaptureSealer? _sealer; // null: a plaintext capture (tests, tools)
    private readonly Task _writerTask;
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly TimeSpan _flushInterval;
    private readonly Lock _declaring = new();
    private int _trackCount;
    private long _dropped;
    private long _written;
    private int _completed;

    private CaptureWriter(FileStream file, CaptureSealer? sealer, int trackCount, int queueCapacity, TimeSpan flushInterval, TimeProvider time)
    {
        _file = file;
        _sealer = sealer;
        _trackCount = trackCount;
        _time = time;
        _flushInterval = flushInterval;
        _startTimestamp = time.GetTimestamp();
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then returns false instead of waiting
        });
        _writerTask = Task.Run(WriteLoopAsync);
    }

    /// <summary>Path of the capture file.</summary>
    public string Path => _file.Name;

    /// <summary>Packets refused because the queue was full.</summary>
    public long DroppedPackets => Interlocked.Read(ref _dropped);

    /// <summary>Records written to the file so far.</summary>
    public long WrittenRecords => Interlocked.Read(ref _written);

    /// <summary>
    /// Creates the file (failing if it exists, 0600) and writes and syncs its header before returning. With
    /// <paramref name="keys"/> the capture is sealed with the recorder's current key (<see cref="SealedCapture"/>):
    /// each flush seals what came since the last one, so a crash still leaves everything flushed readable.
    /// </summary>
    public static CaptureWriter Create(string path, CaptureMetadata metadata, int queueCapacity = 8192,
        TimeSpan? flushInterval = null, TimeProvider? time = null, Storage.RecordingKeyRing? keys = null)
    {
        if (metadata.Tracks.Count > 255)
        {
            throw new ArgumentException("a capture holds at most 255 tracks", nameof(metadata));
        }
        var file = Storage.PrivateFiles.CreateNew(path, FileAccess.Write, FileShare.Read, 64 * 1024); // 0600: it holds the visit
        CaptureSealer? sealer = null;
        try
        {
            sealer = keys is null ? null : new CaptureSealer(file, keys);
            var header = CaptureFormat.EncodeHeader(metadata);
            if (sealer is null) file.Write(header);
            else
            {
                sealer.Write(header);
                sealer.Seal();
            }
            file.Flush(flushToDisk: true);
        }
        catch
        {
            sealer?.Dispose();
            file.Dispose();
            throw;
        }
        return new CaptureWriter(file, sealer, metadata.Tracks.Count, queueCapacity, flushInterval ?? TimeSpan.FromSeconds(1), time ?? TimeProvider.System);
    }

    /// <summary>Microseconds since the capture started, the arrival clock stamped on records.</summary>
    public long Now() => (long)(_time.GetElapsedTime(_startTimestamp).Ticks / (TimeSpan.TicksPerMillisecond / 1000));

    /// <summary>Tracks in the capture so far: the header's and those declared since.</summary>
    public int TrackCount
    {
        get
        {
            lock (_declaring) return _trackCount;
        }
    }

    /// <summary>
    /// Declares a track that began after the capture did; its <see cref="CaptureTrack.Index"/> must be
    /// <see cref="TrackCount"/>. Returns false when the queue is full (nothing is declared; try again with the next
    /// packet). Packets of the track may be written once this returned true: they queue behind the declaration.
    /// </summary>
    public bool TryDeclareTrack(CaptureTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        lock (_declaring)
        {
            if (track.Index != _trackCount)
            {
                throw new ArgumentException($"the next track is number {_trackCount}, not {track.Index}", nameof(track));
            }
            if (_trackCount >= 255)
            {
                Interlocked.Increment(ref _dropped);
                return false;
            }
            if (!TryQueue(CaptureRecordKind.Track, track.Index, CaptureFormat.EncodeTrack(track), Now())) return false;
            _trackCount++;
            return true;
        }
    }

    /// <summary>Queues a decrypted RTP packet of <paramref name="track"/> stamped now; false if dropped.</summary>
    public bool TryWriteRtp(int track, ReadOnlySpan<byte> packet) => TryWriteRtp(track, packet, Now());

    /// <summary>Queues a decrypted RTP packet with an arrival time the caller took (microseconds since start).</summary>
    public bool TryWriteRtp(int track, ReadOnlySpan<byte> packet, long arrivalMicros) =>
        TryQueue(CaptureRecordKind.Rtp, track, packet, arrivalMicros);

    /// <summary>Queues an RTCP sender report (the SR packet alone) received for <paramref name="track"/>.</summary>
    public bool TryWriteSenderReport(int track, ReadOnlySpan<byte> senderReport) =>
        TryWriteSenderReport(track, senderReport, Now());

    public bool TryWriteSenderReport(int track, ReadOnlySpan<byte> senderReport, long arrivalMicros) =>
        TryQueue(CaptureRecordKind.SenderReport, track, senderReport, arrivalMicros);

    private bool TryQueue(CaptureRecordKind kind, int track, ReadOnlySpan<byte> packet, long arrivalMicros)
    {
        if ((uint)track > 255 || packet.Length > CaptureFormat.MaxPacketLength)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }
        byte[] buffer = Rent(packet.Length);
        packet.CopyTo(buffer);
        if (_queue.Writer.TryWrite(new Pending(kind, track, arrivalMicros, buffer, packet.Length)))
        {
            return true;
        }
        Return(buffer);
        Interlocked.Increment(ref _dropped);
        return false;
    }

    private byte[] Rent(int length) => length <= SmallBufferLength
        ? _free.TryDequeue(out var buffer) ? buffer : new byte[SmallBufferLength]
        : ArrayPool<byte>.Shared.Rent(length);

    private void Return(byte[] buffer)
    {
        if (buffer.Length == SmallBufferLength)
        {
            _free.Enqueue(buffer);
        }
        else if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes the finished marker, drains the queue, syncs and closes the file.</summary>
    public async Task CompleteAsync()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            await _writerTask.ConfigureAwait(false);
            return;
        }
        // Wait for room: the finished marker must never be the record that gets dropped.
        try
        {
            await _queue.Writer.WriteAsync(new Pending(CaptureRecordKind.Finished, 0, Now(), [], 0)).ConfigureAwait(false);
            _queue.Writer.TryComplete();
        }
        catch (ChannelClosedException)
        {
            // The writer task failed (disk error); awaiting it below surfaces the cause.
        }
        await _writerTask.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await CompleteAsync().ConfigureAwait(false);

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        byte[] scratch = new byte[CaptureFormat.RecordLength(CaptureFormat.MaxPacketLength)];
        bool dirty = false;
        long lastFlush = Stopwatch.GetTimestamp();
        Task<bool>? waiting = null;
        try
        {
            while (true)
            {
                while (reader.TryRead(out var item))
                {
                    int n = CaptureFormat.WriteRecord(scratch, item.Kind, item.Track, item.ArrivalMicros, item.Buffer.AsSpan(0, item.Length));
                    Return(item.Buffer);
                    if (_sealer is null) _file.Write(scratch, 0, n);
                    else _sealer.Write(scratch.AsSpan(0, n));
                    Interlocked.Increment(ref _written);
                    dirty = true;
                }
                if (dirty && Stopwatch.GetElapsedTime(lastFlush) >= _flushInterval)
                {
                    _sealer?.Seal();
                    _file.Flush(flushToDisk: true);
                    dirty = false;
                    lastFlush = Stopwatch.GetTimestamp();
                }
                waiting ??= reader.WaitToReadAsync().AsTask();
                if (dirty)
                {
                    var remaining = _flushInterval - Stopwatch.GetElapsedTime(lastFlush);
                    if (remaining > TimeSpan.Zero)
                    {
                        await Task.WhenAny(waiting, Task.Delay(remaining)).ConfigureAwait(false);
                    }
                    if (!waiting.IsCompleted)
                    {
                        continue; // flush deadline reached first
                    }
                }
                bool more = await waiting.ConfigureAwait(false);
                waiting = null;
                if (!more)
                {
                    break;
                }
            }
        }
        catch (Exception e)
        {
            // Refuse further packets (TryWrite returns false, they are counted as dropped) and wake CompleteAsync.
            _queue.Writer.TryComplete(e);
            throw;
        }
        finally
        {
            try
            {
                _sealer?.Seal();
                _file.Flush(flushToDisk: true);
            }
            finally
            {
                _sealer?.Dispose();
                await _file.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
