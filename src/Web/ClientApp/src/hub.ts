import { HubConnection, HubConnectionBuilder, LogLevel } from "@microsoft/signalr";
import type { Role } from "./api";
import type { SubscribeOffer } from "./media";

export type VisitState = "lobby" | "live" | "paused" | "ended";

export interface LobbyView {
  state: VisitState;
  supervisorPresent: boolean;
  admitted: boolean;
  pauseReason: "supervisor" | "supervisor_away" | null;
  audioMuted: boolean;
  videoMuted: boolean;
  endsAt: string | null;
  secondDevice: boolean;
  removed: boolean;
  asideWithMe: boolean;
  endingSoon: boolean;
  recording: "off" | "requested" | "on";
  recordingAcknowledged: boolean;
  /** This child's stop/help press is waiting for a supervisor to acknowledge it (S4). */
  helpPending: boolean;
  /** People this family member receives whom the supervisor muted (badges on their tiles). */
  mutedOthers?: MutedOther[] | null;
  /** Paused, and the supervisor is talking privately with the other side (never said who). */
  asideWithOther?: boolean;
}

export interface MutedOther { participantId: string; audio: boolean; video: boolean }

/** Staff: a parent asked the supervisor for attention. */
export interface AttentionRequest { participantId: string; role: Role; displayName: string; at: string }

export interface ParticipantView {
  participantId: string;
  role: Role;
  displayName: string;
  admitted: boolean;
  waiting: boolean;
  connections: number;
  audioMuted: boolean;
  videoMuted: boolean;
  pendingDevices: number;
  recordingAcknowledged: boolean;
}

export interface PresenceView {
  visitId: string;
  supervisorPresent: boolean;
  participants: ParticipantView[];
  phase: VisitState;
  locked: boolean;
  endsAt: string | null;
  aside: string | null;
  extendedMinutes: number;
  endingSoon: boolean;
  recording: "off" | "requested" | "on";
  /** Stop/help presses no supervisor has acknowledged yet, kept by the server (S4). */
  help?: HelpRequest[] | null;
}

export interface WarningMessage { text: string; at: string }
/** `unattended`: no supervisor was connected when the child pressed. */
export interface HelpRequest { participantId: string; role: Role; displayName: string; at: string; unattended?: boolean }
/** Whose media stopped arriving at the server just now, since the last packet (staff: everyone; families: whom they see). */
export interface LinkLost { participantId: string; since: string }

/** Staff: the recorder failed and recording is off; text reads "recording failed: …". */
export interface RecordingFailed { text: string; at: string }

export interface JoinResult {
  visitId: string;
  participantId: string;
  role: Role;
  displayName: string;
  windowStart: string;
  windowEnd: string;
  lobby: LobbyView;
  presence: PresenceView | null;
}

export interface VisitEvents {
  subscribeOffer(offer: SubscribeOffer): void;
  lobby(view: LobbyView): void;
  presence(view: PresenceView): void;
  warning(message: WarningMessage): void;
  help(request: HelpRequest): void;
  attention(request: AttentionRequest): void;
  timeWarning(minutesLeft: number): void;
  recordingFailed(failure: RecordingFailed): void;
  linkLost(participants: LinkLost[]): void;
  connection(status: "connected" | "reconnecting" | "closed", error?: string): void;
  /** The hub connection came back as a new connection: the server has closed the old one's media. */
  reconnected(): void;
}

/** The hub refuses with "CODE: message"; the code is what the client translates. */
export function hubErrorCode(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const match = /\b(VV_[A-Z_]+)\b/.exec(text);
  return match ? match[1] : "generic";
}

/**
 * A secret this page generates once and sends with every Join (docs/revocation.md): a reconnect of this page (also a
 * reload of the same tab) takes its seat back by itself, while another device or browser with the same link waits for
 * the supervisor. Kept in the tab's sessionStorage (never sent anywhere but the Join), in memory when that is blocked.
 */
function pageSecret(visitId: string): string {
  const key = `vv.page.${visitId}`;
  try {
    const kept = sessionStorage.getItem(key);
    if (kept && /^[0-9a-f]{48}$/.test(kept)) return kept;
  } catch { /* storage blocked: a secret for this page load only */ }
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  const secret = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  try { sessionStorage.setItem(key, secret); } catch { /* as above */ }
  return secret;
}

/** One participant's connection to the visit hub. Reconnects by itself and joins again after a drop. */
export class VisitConnection {
  private readonly connection: HubConnection;
  private readonly pageSecret: string;
  /** The code the server gave when it withdrew this connection's access (it closes the connection right after). */
  private revoked: string | undefined;

  constructor(private readonly visitId: string, token: string, private readonly events: VisitEvents) {
    this.pageSecret = pageSecret(visitId);
    this.connection = new HubConnectionBuilder()
      .withUrl("/hubs/visit", { accessTokenFactory: () => token })
      .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 10000])
      // The server notices a silent client within ~8 s; the client pings every 3 s and gives a busy server 20 s.
      .withKeepAliveInterval(3000)
      .withServerTimeout(20000)
      .configureLogging(LogLevel.Warning)
      .build();
    this.connection.on("Lobby", (view: LobbyView) => events.lobby(view));
    this.connection.on("Presence", (view: PresenceView) => events.presence(view));
    this.connection.on("Warning", (message: WarningMessage) => events.warning(message));
    this.connection.on("HelpRequested", (request: HelpRequest) => events.help(request));
    this.connection.on("AttentionRequested", (request: AttentionRequest) => events.attention(request));
    this.connection.on("TimeWarning", (minutes: number) => events.timeWarning(minutes));
    this.connection.on("SubscribeOffer", (offer: SubscribeOffer) => events.subscribeOffer(offer));
    this.connection.on("RecordingFailed", (failure: RecordingFailed) => events.recordingFailed(failure));
    this.connection.on("LinkLost", (message: { participants: LinkLost[] }) => events.linkLost(message.participants ?? []));
    this.connection.on("AccessRevoked", (message: { code: string }) => {
      // Do not reconnect: the seat is gone; the page says why.
      this.revoked = message.code;
      void this.connection.stop();
    });
    this.connection.onreconnecting(() => events.connection("reconnecting"));
    this.connection.onreconnected(async () => {
      events.reconnected(); // before joining again: offers for the new connection must find fresh peer connections
      const result = await this.join();
      events.lobby(result.lobby);
      if (result.presence) events.presence(result.presence);
      events.connection("connected");
    });
    this.connection.onclose((error) => events.connection("closed", this.revoked ?? (error ? hubErrorCode(error) : undefined)));
  }

  async start(): Promise<JoinResult> {
    await this.connection.start();
    const result = await this.join();
    this.events.connection("connected");
    return result;
  }

  admit(participantId: string): Promise<void> { return this.invoke("Admit", participantId); }
  muteAudio(participantId: string, muted: boolean): Promise<void> { return this.invoke("MuteAudio", participantId, muted); }
  muteVideo(participantId: string, muted: boolean): Promise<void> { return this.invoke("MuteVideo", participantId, muted); }
  remove(participantId: string): Promise<void> { return this.invoke("Remove", participantId); }
  warn(participantId: string, text: string): Promise<void> { return this.invoke("Warn", participantId, text); }
  pause(): Promise<void> { return this.invoke("Pause"); }
  resume(): Promise<void> { return this.invoke("Resume"); }
  setAside(participantId: string | null): Promise<void> { return this.invoke("SetAside", participantId); }
  endVisit(): Promise<void> { return this.invoke("EndVisit"); }
  lock(locked: boolean): Promise<void> { return this.invoke("Lock", locked); }
  extend(minutes: number): Promise<void> { return this.invoke("Extend", minutes); }
  addNote(text: string, incident: boolean): Promise<void> { return this.invoke("AddNote", text, incident); }
  requestHelp(): Promise<void> { return this.invoke("RequestHelp"); }
  requestAttention(): Promise<void> { return this.invoke("RequestAttention"); }
  acknowledgeHelp(childId: string): Promise<void> { return this.invoke("AcknowledgeHelp", childId); }
  leave(): Promise<void> { return this.invoke("Leave"); }
  /** Closes the connection for good (after leaving): no reconnect follows. */
  stop(): Promise<void> { return this.connection.stop(); }
  requestRecording(): Promise<void> { return this.invoke("RequestRecording"); }
  acknowledgeRecording(): Promise<void> { return this.invoke("AcknowledgeRecording"); }
  stopRecording(): Promise<void> { return this.invoke("StopRecording"); }
  publish(offerSdp: string): Promise<string> { return this.connection.invoke<string>("Publish", this.visitId, offerSdp); }
  subscribeAnswer(answerSdp: string): Promise<void> { return this.invoke("SubscribeAnswer", answerSdp); }
  resubscribe(): Promise<void> { return this.invoke("Resubscribe"); }

  private invoke(method: string, ...args: unknown[]): Promise<void> {
    return this.connection.invoke(method, this.visitId, ...args);
  }

  private join(): Promise<JoinResult> {
    return this.connection.invoke<JoinResult>("Join", this.visitId, this.pageSecret);
  }
}
