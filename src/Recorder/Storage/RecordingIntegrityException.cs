namespace VideoVisit.Recorder.Storage;

/// <summary>An encrypted recording failed authentication: tampered, truncated, reordered, or the wrong key.</summary>
public sealed class RecordingIntegrityException(string message) : IOException(message);
