using System.Buffers;
using Org.BouncyCastle.Tls;

namespace VideoVisit.Media.Dtls;

/// <summary>
/// BouncyCastle's view of the network: datagrams pushed in by the socket thread wait in a bounded queue until the
/// DTLS thread asks for them; sends go to the owner's <see cref="DtlsDatagramSender"/>. <c>Receive</c> returns −1
/// on timeout, which is what drives BouncyCastle's flight retransmission (RFC 6347 §4.2.4).
/// </summary>
internal sealed class QueuedDatagramTransport : DatagramTransport
{
    private readonly object _gate = new();
    private readonly Queue<(byte[] Buffer, int Length)> _queue = new();
    private readonly DtlsDatagramSender _sender;
    private readonly int _capacity;
    private readonly int _sendLimit;
    private readonly int _receiveLimit;
    private Exception? _abort;
    private bool _sendClosed;
    private long _dropped;
    private volatile int _minimumProtectedBody = DtlsRecordFilter.MinimumAeadRecordBody;

    public QueuedDatagramTransport(DtlsDatagramSender sender, int capacity, int sendLimit, int receiveLimit)
    {
        _sender = sender;
        _capacity = capacity;
        _sendLimit = sendLimit;
        _receiveLimit = receiveLimit;
    }

    /// <summary>Inbound datagrams dropped: queue full, not a plausible DTLS record (see <see cref="DtlsRecordFilter"/>), too long, or after close.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Set once the cipher suite is known: the smallest valid body of an encrypted record.</summary>
    public int MinimumProtectedBody
    {
        get => _minimumProtectedBody;
        set => _minimumProtectedBody = value;
    }

    public bool HasPending
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count > 0;
            }
        }
    }

    /// <summary>Called by the socket thread. Copies the datagram; never blocks on the DTLS thread.</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > _receiveLimit || !DtlsRecordFilter.IsPlausible(datagram, _minimumProtectedBody))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        byte[] copy = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(copy);
        lock (_gate)
        {
            if (_abort is null && _queue.Count < _capacity)
            {
                _queue.Enqueue((copy, datagram.Length));
                Monitor.Pulse(_gate);
                return;
            }
        }

        ArrayPool<byte>.Shared.Return(copy);
        Interlocked.Increment(ref _dropped);
    }

    /// <summary>
    /// Makes every pending and future <c>Receive</c> throw <paramref name="reason"/>, which unwinds a blocked
    /// handshake at once (BouncyCastle treats transport errors as fatal).
    /// </summary>
    public void Abort(Exception reason)
    {
        lock (_gate)
        {
            _abort ??= reason;
            while (_queue.Count > 0)
            {
                ArrayPool<byte>.Shared.Return(_queue.Dequeue().Buffer);
            }

            Monitor.PulseAll(_gate);
        }
    }

    public int GetReceiveLimit() => _receiveLimit;

    public int GetSendLimit() => _sendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <remarks>
    /// <paramref name="waitMillis"/> ≤ 0 waits until a datagram or an abort arrives, as a socket receive timeout
    /// of 0 does (and as <c>DtlsTransport.Receive</c> documents for 0); BouncyCastle's handshake always passes ≥ 1.
    /// </remarks>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        (byte[] Buffer, int Length) item;
        lock (_gate)
        {
            long deadline = waitMillis > 0 ? Environment.TickCount64 + waitMillis : long.MaxValue;
            while (_queue.Count == 0)
            {
                if (_abort is not null)
                {
                    throw _abort;
                }

                long remaining = deadline - Environment.TickCount64;
                if (remaining <= 0)
                {
                    return -1;
                }

                Monitor.Wait(_gate, (int)Math.Min(remaining, int.MaxValue));
            }

            if (_abort is not null)
            {
                throw _abort;
            }

            item = _queue.Dequeue();
        }

        // A datagram longer than the caller's buffer is cut, as a datagram socket would; the record layer then
        // discards it on the length check.
        int length = Math.Min(item.Length, buffer.Length);
        item.Buffer.AsSpan(0, length).CopyTo(buffer);
        ArrayPool<byte>.Shared.Return(item.Buffer);
        return length;
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (Volatile.Read(ref _sendClosed))
        {
            return;
        }

        _sender(buffer);
    }

    /// <summary>BouncyCastle calls this after its last alert; nothing may be sent afterwards.</summary>
    public void Close()
    {
        Volatile.Write(ref _sendClosed, true);
        Abort(new DtlsTransportClosedException());
    }
}

/// <summary>The transport under a DTLS connection was closed; ends a blocked receive.</summary>
internal sealed class DtlsTransportClosedException(string message = "DTLS transport closed.") : IOException(message);
