using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VideoVisit.Media.Net;

/// <summary>
/// ICE-TCP on the media node (RFC 6544, the server's candidate is passive): browsers that cannot send UDP connect here
/// and speak exactly what they would over UDP — STUN, DTLS, SRTP — each datagram framed by a two-byte length (RFC
/// 4571). A frame is classified as a UDP datagram would be (RFC 7983) and handed to the same handler with the
/// connection as its source, so consent, limits and demultiplexing are those of the UDP path.
/// <para>
/// A TCP peer holds server memory for as long as it keeps a connection, so every connection is bounded (docs/security.md):
/// a total and a per-address count, a first frame that must arrive soon and be an authenticated ICE check, a deadline
/// for each frame once it has begun (a peer trickling bytes is dropped), an idle limit, a largest frame, and a send
/// queue that drops rather than grows when the peer reads slowly.
/// </para>
/// </summary>
public sealed partial class TcpMediaListener : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly ITcpMediaHandler _handler;
    private readonly TcpMediaListenerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<TcpMediaConnection, byte> _connections = new();
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _acceptLoop;
    private ITimer? _sweep;
    private int _disposed;

    private long _accepted;
    private long _refusedTotalLimit;
    private long _refusedAddressLimit;
    private long _closedFirstFrame;
    private long _closedSlowFrame;
    private long _closedIdle;
    private long _closedOversized;
    private long _framesReceived;
    private long _framesSent;
    private long _framesDropped;

    public TcpMediaListener(TcpMediaListenerOptions options, ITcpMediaHandler handler, ILogger<TcpMediaListener>? logger = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        options.Validate();
        _options = options;
        _handler = handler;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _listener = new Socket(options.LocalEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Bind(options.LocalEndPoint);
            _listener.Listen(options.Backlog);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        Log.Listening(_logger, LocalEndPoint);
    }

    /// <summary>The bound address, with the OS-chosen port when the options asked for port 0.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Open connections.</summary>
    public int ConnectionCount => _connections.Count;

    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Connections closed at once because the node had <see cref="TcpMediaListenerOptions.MaxConnections"/>.</summary>
    public long RefusedTotalLimit => Interlocked.Read(ref _refusedTotalLimit);

    /// <summary>Connections closed at once because their address had <see cref="TcpMediaListenerOptions.MaxConnectionsPerAddress"/>.</summary>
    public long RefusedAddressLimit => Interlocked.Read(ref _refusedAddressLimit);

    /// <summary>Connections whose first frame was late, not STUN, or refused by ICE.</summary>
    public long ClosedFirstFrame => Interlocked.Read(ref _closedFirstFrame);

    /// <summary>Connections that began a frame and did not finish it within <see cref="TcpMediaListenerOptions.FrameTimeout"/>.</summary>
    public long ClosedSlowFrame => Interlocked.Read(ref _closedSlowFrame);

    /// <summary>Connections silent for <see cref="TcpMediaListenerOptions.IdleTimeout"/>.</summary>
    public long ClosedIdle => Interlocked.Read(ref _closedIdle);

    /// <summary>Connections that announced a frame longer than <see cref="TcpMediaListenerOptions.MaxFrameLength"/>.</summary>
    public long ClosedOversized => Interlocked.Read(ref _closedOversized);

    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Frames not sent because a connection's send queue was full (the peer reads too slowly) or it had closed.</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    /// <summary>Starts accepting. Call once.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.CompareExchange(ref _acceptLoop, Task.CompletedTask, null) is not null)
        {
            throw new InvalidOperationException("The listener is already running.");
        }
        _acceptLoop = Task.Run(AcceptLoopAsync);
        var period = TimeSpan.FromMilliseconds(Math.Clamp(
            Math.Min(_options.FirstFrameTimeout.TotalMilliseconds, _options.FrameTimeout.TotalMilliseconds) / 5, 20, 250));
        _sweep = _time.CreateTimer(_ => Sweep(), null, period, period);
    }

    /// <summary>Closes every connection whose current deadline (first frame, frame, idle) has passed.</summary>
    private void Sweep()
    {
        long now = _time.GetTimestamp();
        foreach (var connection in _connections.Keys)
        {
            connection.CheckDeadline(now);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                // e.g. a connection reset before it was accepted, or the process out of descriptors: go on.
                Log.AcceptFailed(_logger, ex.SocketErrorCode);
                continue;
            }
            Admit(socket);
        }
    }

    private void Admit(Socket socket)
    {
        Interlocked.Increment(ref _accepted);
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        if (_connections.Count >= _options.MaxConnections)
        {
            Interlocked.Increment(ref _refusedTotalLimit);
            Abort(socket);
            return;
        }
        int count = _perAddress.AddOrUpdate(address, 1, (_, n) => n + 1);
        if (count > _options.MaxConnectionsPerAddress)
        {
            Release(address);
            Interlocked.Increment(ref _refusedAddressLimit);
            Log.AddressLimit(_logger, address, _options.MaxConnectionsPerAddress);
            Abort(socket);
            return;
        }
        socket.NoDelay = true;
        var connection = new TcpMediaConnection(this, socket, new TcpPeerEndPoint(address, remote.Port), address);
        _connections[connection] = 0;
        connection.Run();
    }

    private void Release(IPAddress address)
    {
        while (_perAddress.TryGetValue(address, out int n))
        {
            if (n <= 1 ? _perAddress.TryRemove(new KeyValuePair<IPAddress, int>(address, n)) : _perAddress.TryUpdate(address, n - 1, n))
            {
                return;
            }
        }
    }

    /// <summary>Closes with a reset: a refused or misbehaving peer gets no orderly goodbye and holds nothing.</summary>
    private static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        socket.Dispose();
    }

    /// <summary>Stops accepting, closes every connection and waits (briefly) for their loops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _stopping.Cancel();
        _sweep?.Dispose();
        _listener.Dispose();
        if (_acceptLoop is { } loop)
        {
            await loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        var closing = _connections.Keys.Select(c => c.CloseAndWaitAsync()).ToArray();
        await Task.WhenAll(closing).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private enum CloseReason
    {
        PeerClosed,
        FirstFrame,
        SlowFrame,
        Idle,
        Oversized,
        Stopping,
    }

    /// <summary>What a <see cref="TcpPeerEndPoint"/> sends through.</summary>
    internal interface ITcpConnection
    {
        bool TrySend(ReadOnlySpan<byte> datagram);
    }

    /// <summary>One accepted connection: a read loop that deframes, a write loop that drains a bounded queue.</summary>
    private sealed class TcpMediaConnection : ITcpConnection
    {
        private const int HeaderLength = 2;

        private readonly TcpMediaListener _owner;
        private readonly Socket _socket;
        private readonly IPAddress _address;
        private readonly Channel<(byte[] Buffer, int Length)> _outbox;
        private readonly CancellationTokenSource _closing = new();
        private Task _reading = Task.CompletedTask;
        private Task _writing = Task.CompletedTask;
        private int _closed;

        public TcpMediaConnection(TcpMediaListener owner, Socket socket, TcpPeerEndPoint remote, IPAddress address)
        {
            _owner = owner;
            _socket = socket;
            _address = address;
            Remote = remote;
            remote.Connection = this;
            _outbox = Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(owner._options.SendQueueFrames)
            {
                SingleReader = true,
                SingleWriter = false,
                FullMode = BoundedChannelFullMode.Wait, // TryWrite then returns false: the frame is dropped, never waited for
            });
            // Before the listener's sweep can see it: the first frame's deadline stands from the connection's start.
            SetDeadline(owner._options.FirstFrameTimeout, CloseReason.FirstFrame);
        }

        public TcpPeerEndPoint Remote { get; }

        public void Run()
        {
            _reading = Task.Run(ReadLoopAsync);
            _writing = Task.Run(WriteLoopAsync);
        }

        /// <summary>Queues one datagram, framed. False when the queue is full or the connection closed: the frame is lost, as on UDP.</summary>
        public bool TrySend(ReadOnlySpan<byte> datagram)
        {
            if (Volatile.Read(ref _closed) != 0 || datagram.Length > ushort.MaxValue)
            {
                Interlocked.Increment(ref _owner._framesDropped);
                return false;
            }
            byte[] buffer = ArrayPool<byte>.Shared.Rent(HeaderLength + datagram.Length);
            BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)datagram.Length);
            datagram.CopyTo(buffer.AsSpan(HeaderLength));
            if (_outbox.Writer.TryWrite((buffer, HeaderLength + datagram.Length)))
            {
                return true;
            }
            ArrayPool<byte>.Shared.Return(buffer);
            Interlocked.Increment(ref _owner._framesDropped);
            return false;
        }

        // The deadline of the current wait (a TimeProvider timestamp) and what passing it means; the listener's sweep
        // closes the connection when it has passed. One timer for all connections, no timer per read.
        private long _deadline;
        private int _deadlineReason;
        private int _timedOut;

        private void SetDeadline(TimeSpan wait, CloseReason reason)
        {
            Volatile.Write(ref _deadlineReason, (int)reason);
            Volatile.Write(ref _deadline, _owner._time.GetTimestamp() + (long)(wait.TotalSeconds * _owner._time.TimestampFrequency));
        }

        /// <summary>From the listener's sweep: closes the connection if its current deadline has passed.</summary>
        public void CheckDeadline(long now)
        {
            if (now > Volatile.Read(ref _deadline) && Interlocked.Exchange(ref _timedOut, 1) == 0)
            {
                var reason = (CloseReason)Volatile.Read(ref _deadlineReason);
                Count(reason);
                Close(abort: true);
            }
        }

        private async Task ReadLoopAsync()
        {
            var options = _owner._options;
            var time = _owner._time;
            // Room for one whole largest frame with its header, plus whatever arrived behind it.
            byte[] buffer = ArrayPool<byte>.Shared.Rent(2 * (HeaderLength + options.MaxFrameLength));
            int filled = 0;
            bool authenticated = false;
            var reason = CloseReason.PeerClosed;
            try
            {
                while (true)
                {
                    int n = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None).ConfigureAwait(false);
                    if (n == 0)
                    {
                        reason = CloseReason.PeerClosed;
                        break;
                    }
                    long arrival = (time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
                    bool frameWasOpen = filled > 0;
                    filled += n;

                    int offset = 0;
                    bool stop = false;
                    while (filled - offset >= HeaderLength)
                    {
                        int length = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(offset));
                        if (length > options.MaxFrameLength || length == 0)
                        {
                            reason = CloseReason.Oversized;
                            stop = true;
                            break;
                        }
                        if (filled - offset < HeaderLength + length)
                        {
                            break;
                        }
                        var frame = buffer.AsSpan(offset + HeaderLength, length);
                        offset += HeaderLength + length;
                        Interlocked.Increment(ref _owner._framesReceived);
                        PacketKind kind = PacketClassifier.Classify(frame);
                        bool accepted = kind != PacketKind.Unknown && Deliver(kind, frame, arrival);
                        if (!authenticated)
                        {
                            // The first frame must be an ICE check the server accepts: nothing else may hold a connection.
                            if (kind != PacketKind.Stun || !accepted)
                            {
                                reason = CloseReason.FirstFrame;
                                stop = true;
                                break;
                            }
                            authenticated = true;
                        }
                    }
                    if (stop)
                    {
                        break;
                    }
                    if (offset > 0)
                    {
                        // Keep the incomplete tail at the front.
                        Buffer.BlockCopy(buffer, offset, buffer, 0, filled - offset);
                        filled -= offset;
                    }
                    if (!authenticated)
                    {
                        // The first frame's deadline stands from the connection's start.
                    }
                    else if (filled == 0)
                    {
                        SetDeadline(options.IdleTimeout, CloseReason.Idle);
                    }
                    else if (!frameWasOpen || offset > 0)
                    {
                        // A new frame has begun: all of it must follow within the frame deadline.
                        SetDeadline(options.FrameTimeout, CloseReason.SlowFrame);
                    }
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Reset by the peer, or closed here (a passed deadline, the listener stopping).
                reason = CloseReason.Stopping;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            if (Volatile.Read(ref _timedOut) == 0)
            {
                Count(reason);
            }
            Close(abort: reason is not (CloseReason.PeerClosed or CloseReason.Stopping));
        }

        private bool Deliver(PacketKind kind, ReadOnlySpan<byte> frame, long arrival)
        {
            try
            {
                return _owner._handler.OnPacket(kind, frame, Remote, arrival);
            }
            catch (Exception ex)
            {
                Log.HandlerFault(_owner._logger, kind, Remote, ex);
                return false;
            }
        }

        private void Count(CloseReason reason)
        {
            switch (reason)
            {
                case CloseReason.FirstFrame: Interlocked.Increment(ref _owner._closedFirstFrame); break;
                case CloseReason.SlowFrame: Interlocked.Increment(ref _owner._closedSlowFrame); break;
                case CloseReason.Idle: Interlocked.Increment(ref _owner._closedIdle); break;
                case CloseReason.Oversized: Interlocked.Increment(ref _owner._closedOversized); break;
            }
            if (reason is not (CloseReason.PeerClosed or CloseReason.Stopping))
            {
                Log.Dropped(_owner._logger, Remote, reason.ToString());
            }
        }

        private async Task WriteLoopAsync()
        {
            var reader = _outbox.Reader;
            byte[] batch = new byte[16 * 1024];
            try
            {
                while (await reader.WaitToReadAsync(_closing.Token).ConfigureAwait(false))
                {
                    // Coalesce what is queued into one send; a frame larger than the batch goes alone.
                    int used = 0;
                    while (reader.TryPeek(out var next) && (used == 0 || used + next.Length <= batch.Length))
                    {
                        reader.TryRead(out var item);
                        if (item.Length > batch.Length)
                        {
                            await SendAsync(item.Buffer.AsMemory(0, item.Length)).ConfigureAwait(false);
                        }
                        else
                        {
                            item.Buffer.AsSpan(0, item.Length).CopyTo(batch.AsSpan(used));
                            used += item.Length;
                        }
                        ArrayPool<byte>.Shared.Return(item.Buffer);
                        Interlocked.Increment(ref _owner._framesSent);
                    }
                    if (used > 0)
                    {
                        await SendAsync(batch.AsMemory(0, used)).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The read loop or the listener closes the connection; frames still queued are returned below.
            }
            finally
            {
                while (reader.TryRead(out var left))
                {
                    ArrayPool<byte>.Shared.Return(left.Buffer);
                }
            }
            Close(abort: false);
        }

        private async ValueTask SendAsync(ReadOnlyMemory<byte> data)
        {
            while (!data.IsEmpty)
            {
                int sent = await _socket.SendAsync(data, SocketFlags.None, _closing.Token).ConfigureAwait(false);
                data = data[sent..];
            }
        }

        /// <summary>Closes (from the listener) and waits for both loops to end.</summary>
        public async Task CloseAndWaitAsync()
        {
            Close(abort: false);
            await Task.WhenAll(_reading, _writing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        /// <summary>Closes once, from whichever loop or the listener gets here first; never waits for the loops.</summary>
        private void Close(bool abort)
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }
            _outbox.Writer.TryComplete();
            _closing.Cancel();
            if (abort) Abort(_socket);
            else _socket.Dispose();
            _owner.Release(_address); // first: once the connection is not counted, its address's place is free
            _owner._connections.TryRemove(this, out _);
            try
            {
                _owner._handler.OnClosed(Remote);
            }
            catch (Exception ex)
            {
                Log.HandlerFault(_owner._logger, PacketKind.Unknown, Remote, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5301, LogLevel.Information, "Media ICE-TCP listening on {LocalEndPoint}")]
        public static partial void Listening(ILogger logger, IPEndPoint localEndPoint);

        [LoggerMessage(5302, LogLevel.Debug, "Media ICE-TCP accept failed: {Error}")]
        public static partial void AcceptFailed(ILogger logger, SocketError error);

        [LoggerMessage(5303, LogLevel.Warning, "Media ICE-TCP refused a connection from {Address}: it already has {Limit}")]
        public static partial void AddressLimit(ILogger logger, IPAddress address, int limit);

        [LoggerMessage(5304, LogLevel.Information, "Media ICE-TCP dropped the connection from {Remote}: {Reason}")]
        public static partial void Dropped(ILogger logger, IPEndPoint remote, string reason);

        [LoggerMessage(5305, LogLevel.Warning, "Media packet handler threw for a {Kind} frame from {Remote}")]
        public static partial void HandlerFault(ILogger logger, PacketKind kind, IPEndPoint remote, Exception exception);
    }
}
