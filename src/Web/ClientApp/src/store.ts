import type { ExchangeResponse } from "./api";
import type { AttentionRequest, HelpRequest, LinkLost, LobbyView, PresenceView, RecordingFailed, VisitState, WarningMessage } from "./hub";

export type Page = "home" | "connecting" | "family" | "console" | "error" | "left";

export interface AppState {
  page: Page;
  session?: ExchangeResponse;
  lobby?: LobbyView;
  presence?: PresenceView;
  connection: "connecting" | "connected" | "reconnecting" | "closed";
  /**
   * The media connections (camera/microphone out, others in): "reconnecting" while one broke and is being set up
   * again, with growing pauses between attempts (media.ts). Views may show it; the media stage shows it too.
   */
  media: "idle" | "connected" | "reconnecting";
  /** `fromStaff`: the page was opened from a staff login (/console/{visitId}), not from an invitation link. */
  error?: { code: string; opensAt?: string; fromStaff?: boolean };
  actionError?: string;
  warning?: WarningMessage;
  helpAlerts: HelpRequest[];
  /** Staff: the recorder failed; recording was turned off (shown until dismissed). */
  recordingFailed?: RecordingFailed;
  timeWarning?: number;
  notice?: string;
  /** The child's stop/help button: pressed and on its way, kept by the server, or not delivered (S4). */
  help: "idle" | "sending" | "sent" | "failed";
  /** Others whose media stopped arriving at the server (their network dropped), since when (LinkWatch on the server). */
  linkLost: LinkLost[];
  /** Cameras on this device (a flip button shows when there are two or more). */
  cameras: number;
  /** Staff: parents who asked for the supervisor's attention, until dismissed on this console. */
  attentionAlerts: AttentionRequest[];
  /** The parent's "ask the supervisor": on its way, told (for a few seconds), or refused (e.g. asked too often). */
  attention: "idle" | "sending" | "sent" | "failed" | "wait";
  /** The supervisor turned this person's microphone or camera off: told until they close the message. */
  muteToast?: "audio" | "video";
}

type Listener = (state: AppState) => void;

/** The client's one source of truth; views render from it and `snapshot()` reads it. */
export class Store {
  private state: AppState = { page: "home", connection: "connecting", media: "idle", helpAlerts: [], help: "idle", linkLost: [], attentionAlerts: [], attention: "idle", cameras: 0 };
  private readonly listeners = new Set<Listener>();

  get(): AppState {
    return this.state;
  }

  update(patch: Partial<AppState>): void {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((l) => l(this.state));
  }

  subscribe(listener: Listener): void {
    this.listeners.add(listener);
  }

  visitState(): VisitState {
    return this.state.lobby?.state ?? "lobby";
  }
}
