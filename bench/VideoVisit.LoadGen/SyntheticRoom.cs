using VideoVisit.Media.Sdp;

namespace VideoVisit.LoadGen;

/// <summary>
/// One room of synthetic participants, negotiated with the server as VisitMedia does for browsers: publish offer →
/// answer; subscribe offer (the publishers' audio and video) → recvonly answer; edges from every publisher to every
/// other subscriber. Each connection then does ICE and DTLS over its own loopback socket.
/// </summary>
internal sealed class SyntheticRoom : IDisposable
{
    private static int s_nextUfrag;

    private SyntheticRoom(string name) => Name = name;

    public string Name { get; }

    public List<SyntheticPublisher> Publishers { get; } = [];

    public List<SyntheticPeer> Subscribers { get; } = [];

    public IEnumerable<SyntheticPeer> Peers => Publishers.Select(p => p.Peer).Concat(Subscribers);

    /// <summary>Sets the room up; a key in both lists is a participant that publishes and subscribes (as in a visit).</summary>
    public static SyntheticRoom Create(ServerProcess server, ClientIdentity identity, string name,
        IReadOnlyList<string> publishers, IReadOnlyList<string> subscribers, int parallelism = 2)
    {
        var room = new SyntheticRoom(name);
        var pending = new List<(SyntheticPeer Peer, Action Then)>();
        foreach (var (key, i) in publishers.Select((k, i) => (k, i)))
        {
            var ufrag = NextUfrag();
            uint audio = (uint)Random.Shared.Next(1, int.MaxValue), video = (uint)Random.Shared.Next(1, int.MaxValue);
            var answer = server.Publish(name, key, SyntheticSdp.PublishOffer(ufrag, identity.Fingerprint, audio, video));
            var peer = NewPeer(server, answer, ufrag);
            room.Publishers.Add(new SyntheticPublisher(peer, audio, video));
            pending.Add((peer, () => { }));
        }
        foreach (var key in subscribers)
        {
            var ufrag = NextUfrag();
            var offer = server.Subscribe(name, key, publishers.Where(p => p != key));
            server.Answer(name, key, SyntheticSdp.SubscribeAnswer(offer, ufrag, identity.Fingerprint));
            var peer = NewPeer(server, offer, ufrag);
            room.Subscribers.Add(peer);
            pending.Add((peer, () => peer.StartReceiving()));
        }
        server.SetEdges(name, publishers.SelectMany(p => subscribers.Where(s => s != p).Select(s => (p, s))));
        Parallel.ForEach(pending, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, c =>
        {
            c.Peer.Connect(identity);
            c.Then();
        });
        return room;
    }

    private static SyntheticPeer NewPeer(ServerProcess server, string serverSdp, string ufrag)
    {
        var sdp = SessionDescription.Parse(serverSdp);
        var m = sdp.Media[0];
        var serverUfrag = m.IceUfrag ?? sdp.IceUfrag ?? throw new InvalidOperationException("server SDP has no ice-ufrag");
        var serverPwd = m.IcePwd ?? sdp.IcePwd ?? throw new InvalidOperationException("server SDP has no ice-pwd");
        return new SyntheticPeer(server.EndPoint, serverUfrag, serverPwd, ufrag);
    }

    private static string NextUfrag() => $"lg{Interlocked.Increment(ref s_nextUfrag):x6}";

    public void Dispose()
    {
        foreach (var peer in Peers) peer.Dispose();
    }
}
