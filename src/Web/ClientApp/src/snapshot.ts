import { lang } from "./i18n/i18n";
import type { Store } from "./store";

/**
 * The test contract of ARCHITECTURE.md: `window.videovisit.snapshot()` tells an end-to-end test what this page
 * shows and receives. Media fields fill in once the media plane is connected.
 */
export interface Snapshot {
  page: string;
  lang: string;
  state: "lobby" | "live" | "paused" | "ended";
  supervisorPresent: boolean;
  me: { role: string | null; participantId: string | null; audioMuted: boolean; videoMuted: boolean };
  remotes: { role: string; audio: { bytesReceived: number }; video: { framesDecoded: number } }[];
  presence: { role: string; participantId: string; waiting: boolean }[];
  connection: string;
  error: string | null;
}

export function installSnapshot(store: Store): void {
  const snapshot = (): Snapshot => {
    const s = store.get();
    return {
      page: s.page,
      lang: lang(),
      state: store.visitState(),
      supervisorPresent: s.lobby?.supervisorPresent ?? false,
      me: { role: s.session?.role ?? null, participantId: s.session?.participantId ?? null, audioMuted: false, videoMuted: false },
      remotes: [],
      presence: (s.presence?.participants ?? []).map((p) => ({ role: p.role, participantId: p.participantId, waiting: p.waiting })),
      connection: s.connection,
      error: s.error?.code ?? null,
    };
  };
  (window as unknown as { videovisit: { snapshot: () => Snapshot } }).videovisit = { snapshot };
}
