namespace VideoVisit.JoinTime;

/// <summary>
/// A page script installed before the app's own: it watches every received video track and notes, per stream
/// (the publisher's participant id, from a=msid), the wall-clock time its receiver first reports framesDecoded &gt; 0.
/// The app's snapshot refreshes its stats every 500 ms; polling the receiver every 10 ms makes the figure
/// that much sharper. The snapshot-based time is reported beside it.
/// </summary>
internal static class FirstFrameProbe
{
    public const string Script = """
        (() => {
          const firsts = {};
          window.__firstFrame = firsts;
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
