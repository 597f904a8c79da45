import type { Role } from "./api";
import { h } from "./dom";
import { t, type MessageKey } from "./i18n/i18n";
import { picture } from "./views/icons";

/** One track the server offers this participant, and whose it is. */
export interface RemoteTrack { mid: string; participantId: string; role: Role; displayName: string; kind: "audio" | "video" }

export interface SubscribeOffer { sdp: string; tracks: RemoteTrack[] }

export interface MediaSignalling {
  publish(offerSdp: string): Promise<string>;
  subscribeAnswer(answerSdp: string): Promise<void>;
  resubscribe(): Promise<void>;
  /** ICE servers (TURN with fresh credentials) and transport policy for a new connection. */
  iceConfiguration(): Promise<RTCConfiguration>;
}

export interface RemoteStats {
  participantId: string;
  role: Role;
  audio: { bytesReceived: number };
  /** From the video's inbound-rtp: frames decoded so far, NACKs sent, and the size and rate of what is decoded now. */
  video: { framesDecoded: number; nackCount: number; frameWidth: number; frameHeight: number; framesPerSecond: number };
}

/**
 * What the publish connection sends now, from the browser's own getStats(): the camera's outbound-rtp (encoded size
 * and rate, bytes so far, why it is scaled down) and the candidate pair's send-side bandwidth estimate.
 */
export interface SendingStats {
  frameWidth: number;
  frameHeight: number;
  framesPerSecond: number;
  bytesSent: number;
  qualityLimitationReason: string | null;
  availableOutgoingBitrate: number;
}

/** The media connections as the page should show them: "reconnecting" while one broke and is being set up again. */
export type MediaState = "idle" | "connected" | "reconnecting";

type Reconnect = "republish" | "resubscribe";

/** Media must flow this long on a new connection before its backoff starts again from the shortest pause. */
const HEALTHY_MS = 10_000;
/** Nothing from the server on either connection for this long: this page's link is lost ("reconnecting…"). */
const STALL_MS = 1500;
/** The longest pause between two attempts at one connection. */
const MAX_BACKOFF_MS = 60_000;

/**
 * Pause before the next attempt after <failures> attempts in a row: none for the first (a blip), then doubling from
 * about 2 s to the cap, each drawn from its upper half ("equal jitter") so that pages that broke together do not
 * come back together.
 */
export function backoffMs(failures: number): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(MAX_BACKOFF_MS, 2000 * 2 ** (failures - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}


/**
 * The browser's side of the media plane: one connection that publishes camera and microphone to the server, one that
 * receives what the server offers (docs/architecture.md: publish and subscribe). No candidate of this browser is
 * ever sent anywhere: the server is ICE-lite and learns the address from the browser's own connectivity checks.
 */
export class MediaSession {
  readonly stage: HTMLElement;
  private readonly tiles = new Map<string, { element: HTMLElement; video: HTMLVideoElement; audio: HTMLAudioElement; label: HTMLElement; placeholder: HTMLElement; badges: HTMLElement }>();
  /** Others whose media stopped arriving at the server (their network dropped): their tiles show a placeholder. */
  private lost = new Set<string>();
  /** This page's own link: nothing has come from the server for STALL_MS. */
  private stalled = false;
  private received = -1;
  private flowed = false;
  private lastReceivedAt = 0;
  private watchdog: number | undefined;
  private readonly preview: HTMLVideoElement;
  private local: MediaStream | null = null;
  private publisher: RTCPeerConnection | null = null;
  private subscriber: RTCPeerConnection | null = null;
  private tracks: RemoteTrack[] = [];
  private stats: RemoteStats[] = [];
  private statsTimer: number | undefined;
  private offers: Promise<void> = Promise.resolve();
  /** The ICE ufrag of the server's side of the subscribe connection: a new one means the server started a fresh connection. */
  private subscriberUfrag: string | null = null;
  /** Bumped by reset() and close(): retries scheduled before stop. */
  private generation = 0;
  /**
   * Attempts in a row at each connection that did not last: a connection that fails right after it connected counts
   * too (the publish call itself succeeded), so a page whose media keeps failing backs off instead of reconnecting
   * in a tight loop. Cleared once media has flowed on the connection for HEALTHY_MS.
   */
  private readonly failures = new Map<Reconnect, number>();
  /** Connections broken and not yet connected again. */
  private readonly reconnecting = new Set<Reconnect>();
  private readonly status: HTMLElement;
  private lastState: MediaState = "idle";

  /** Which way the camera looks: the front ("user", mirrored in the preview) or the back ("environment"). */
  private facing: "user" | "environment" = "user";
  /** Others the supervisor muted, as this person is told (badges on their tiles). */
  private muted = new Map<string, { audio: boolean; video: boolean }>();

  constructor(private readonly signalling: MediaSignalling, private readonly myRole: Role, private readonly onState: (state: MediaState) => void = () => {},
    private readonly onCameras: (count: number) => void = () => {}) {
    this.preview = h("video", { class: "preview", muted: true, autoplay: true, playsinline: true, "data-testid": "local-preview" });
    this.preview.muted = true;
    this.status = h("div", { class: "media-status", role: "status", "data-testid": "media-reconnecting" },
      h("span", { class: "media-status-icon", "aria-hidden": "true" }, picture("signal", 22)),
      h("span", { class: "media-status-text" }, t(myRole === "child" ? "child.media.reconnecting" : "media.reconnecting")));
    this.status.hidden = true;
    this.stage = h("div", { class: `stage stage-${myRole}`, "data-testid": "media-stage" }, h("div", { class: "remotes" }), this.preview, this.status);
    // A dropped network shows within about two seconds, long before a connection is called failed (8 s). The
    // browser's own online flag is not trusted: it can say "offline" while media flows (a loopback-only network).
    this.watchdog = window.setInterval(() => void this.watchLink(), 500);
  }

  /**
   * Whether anything still arrives from the server: the server answers the publish connection all the time (receiver
   * reports, congestion feedback) and sends the others' audio (50 packets a second, silence included) on the other.
   * Nothing on either for STALL_MS: "reconnecting…" until bytes arrive again.
   */
  private async watchLink(): Promise<void> {
    const connections = [this.publisher, this.subscriber].filter((pc): pc is RTCPeerConnection => pc !== null);
    if (!connections.length) {
      this.received = -1;
      return this.checkLink();
    }
    let total = 0;
    for (const pc of connections) {
      (await pc.getStats()).forEach((s) => {
        if (s.type === "transport") total += s.bytesReceived ?? 0;
      });
    }
    const now = performance.now();
    // The first look, or more than at the last look: the link is up. Less: a new connection, counted from here.
    if (this.received < 0 || total > this.received) this.lastReceivedAt = now;
    if (total > 0) this.flowed = true;
    this.received = total;
    this.checkLink(now);
  }

  private checkLink(now = performance.now()): void {
    const silent = this.flowed && this.received >= 0 && now - this.lastReceivedAt >= STALL_MS;
    const stalled = silent;
    if (stalled === this.stalled) return;
    this.stalled = stalled;
    this.report();
  }

  /** How many cameras the device has (labels and counts are complete once the camera was allowed). */
  private async countCameras(): Promise<void> {
    try {
      const devices = await navigator.mediaDevices.enumerateDevices();
      this.onCameras(devices.filter((d) => d.kind === "videoinput").length);
    } catch {
      this.onCameras(0);
    }
  }

  /**
   * Switches between the front and the back camera (a phone): the new camera's track replaces the old one on the
   * publish connection without renegotiating, so the others see the new picture at once.
   */
  async flipCamera(): Promise<void> {
    const next = this.facing === "user" ? "environment" : "user";
    const fresh = await navigator.mediaDevices.getUserMedia({ video: { facingMode: next, width: 640, height: 480 } });
    const track = fresh.getVideoTracks()[0];
    if (!track) return;
    const sender = this.publisher?.getSenders().find((x) => x.track?.kind === "video");
    if (sender) await sender.replaceTrack(track);
    if (this.local) {
      for (const old of this.local.getVideoTracks()) {
        this.local.removeTrack(old);
        old.stop();
      }
      this.local.addTrack(track);
    } else {
      this.local = fresh;
    }
    this.facing = next;
    this.preview.srcObject = this.local;
    // The back camera is not a mirror: it shows the world as it is.
    this.preview.classList.toggle("rear", next === "environment");
    this.preview.dataset.facing = next;
  }

  /** Badges on the tiles of others the supervisor muted (the server lists only people this person receives). */
  setMutedOthers(list: { participantId: string; audio: boolean; video: boolean }[]): void {
    this.muted = new Map(list.map((m) => [m.participantId, { audio: m.audio, video: m.video }]));
    for (const [id, tile] of this.tiles) this.showMuted(id, tile);
  }

  private showMuted(id: string, tile: { element: HTMLElement; badges: HTMLElement }): void {
    const m = this.muted.get(id);
    const key = `${m?.audio ?? false}/${m?.video ?? false}/${this.myRole}`;
    if (tile.badges.dataset.key === key) return;
    tile.badges.dataset.key = key;
    const child = this.myRole === "child";
    tile.badges.replaceChildren(
      ...(m?.audio ? [h("span", { class: "tile-badge", "data-testid": "tile-muted-audio", title: t(child ? "child.tile.mutedAudio" : "tile.mutedAudio") },
        picture("micOff", 18), h("span", { class: "sr-only" }, t(child ? "child.tile.mutedAudio" : "tile.mutedAudio")))] : []),
      ...(m?.video ? [h("span", { class: "tile-badge", "data-testid": "tile-muted-video", title: t(child ? "child.tile.mutedVideo" : "tile.mutedVideo") },
        picture("cameraOff", 18), h("span", { class: "sr-only" }, t(child ? "child.tile.mutedVideo" : "tile.mutedVideo")))] : []),
    );
  }

  /** Marks the tiles of others whose link the server says is lost (a placeholder over their last picture). */
  setLinkLost(participantIds: string[]): void {
    this.lost = new Set(participantIds);
    for (const [id, tile] of this.tiles) this.showLost(id, tile);
  }

  private showLost(id: string, tile: { element: HTMLElement; placeholder: HTMLElement }): void {
    const lost = this.lost.has(id);
    tile.element.classList.toggle("link-lost", lost);
    tile.element.dataset.link = lost ? "lost" : "up";
    tile.placeholder.hidden = !lost;
  }

  /** Opens the camera and microphone and publishes them. Fails softly: a visit without a camera still has audio. */
  async publish(): Promise<void> {
    if (!this.local) {
      try {
        this.local = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
      } catch {
        this.local = await navigator.mediaDevices.getUserMedia({ audio: true }).catch(() => null);
      }
    }
    if (!this.local) return;
    this.preview.srcObject = this.local;
    void this.countCameras();
    const pc = await this.connection();
    this.publisher = pc;
    // A network change, or the server node serving this visit's media going away, can break the connection for good:
    // publish again on a fresh one (the server replaces the old; a visit whose node is gone is served by another).
    this.whenBroken(pc, "republish", () => this.publisher === pc, () => {
      pc.close();
      this.publisher = null;
      this.retry("republish", () => (this.publisher ? Promise.resolve() : this.publish()));
    });
    for (const track of this.local.getTracks()) pc.addTransceiver(track, { direction: "sendonly", streams: [this.local] });
    try {
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      const answer = await this.signalling.publish(offer.sdp!);
      await pc.setRemoteDescription({ type: "answer", sdp: answer });
    } catch (e) {
      // Leave nothing half-open: the caller tries again on a fresh connection.
      pc.close();
      if (this.publisher === pc) this.publisher = null;
      throw e;
    }
  }

  /** Answers the server's (re)offer of the tracks this participant may receive. Offers are handled one at a time. */
  onSubscribeOffer(offer: SubscribeOffer): Promise<void> {
    this.offers = this.offers.then(() => this.answer(offer)).catch((e) => console.error("subscribe offer failed", e));
    return this.offers;
  }

  private async answer(offer: SubscribeOffer): Promise<void> {
    const ufrag = /a=ice-ufrag:(\S+)/.exec(offer.sdp)?.[1] ?? null;
    if (this.subscriber && ufrag !== this.subscriberUfrag) {
      // The server offers on a fresh connection (its old one is gone, e.g. the visit's media moved to another node).
      this.dropSubscriber();
    }
    if (!this.subscriber) {
      const pc = await this.connection();
      pc.ontrack = (e) => this.attach(e);
      this.whenBroken(pc, "resubscribe", () => this.subscriber === pc, () => {
        // Ask for a fresh subscribe connection; its first offer creates a new RTCPeerConnection here.
        this.dropSubscriber();
        this.retry("resubscribe", () => (this.subscriber ? Promise.resolve() : this.signalling.resubscribe()));
      });
      this.subscriber = pc;
      this.subscriberUfrag = ufrag;
      this.statsTimer = window.setInterval(() => void this.collectStats(), 500);
    }
    this.tracks = offer.tracks;
    await this.subscriber.setRemoteDescription({ type: "offer", sdp: offer.sdp });
    const answer = await this.subscriber.createAnswer();
    await this.subscriber.setLocalDescription(answer);
    await this.signalling.subscribeAnswer(answer.sdp!);
    this.layout();
  }

  private async connection(): Promise<RTCPeerConnection> {
    const ice = await this.signalling.iceConfiguration();
    return new RTCPeerConnection({ ...ice, bundlePolicy: "max-bundle", rtcpMuxPolicy: "require" });
  }

  private dropSubscriber(): void {
    this.subscriber?.close();
    this.subscriber = null;
    this.subscriberUfrag = null;
    window.clearInterval(this.statsTimer);
    this.statsTimer = undefined;
    this.stats = []; // what was received counts for the connection it came on
  }

  /**
   * Calls <broken> once the current (<current>) connection failed, or stayed disconnected for 8 s (the server stops
   * answering consent checks after 8 s of silence too; a browser may wait far longer before it calls the connection
   * failed). Once connected it is no longer reconnecting; once it stayed connected for HEALTHY_MS its backoff is over.
   */
  private whenBroken(pc: RTCPeerConnection, what: Reconnect, current: () => boolean, broken: () => void): void {
    let timer: number | undefined;
    let healthy: number | undefined;
    pc.onconnectionstatechange = () => {
      window.clearTimeout(timer);
      window.clearTimeout(healthy);
      if (!current()) return;
      if (pc.connectionState === "connected") {
        this.reconnecting.delete(what);
        healthy = window.setTimeout(() => {
          if (current() && pc.connectionState === "connected") this.failures.delete(what);
        }, HEALTHY_MS);
      } else if (pc.connectionState === "failed") broken();
      else if (pc.connectionState === "disconnected") timer = window.setTimeout(() => current() && pc.connectionState === "disconnected" && broken(), 8000);
      this.report();
    };
  }

  /**
   * Sets <what> up again after a pause that grows with each attempt in a row that did not last (backoffMs), for as
   * long as the page is open: meanwhile the visit's media may be moving to another server node, or the network may
   * come back. The page shows "reconnecting…" until the new connection is up.
   */
  private retry(what: Reconnect, action: () => Promise<void>): void {
    const generation = this.generation;
    const failures = this.failures.get(what) ?? 0;
    this.failures.set(what, failures + 1);
    this.reconnecting.add(what);
    this.report();
    window.setTimeout(() => {
      if (generation !== this.generation) return;
      void action().catch((e) => {
        console.error(`${what} failed`, e);
        if (generation === this.generation) this.retry(what, action);
      });
    }, backoffMs(failures));
  }

  /** Tells the page (the store, and the stage's own notice) what the media connections are doing. */
  private report(): void {
    const up = (pc: RTCPeerConnection | null) => pc?.connectionState === "connected";
    const state: MediaState = this.reconnecting.size > 0 || this.stalled ? "reconnecting" : up(this.publisher) || up(this.subscriber) ? "connected" : "idle";
    this.status.hidden = state !== "reconnecting";
    if (state === this.lastState) return;
    this.lastState = state;
    this.onState(state);
  }

  private attach(e: RTCTrackEvent): void {
    const info = this.tracks.find((x) => x.mid === e.transceiver.mid);
    if (!info) return;
    const tile = this.tileFor(info);
    const stream = new MediaStream([e.track]);
    if (e.track.kind === "video") tile.video.srcObject = stream;
    else tile.audio.srcObject = stream;
  }

  private tileFor(info: RemoteTrack) {
    let tile = this.tiles.get(info.participantId);
    if (!tile) {
      const video = h("video", { autoplay: true, playsinline: true, muted: true });
      video.muted = true; // sound plays through the audio element, so autoplay never blocks the picture
      const audio = h("audio", { autoplay: true });
      const label = h("span", { class: "tile-label" });
      const placeholder = h("div", { class: "tile-placeholder", "data-testid": "tile-reconnecting", hidden: true },
        h("span", { class: "tile-placeholder-icon", "aria-hidden": "true" }, picture("signal", 28)), h("span", { class: "tile-placeholder-text" }));
      const badges = h("div", { class: "tile-badges" });
      const element = h("div", { class: `tile role-${info.role}`, "data-testid": "remote-tile", "data-role": info.role, "data-participant": info.participantId },
        video, audio, placeholder, badges, label);
      tile = { element, video, audio, label, placeholder, badges };
      this.tiles.set(info.participantId, tile);
      this.showLost(info.participantId, tile);
      this.showMuted(info.participantId, tile);
      this.stage.querySelector(".remotes")!.append(element);
    }
    tile.label.textContent = `${t(`role.${info.role}` as MessageKey)} ${info.displayName}`;
    const waitText = t(this.myRole === "child" ? "child.media.otherReconnecting" : "media.otherReconnecting");
    const text = tile.placeholder.querySelector(".tile-placeholder-text")!;
    if (text.textContent !== waitText) text.textContent = waitText;
    return tile;
  }

  /** Removes tiles of people no longer offered. */
  private layout(): void {
    const current = new Set(this.tracks.map((x) => x.participantId));
    for (const [id, tile] of this.tiles) {
      if (!current.has(id)) {
        tile.element.remove();
        this.tiles.delete(id);
      }
    }
    for (const info of this.tracks) this.tileFor(info);
  }

  relabel(): void {
    for (const info of this.tracks) this.tileFor(info);
    this.status.querySelector(".media-status-text")!.textContent = t(this.myRole === "child" ? "child.media.reconnecting" : "media.reconnecting");
  }

  private async collectStats(): Promise<void> {
    if (!this.subscriber) return;
    const report = await this.subscriber.getStats();
    const byMid = new Map<string, { bytesReceived?: number; framesDecoded?: number; nackCount?: number; frameWidth?: number; frameHeight?: number; framesPerSecond?: number }>();
    report.forEach((s) => {
      if (s.type === "inbound-rtp" && s.mid !== undefined) byMid.set(String(s.mid), s);
    });
    const people = new Map<string, RemoteStats>();
    for (const info of this.tracks) {
      const entry = people.get(info.participantId) ??
        { participantId: info.participantId, role: info.role, audio: { bytesReceived: 0 }, video: { framesDecoded: 0, nackCount: 0, frameWidth: 0, frameHeight: 0, framesPerSecond: 0 } };
      const s = byMid.get(info.mid);
      if (info.kind === "audio") entry.audio.bytesReceived += s?.bytesReceived ?? 0;
      else {
        entry.video.framesDecoded += s?.framesDecoded ?? 0;
        entry.video.nackCount += s?.nackCount ?? 0;
        entry.video.frameWidth = Math.max(entry.video.frameWidth, s?.frameWidth ?? 0);
        entry.video.frameHeight = Math.max(entry.video.frameHeight, s?.frameHeight ?? 0);
        entry.video.framesPerSecond = Math.max(entry.video.framesPerSecond, s?.framesPerSecond ?? 0);
      }
      people.set(info.participantId, entry);
    }
    this.stats = [...people.values()];
  }

  remotes(): RemoteStats[] {
    return this.stats;
  }

  /** What the publish connection sends now (null before it exists), read from the browser's getStats(). */
  async sending(): Promise<SendingStats | null> {
    const pc = this.publisher;
    if (!pc) return null;
    const result: SendingStats = { frameWidth: 0, frameHeight: 0, framesPerSecond: 0, bytesSent: 0, qualityLimitationReason: null, availableOutgoingBitrate: 0 };
    (await pc.getStats()).forEach((s) => {
      if (s.type === "outbound-rtp" && s.kind === "video") {
        result.frameWidth = s.frameWidth ?? 0;
        result.frameHeight = s.frameHeight ?? 0;
        result.framesPerSecond = s.framesPerSecond ?? 0;
        result.bytesSent = s.bytesSent ?? 0;
        result.qualityLimitationReason = s.qualityLimitationReason ?? null;
      } else if (s.type === "candidate-pair" && s.nominated && s.availableOutgoingBitrate !== undefined) {
        result.availableOutgoingBitrate = s.availableOutgoingBitrate;
      }
    });
    return result;
  }

  /** The negotiated SRTP cipher of each connection, as the browser reports it. */
  async srtpCiphers(): Promise<{ publish: string | null; subscribe: string | null }> {
    const cipher = async (pc: RTCPeerConnection | null) => {
      if (!pc) return null;
      let found: string | null = null;
      (await pc.getStats()).forEach((s) => {
        if (s.type === "transport" && s.srtpCipher) found = s.srtpCipher;
      });
      return found;
    };
    return { publish: await cipher(this.publisher), subscribe: await cipher(this.subscriber) };
  }

  /**
   * Drops both connections (the server closed them with the old hub connection) but keeps the camera open, so the
   * next publish reconnects without asking for permission again.
   */
  reset(): void {
    this.generation++;
    this.publisher?.close();
    this.publisher = null;
    this.dropSubscriber();
    this.offers = Promise.resolve();
    this.tracks = [];
    this.stats = [];
    // The backoff (failures) is kept: a hub that reconnects in a loop must not restart media from the shortest pause.
    this.reconnecting.clear();
    this.report();
    this.layout();
  }

  close(): void {
    this.generation++;
    window.clearInterval(this.watchdog);
    window.clearInterval(this.statsTimer);
    this.publisher?.close();
    this.subscriber?.close();
    this.local?.getTracks().forEach((x) => x.stop());
  }
}
