using System.Net;
using VideoVisit.Media.Ice;

namespace VideoVisit.Media.Tests.Ice;

/// <summary>Keeps a copy of the last datagram in a buffer it owns, so sending allocates nothing.</summary>
internal sealed class CapturingSender : IDatagramSender
{
    private readonly byte[] _last = new byte[1500];
    private int _lastLength;

    public int Count { get; private set; }

    public IPEndPoint? LastDestination { get; private set; }

    public ReadOnlySpan<byte> Last => _last.AsSpan(0, _lastLength);

    public byte[] LastCopy => Last.ToArray();

    public bool TrySend(ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        datagram.CopyTo(_last);
        _lastLength = datagram.Length;
        LastDestination = destination;
        Count++;
        return true;
    }
}
