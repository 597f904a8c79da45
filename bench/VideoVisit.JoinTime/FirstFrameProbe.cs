namespace VideoVisit.JoinTime;

/// <summary>
/// A page script installed before the app's own: it watches every received video track and notes, per stream
/// (the publisher's participant id, from a=msid), the wall-clock time its receiver first reports framesDecoded &gt; 0.
/// The app's snapshot refreshes its stats every 500 ms; polling the receiver every 10 ms makes the figure
/// that much sharper. The snapshot-based time is reported beside it. It also notes when the page's publish and
/// subscribe connections first reach "connected", to show where the time goes.
/// </summary>
internal static class FirstFrameProbe
{
    public const string Script = """
        (() => {
          const firsts = {};
          const connected = {};
          window.__firstFrame = firsts;
          window.__connected = connected;
          const Native = window.RTCPeerConnection;
          if (!Native) return;
          const watch = (receiver, id) => {
            const timer = setInterval(async () => {
              const report = await receiver.getStats();
              report.forEach((s) => {
                if (s.type === "inbound-rtp" && s.framesDecoded > 0 && !(id in firsts)) firsts[id] = performance.timeOrigin + performance.now();
              });
              if (id in firsts) clearInterval(timer);
            }, 10);
          };
          function Probed(...args) {
            const pc = new Native(...args);
            // When each connection's DTLS is up: "publish" (it sends) or "subscribe", first time only.
            pc.addEventListener("connectionstatechange", () => {
              if (pc.connectionState !== "connected") return;
              const kind = pc.getTransceivers().some((t) => t.currentDirection === "sendonly") ? "publish" : "subscribe";
              if (!(kind in connected)) connected[kind] = performance.timeOrigin + performance.now();
            });
            pc.addEventListener("track", (e) => {
              if (e.track.kind === "video" && e.streams.length > 0) watch(e.receiver, e.streams[0].id);
            });
            return pc;
          }
          Probed.prototype = Native.prototype;
          Object.setPrototypeOf(Probed, Native);
          window.RTCPeerConnection = Probed;
        })();
        """;
}
