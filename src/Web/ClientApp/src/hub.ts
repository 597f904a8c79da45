import { HubConnection, HubConnectionBuilder, LogLevel } from "@microsoft/signalr";
import type { Role } from "./api";

export type VisitState = "lobby" | "live" | "paused" | "ended";

export interface LobbyView { state: VisitState; supervisorPresent: boolean; admitted: boolean }

export interface ParticipantView {
  participantId: string;
  role: Role;
  displayName: string;
  admitted: boolean;
  waiting: boolean;
  connections: number;
}

export interface PresenceView { visitId: string; supervisorPresent: boolean; participants: ParticipantView[] }

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
  lobby(view: LobbyView): void;
  presence(view: PresenceView): void;
  connection(status: "connected" | "reconnecting" | "closed", error?: string): void;
}

/** The hub refuses with "CODE: message"; the code is what the client translates. */
export function hubErrorCode(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const match = /\b(VV_[A-Z_]+)\b/.exec(text);
  return match ? match[1] : "generic";
}

/** One participant's connection to the visit hub. Reconnects by itself and joins again after a drop. */
export class VisitConnection {
  private readonly connection: HubConnection;

  constructor(private readonly visitId: string, token: string, private readonly events: VisitEvents) {
    this.connection = new HubConnectionBuilder()
      .withUrl("/hubs/visit", { accessTokenFactory: () => token })
      .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 10000])
      .configureLogging(LogLevel.Warning)
      .build();
    this.connection.on("Lobby", (view: LobbyView) => events.lobby(view));
    this.connection.on("Presence", (view: PresenceView) => events.presence(view));
    this.connection.onreconnecting(() => events.connection("reconnecting"));
    this.connection.onreconnected(async () => {
      const result = await this.join();
      events.lobby(result.lobby);
      if (result.presence) events.presence(result.presence);
      events.connection("connected");
    });
    this.connection.onclose((error) => events.connection("closed", error ? hubErrorCode(error) : undefined));
  }

  async start(): Promise<JoinResult> {
    await this.connection.start();
    const result = await this.join();
    this.events.connection("connected");
    return result;
  }

  admit(participantId: string): Promise<void> {
    return this.connection.invoke("Admit", this.visitId, participantId);
  }

  private join(): Promise<JoinResult> {
    return this.connection.invoke<JoinResult>("Join", this.visitId);
  }
}
