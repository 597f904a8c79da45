using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace VideoVisit.Media.Sfu;

/// <summary>
/// The SFU's rooms. It owns no socket and does no crypto: transports hand it decrypted RTP/RTCP and receive
/// plain packets to protect and send. Signaling decides who may hear whom and says so with <see cref="SetEdges"/>.
/// </summary>
public sealed class SfuRouter
{
    private readonly ConcurrentDictionary<RoomId, SfuRoom> _rooms = new();
    private readonly SfuOptions _options;
    private readonly TimeProvider _time;

    public SfuRouter(SfuOptions? options = null, TimeProvider? time = null)
    {
        _options = options ?? new SfuOptions();
        ArgumentNullException.ThrowIfNull(_options.Nack);
        _options.Nack.Validate(_options.MaxPacketLength);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>What NACK loss recovery did in all rooms.</summary>
    public NackCounters Nacks { get; } = new();

    /// <summary>
    /// Where packets withheld by the policy are counted (tag <c>reason</c>), or null: nothing is counted
    /// (<see cref="SfuRoom.SetWithheld"/>). Set once, before rooms are created (<see cref="Rtc.MediaMetrics"/>).
    /// </summary>
    public Counter<long>? PolicyDrops { get; set; }

    /// <summary>
    /// Called once per subscriber connection, on the packet path, when its first keyframe was sent (its first picture
    /// can be decoded): keep it short. Set once, before rooms are created.
    /// </summary>
    public Action<RoomId, ParticipantKey>? FirstKeyframeForwarded { get; set; }

    public SfuRoom GetOrAddRoom(RoomId id) =>
        _rooms.GetOrAdd(id, static (key, self) => new SfuRoom(key, self._options, self._time, self.Nacks) { Owner = self }, this);

    /// <summary>Rooms now open (visits whose media this router serves).</summary>
    public int RoomCount => _rooms.Count;

    /// <summary>Tells the room which edges the policy keeps closed and why, to count what it withholds (creating the room if needed).</summary>
    public void SetWithheld(RoomId roomId, IEnumerable<WithheldEdge> withheld) => GetOrAddRoom(roomId).SetWithheld(withheld);

    public bool TryGetRoom(RoomId id, out SfuRoom room) => _rooms.TryGetValue(id, out room!);

    /// <summary>Atomically replaces the room's allowed edges (creating the room if needed); returns the snapshot version.</summary>
    public long SetEdges(RoomId roomId, IReadOnlySet<SfuEdge> edges) => GetOrAddRoom(roomId).SetEdges(edges);

    /// <summary>Forgets the room: its tracks stop forwarding at once.</summary>
    public bool RemoveRoom(RoomId id)
    {
        if (!_rooms.TryRemove(id, out var room))
        {
            return false;
        }
        room.Close();
        return true;
    }

    public ForwardResult OnRtp(PublishedTrack track, Span<byte> decryptedPacket, long arrivalMs)
    {
        ArgumentNullException.ThrowIfNull(track);
        return track.Room.OnRtp(track, decryptedPacket, arrivalMs);
    }

    public void Tick(long nowMs)
    {
        foreach (var room in _rooms.Values)
        {
            room.Tick(nowMs);
        }
    }
}
