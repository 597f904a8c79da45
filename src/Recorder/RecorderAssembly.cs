namespace VideoVisit.Recorder;

/// <summary>Marker for the Recorder assembly (used by the architecture tests).</summary>
public static class RecorderAssembly;
