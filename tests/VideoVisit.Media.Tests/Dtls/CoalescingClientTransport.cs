using Org.BouncyCastle.Tls;
using VideoVisit.Media.Dtls;

namespace VideoVisit.Media.Tests.Dtls;

/// <summary>
/// Packs each outgoing flight's records into as few datagrams as fit (up to 1200 bytes), as BoringSSL (Chrome)
/// and NSS (Firefox) do, instead of BouncyCastle's one record per datagram. A flight ends when the client turns
/// to receive.
/// </summary>
internal sealed class CoalescingClientTransport(QueuedDatagramTransport inner, DtlsDatagramSender toServer) : DatagramTransport
{
    private const int Limit = 1200;
    private readonly byte[] _pending = new byte[Limit];
    private int _pendingLength;

    public int DatagramsSent { get; private set; }

    public int RecordsSent { get; private set; }

    public int GetReceiveLimit() => inner.GetReceiveLimit();

    public int GetSendLimit() => Limit;

    public int Receive(byte[] buf, int off, int len, int waitMillis)
    {
        Flush();
        return inner.Receive(buf, off, len, waitMillis);
    }

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        Flush();
        return inner.Receive(buffer, waitMillis);
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (_pendingLength + buffer.Length > Limit)
        {
            Flush();
        }

        buffer.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += buffer.Length;
        RecordsSent++;
    }

    public void Close()
    {
        Flush();
        inner.Close();
    }

    private void Flush()
    {
        if (_pendingLength > 0)
        {
            toServer(_pending.AsSpan(0, _pendingLength));
            DatagramsSent++;
            _pendingLength = 0;
        }
    }
}
