using Org.BouncyCastle.Tls;

namespace VideoVisit.Media.Dtls;

// After the handshake: DTLS records are read only when datagrams wait, on the thread pool, one reader at a time.
// No thread is parked per connected session.
public sealed partial class DtlsServerSession
{
    private void ScheduleRead()
    {
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.ReadPending(), this, preferLocal: false);
        }
    }

    // Reads whatever DTLS records are queued: BouncyCastle answers a retransmitted Finished inside Receive, and a
    // close_notify closes the record layer. Runs on the pool, one at a time, only while datagrams are waiting.
    private void ReadPending()
    {
        while (true)
        {
            lock (_dtlsLock)
            {
                DtlsTransport? dtls = _dtls;
                byte[]? buffer = _readBuffer;
                if (dtls is not null && buffer is not null && State == DtlsSessionState.Connected)
                {
                    try
                    {
                        while (_transport.HasPending && !_closeNotifyReceived)
                        {
                            // 0 would mean "wait forever" to BouncyCastle; application data is ignored.
                            dtls.Receive(buffer, 0, buffer.Length, 1);
                        }
                    }
                    catch (Exception ex)
                    {
                        Log.ReadFailed(_logger, ex);
                        _transport.Abort(new DtlsTransportClosedException());
                        MarkClosed(ex is TlsFatalAlertReceived ? "peer sent a fatal alert" : "DTLS read failed");
                    }

                    if (_closeNotifyReceived)
                    {
                        _transport.Abort(new DtlsTransportClosedException());
                        MarkClosed("peer sent close_notify");
                    }
                }
            }

            Volatile.Write(ref _draining, 0);
            if (!_transport.HasPending || State != DtlsSessionState.Connected
                || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private void MarkClosed(string why)
    {
        lock (_gate)
        {
            if (_state != DtlsSessionState.Connected)
            {
                return;
            }

            _state = DtlsSessionState.Closed;
        }

        Log.Closed(_logger, _peer, why);
        RaiseStateChanged(DtlsSessionState.Closed);
    }
}
