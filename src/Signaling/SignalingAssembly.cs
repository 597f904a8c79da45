namespace VideoVisit.Signaling;
public static class SignalingAssembly;
