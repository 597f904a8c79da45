using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VideoVisit.Media.Net;

/// <summary>
/// The one UDP socket of a media node (RFC 7983: STUN, DTLS, RTP and RTCP share it). A single receive loop reads
/// into one pooled buffer, classifies each datagram and hands it to an <see cref="IMediaPacketHandler"/>; sends may
/// come from any thread. Steady-state receiving allocates nothing per packet: the source address lands in a reused
/// <see cref="SocketAddress"/> and maps to a cached <see cref="IPEndPoint"/>. Garbage is counted and dropped; nothing
/// a peer sends can end the loop.
/// </summary>
public sealed partial class UdpMediaSocket : IAsyncDisposable, IDisposable
{
    // A UDP payload is at most 65,507 bytes; a buffer that large means no datagram is ever silently truncated.
    private const int ReceiveBufferLength = 65536;

    private readonly Socket _socket;
    private readonly IMediaPacketHandler _handler;
    private readonly ILogger _logger;
    private readonly int _maxCachedEndpoints;
    private readonly IPEndPoint _endpointFactory;
    private readonly Dictionary<SocketAddress, IPEndPoint> _receiveCache = new();
    private readonly ConcurrentDictionary<IPEndPoint, SocketAddress> _sendCache = new();
    private readonly byte[] _buffer;
    private Task? _loop;
    private int _disposed;

    private long _received;
    private long _receivedBytes;
    private long _stun;
    private long _dtls;
    private long _rtp;
    private long _rtcp;
    private long _droppedUnknown;
    private long _droppedEmpty;
    private long _droppedTurnChannel;
    private long _rejectedStun;
    private long _rejectedDtls;
    private long _rejectedRtp;
    private long _rejectedRtcp;
    private long _handlerFaults;
    private long _receiveErrors;
    private long _sent;
    private long _sentBytes;
    private long _sendFailures;

    public UdpMediaSocket(UdpMediaSocketOptions options, IMediaPacketHandler handler, ILogger<UdpMediaSocket>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _maxCachedEndpoints = Math.Max(16, options.MaxCachedEndpoints);

        _socket = new Socket(options.LocalEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.ReceiveBufferSize = options.ReceiveBufferBytes;
            _socket.SendBufferSize = options.SendBufferBytes;
            _socket.Bind(options.LocalEndPoint);
            EnableKernelStamps();
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _endpointFactory = new IPEndPoint(options.LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6
            ? IPAddress.IPv6Any : IPAddress.Any, 0);
        _buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferLength);
        Log.Bound(_logger, LocalEndPoint);
    }

    /// <summary>The bound address, with the OS-chosen port when the options asked for port 0.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Datagrams received, of every kind.</summary>
    public long PacketsReceived => Interlocked.Read(ref _received);
    public long BytesReceived => Interlocked.Read(ref _receivedBytes);
    public long StunReceived => Interlocked.Read(ref _stun);
    public long DtlsReceived => Interlocked.Read(ref _dtls);
    public long RtpReceived => Interlocked.Read(ref _rtp);
    public long RtcpReceived => Interlocked.Read(ref _rtcp);

    /// <summary>Datagrams that fit no RFC 7983 range (or were empty) and were dropped without reaching the handler.</summary>
    public long DroppedUnknown => Interlocked.Read(ref _droppedUnknown);

    /// <summary>Of <see cref="DroppedUnknown"/>: zero-length datagrams.</summary>
    public long DroppedEmpty => Interlocked.Read(ref _droppedEmpty);

    /// <summary>Of <see cref="DroppedUnknown"/>: TURN ChannelData (first byte 64–79, RFC 7983 §7); no TURN server here.</summary>
    public long DroppedTurnChannel => Interlocked.Read(ref _droppedTurnChannel);

    /// <summary>STUN datagrams the handler refused (bad integrity, unknown ufrag...).</summary>
    public long RejectedStun => Interlocked.Read(ref _rejectedStun);

    /// <summary>DTLS datagrams the handler refused (source not ICE-validated, no session...).</summary>
    public long RejectedDtls => Interlocked.Read(ref _rejectedDtls);

    /// <summary>RTP datagrams the handler refused (unknown source, failed SRTP authentication...).</summary>
    public long RejectedRtp => Interlocked.Read(ref _rejectedRtp);

    /// <summary>RTCP datagrams the handler refused.</summary>
    public long RejectedRtcp => Interlocked.Read(ref _rejectedRtcp);

    /// <summary>Handler calls that threw; the datagram is lost, the loop goes on.</summary>
    public long HandlerFaults => Interlocked.Read(ref _handlerFaults);

    /// <summary>Receive calls that failed at the socket level (e.g. an ICMP error surfaced on some platforms).</summary>
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    public long PacketsSent => Interlocked.Read(ref _sent);
    public long BytesSent => Interlocked.Read(ref _sentBytes);
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Starts the receive loop. Call once.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.CompareExchange(ref _loop, Task.CompletedTask, null) is not null)
        {
            throw new InvalidOperationException("The receive loop is already running.");
        }

        _loop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Sends one datagram. Returns false (and counts it) instead of throwing when the OS refuses it.</summary>
    public bool TrySend(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (!_sendCache.TryGetValue(remote, out SocketAddress? address))
        {
            if (_sendCache.Count >= _maxCachedEndpoints)
            {
                _sendCache.Clear();
            }

            address = remote.Serialize();
            _sendCache[remote] = address;
        }

        return TrySend(datagram, address, remote);
    }

    private bool TrySend(ReadOnlySpan<byte> datagram, SocketAddress address, EndPoint remote)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            Interlocked.Increment(ref _sendFailures);
            return false;
        }

        try
        {
            int sent = _socket.SendTo(datagram, SocketFlags.None, address);
            Interlocked.Increment(ref _sent);
            Interlocked.Add(ref _sentBytes, sent);
            return true;
        }
        catch (SocketException ex)
        {
            Interlocked.Increment(ref _sendFailures);
            Log.SendError(_logger, remote, ex.SocketErrorCode);
            return false;
        }
        catch (ObjectDisposedException)
        {
            Interlocked.Increment(ref _sendFailures);
            return false;
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var address = new SocketAddress(_socket.AddressFamily);
        Memory<byte> memory = _buffer.AsMemory(0, ReceiveBufferLength);
        while (Volatile.Read(ref _disposed) == 0)
        {
            int length;
            try
            {
                // No CancellationToken on purpose: closing the socket ends the wait, and a token registration per
                // call would be a per-packet cost.
                address.Size = address.Buffer.Length;
                length = await _socket.ReceiveFromAsync(memory, SocketFlags.None, address).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                if (Volatile.Read(ref _disposed) != 0)
                {
                    break;
                }

                // e.g. ConnectionReset from an ICMP port-unreachable on Windows: per datagram, not fatal.
                Interlocked.Increment(ref _receiveErrors);
                Log.ReceiveError(_logger, ex.SocketErrorCode);
                continue;
            }

            StampArrival();
            Dispatch(_buffer.AsSpan(0, length), address);
        }
    }

    private void Dispatch(ReadOnlySpan<byte> datagram, SocketAddress address)
    {
        Interlocked.Increment(ref _received);
        Interlocked.Add(ref _receivedBytes, datagram.Length);

        PacketKind kind = PacketClassifier.Classify(datagram);
        switch (kind)
        {
            case PacketKind.Stun: Interlocked.Increment(ref _stun); break;
            case PacketKind.Dtls: Interlocked.Increment(ref _dtls); break;
            case PacketKind.Rtp: Interlocked.Increment(ref _rtp); break;
            case PacketKind.Rtcp: Interlocked.Increment(ref _rtcp); break;
            default:
                Interlocked.Increment(ref _droppedUnknown);
                if (datagram.IsEmpty)
                {
                    Interlocked.Increment(ref _droppedEmpty);
                }
                else if (datagram[0] is >= 64 and <= 79)
                {
                    Interlocked.Increment(ref _droppedTurnChannel);
                }

                return;
        }

        IPEndPoint remote = ResolveEndpoint(address);
        bool accepted;
        try
        {
            accepted = _handler.OnPacket(kind, datagram, remote);
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _handlerFaults);
            Log.HandlerFault(_logger, kind, remote, ex);
            return;
        }

        if (!accepted)
        {
            switch (kind)
            {
                case PacketKind.Stun: Interlocked.Increment(ref _rejectedStun); break;
                case PacketKind.Dtls: Interlocked.Increment(ref _rejectedDtls); break;
                case PacketKind.Rtp: Interlocked.Increment(ref _rejectedRtp); break;
                default: Interlocked.Increment(ref _rejectedRtcp); break;
            }
        }
    }

    private IPEndPoint ResolveEndpoint(SocketAddress address)
    {
        if (_receiveCache.TryGetValue(address, out IPEndPoint? cached))
        {
            return cached;
        }

        if (_receiveCache.Count >= _maxCachedEndpoints)
        {
            _receiveCache.Clear();
        }

        // The receive loop reuses `address`, so the key must be a copy.
        var key = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(key.Buffer.Span);
        var endpoint = (IPEndPoint)_endpointFactory.Create(key);
        _receiveCache[key] = endpoint;
        return endpoint;
    }

    /// <summary>Stops the loop and closes the socket; waits (briefly) for the loop to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _socket.Dispose();
        Task? loop = _loop;
        if (loop is not null)
        {
            await loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        // Only after the loop has stopped may the buffer go back to the pool.
        if (loop is null || loop.IsCompleted)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
