namespace VideoVisit.Media.Ice;

/// <summary>
/// The lite agent's view of one PeerConnection. New → Checking (first authenticated check) → Connected (a pair was
/// nominated; a first check that already nominates goes straight from New) → Disconnected (consent lapsed, RFC 7675 §5.1) → Connected again on an authenticated check from the
/// selected address or a new nomination; Closed is final. There is no Failed: the owner decides how long a
/// Disconnected session may wait before it closes it (the visit layer has its own rules for a lost supervisor).
/// </summary>
public enum IceConnectionState : byte
{
    New,
    Checking,
    Connected,
    Disconnected,
    Closed,
}
