using System.Diagnostics;
using VideoVisit.Media.Dtls;

namespace VideoVisit.Media.Tests.Dtls;

public sealed class QueuedDatagramTransportTests
{
    private static byte[] Record(int body = 20)
    {
        var record = new byte[13 + body];
        record[0] = 22;
        record[1] = 0xFE;
        record[2] = 0xFD;
        record[12] = (byte)body;
        return record;
    }

    [Fact]
    public void ReceiveReturnsMinusOneOnTimeoutSoBouncyCastleRetransmits()
    {
        var transport = new QueuedDatagramTransport(_ => { }, capacity: 4, sendLimit: 1200, receiveLimit: 1500);
        var watch = Stopwatch.StartNew();

        int received = transport.Receive(new byte[1500], 0, 1500, 100);

        Assert.Equal(-1, received);
        Assert.InRange(watch.ElapsedMilliseconds, 90, 2000);
    }

    [Fact]
    public async Task ZeroWaitMeansWaitUntilADatagramArrives()
    {
        var transport = new QueuedDatagramTransport(_ => { }, capacity: 4, sendLimit: 1200, receiveLimit: 1500);
        Task<int> receiving = Task.Run(() => transport.Receive(new byte[1500], 0, 1500, 0));
        await Task.Delay(100);
        Assert.False(receiving.IsCompleted);

        transport.Enqueue(Record(7));

        Assert.Equal(20, await receiving.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void QueuedDatagramsComeOutInOrderAndWhole()
    {
        var transport = new QueuedDatagramTransport(_ => { }, capacity: 4, sendLimit: 1200, receiveLimit: 1500);
        byte[] first = Record(20);
        byte[] second = Record(30);
        second[^1] = 0x5A;
        transport.Enqueue(first);
        transport.Enqueue(second);

        var buffer = new byte[1500];
        Assert.Equal(first.Length, transport.Receive(buffer, 0, buffer.Length, 0));
        Assert.Equal(first, buffer[..first.Length]);
        Assert.Equal(second.Length, transport.Receive(buffer, 0, buffer.Length, 0));
        Assert.Equal(second, buffer[..second.Length]);
        Assert.False(transport.HasPending);
    }

    [Fact]
    public void FullQueueDropsInsteadOfBlockingTheSocketThread()
    {
        var transport = new QueuedDatagramTransport(_ => { }, capacity: 2, sendLimit: 1200, receiveLimit: 1500);
        for (int i = 0; i < 5; i++)
        {
            transport.Enqueue(Record());
        }

        transport.Enqueue(new byte[2000]); // longer than the receive limit
        Assert.Equal(4, transport.Dropped);
    }

    [Fact]
    public async Task AbortWakesABlockedReceiverWithTheGivenError()
    {
        var transport = new QueuedDatagramTransport(_ => { }, capacity: 2, sendLimit: 1200, receiveLimit: 1500);
        Task<int> blocked = Task.Run(() => transport.Receive(new byte[1500], 0, 1500, 30_000));
        await Task.Delay(50);

        transport.Abort(new IOException("stop"));

        IOException error = await Assert.ThrowsAsync<IOException>(() => blocked.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("stop", error.Message);
    }

    [Fact]
    public void SendGoesToTheOwnerUntilClosedAndLimitsAreReported()
    {
        var sent = new List<byte[]>();
        var transport = new QueuedDatagramTransport(d => sent.Add(d.ToArray()), capacity: 2, sendLimit: 1200, receiveLimit: 1500);

        transport.Send([1, 2, 3], 1, 2);
        transport.Close();
        transport.Send([9]);

        Assert.Equal([new byte[] { 2, 3 }], sent);
        Assert.Equal(1200, transport.GetSendLimit());
        Assert.Equal(1500, transport.GetReceiveLimit());
    }
}
