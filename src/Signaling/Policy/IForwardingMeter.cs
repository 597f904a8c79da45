namespace VideoVisit.Signaling.Policy;

/// <summary>
/// What the forwarding loop counts for operators (docs/operations.md "Metrics"); the metrics implement it, so the
/// policy needs nothing above it.
/// </summary>
public interface IForwardingMeter
{
    /// <summary>A recorder sink failed to apply a decision: recording is turned off for that visit.</summary>
    void CaptureFailed();
}
