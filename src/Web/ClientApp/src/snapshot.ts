import { lang } from "./i18n/i18n";
import type { RemoteStats, SendingStats } from "./media";
import type { Store } from "./store";

/**
 * The test contract of docs/testing.md: `window.videovisit.snapshot()` tells an end-to-end test what this page
 * shows and receives. Media fields fill in once the media plane is connected.
 */
export interface Snapshot {
  page: string;
  lang: string;
  state: "lobby" | "live" | "paused" | "ended";
  supervisorPresent: boolean;
  me: { role: string | null; participantId: string | null; audioMuted: boolean; videoMuted: boolean };
  remotes: { role: string; participantId: string; audio: { bytesReceived: number }; video: RemoteStats["video"] }[];
  presence: { role: string; participantId: string; waiting: boolean }[];
  connection: string;
  media: string;
  error: string | null;
  pauseReason: string | null;
  endsAt: string | null;
  warning: string | null;
  helpAlerts: string[];
  timeWarning: number | null;
  removed: boolean;
  secondDevice: boolean;
  recording: string;
  /** Others whose media the server says stopped arriving (their network dropped), by participant id. */
  linkLost: string[];
}

export function installSnapshot(store: Store, remotes: () => RemoteStats[],
  ciphers: () => Promise<{ publish: string | null; subscribe: string | null }>, sending: () => Promise<SendingStats | null>): void {
  const snapshot = (): Snapshot => {
    const s = store.get();
    return {
      page: s.page,
      lang: lang(),
      state: s.page === "console" ? (s.presence?.phase ?? "lobby") : store.visitState(),
      supervisorPresent: s.lobby?.supervisorPresent ?? false,
      me: {
        role: s.session?.role ?? null,
        participantId: s.session?.participantId ?? null,
        audioMuted: s.lobby?.audioMuted ?? false,
        videoMuted: s.lobby?.videoMuted ?? false,
      },
      remotes: remotes().map((r) => ({ role: r.role, participantId: r.participantId, audio: r.audio, video: r.video })),
      presence: (s.presence?.participants ?? []).map((p) => ({ role: p.role, participantId: p.participantId, waiting: p.waiting })),
      connection: s.connection,
      media: s.media,
      error: s.error?.code ?? null,
      pauseReason: s.lobby?.pauseReason ?? null,
      endsAt: s.lobby?.endsAt ?? s.presence?.endsAt ?? null,
      warning: s.warning?.text ?? null,
      helpAlerts: s.helpAlerts.map((a) => a.role),
      timeWarning: s.timeWarning ?? null,
      removed: s.lobby?.removed ?? false,
      secondDevice: s.lobby?.secondDevice ?? false,
      recording: s.lobby?.recording ?? s.presence?.recording ?? "off",
      linkLost: s.linkLost.map((l) => l.participantId),
    };
  };
  (window as unknown as { videovisit: unknown }).videovisit = { snapshot, srtpCiphers: ciphers, sending };
}
