namespace VideoVisit.Recorder;

/// <summary>Marker for the Recorder assembly (the recorder itself lands with its own issue).</summary>
public static class RecorderAssembly;
