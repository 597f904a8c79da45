import "./styles.css";
import { ApiError, exchangeInvitation, type ExchangeResponse } from "./api";
import { hubErrorCode, VisitConnection, type ParticipantView } from "./hub";
import { hasKey, lang, onLangChange, t } from "./i18n/i18n";
import { MediaSession } from "./media";
import { api as staffApi, session as staffSession, StaffApiError } from "./staff/api";
import { installSnapshot } from "./snapshot";
import { Store } from "./store";
import { alertSupervisor } from "./views/alert";
import { consoleView } from "./views/console";
import { connectingView, errorView, homeView } from "./views/error";
import { familyView } from "./views/family";
import { layout } from "./views/layout";
import { notesPanel } from "./views/notes";
import { timeLeft } from "./views/time";

const store = new Store();
const root = document.getElementById("app")!;
let connection: VisitConnection | null = null;
let media: MediaSession | null = null;
let publishing = false;
let publishFailures = 0;

const notes = notesPanel(async (text, incident) => act(() => connection!.addNote(text, incident)));

/** Runs a hub call; a refusal shows as a translated message instead of failing silently. */
async function act(call: () => Promise<void>): Promise<boolean> {
  try {
    store.update({ actionError: undefined });
    await call();
    return true;
  } catch (e) {
    const code = hubErrorCode(e);
    const key = `error.${code}`;
    store.update({ actionError: hasKey(key) ? t(key) : `${t("error.generic")} (${code})` });
    return false;
  }
}

const consoleActions = {
  admit: (id: string) => void act(() => connection!.admit(id)),
  muteAudio: (id: string, muted: boolean) => void act(() => connection!.muteAudio(id, muted)),
  muteVideo: (id: string, muted: boolean) => void act(() => connection!.muteVideo(id, muted)),
  remove: (p: ParticipantView) => {
    if (confirm(t("console.remove.confirm", { name: p.displayName }))) void act(() => connection!.remove(p.participantId));
  },
  warn: (p: ParticipantView) => {
    const text = prompt(t("console.warn.prompt", { name: p.displayName }));
    if (text && text.trim()) void act(() => connection!.warn(p.participantId, text.trim()));
  },
  setAside: (id: string | null) => void act(() => connection!.setAside(id)),
  pause: () => void act(() => connection!.pause()),
  resume: () => void act(() => connection!.resume()),
  endVisit: () => {
    if (confirm(t("console.endVisit.confirm"))) void act(() => connection!.endVisit());
  },
  lock: (locked: boolean) => void act(() => connection!.lock(locked)),
  extend: (minutes: number) => void act(() => connection!.extend(minutes)),
  dismissHelp: () => store.update({ helpAlerts: [] }),
  requestRecording: () => void act(() => connection!.requestRecording()),
  stopRecording: () => void act(() => connection!.stopRecording()),
  acknowledgeRecording: () => void act(() => connection!.acknowledgeRecording()),
};

const familyActions = {
  requestHelp: () => void act(async () => {
    await connection!.requestHelp();
    store.update({ notice: t("child.stopHelp.sent") });
  }),
  dismissWarning: () => store.update({ warning: undefined }),
  acknowledgeRecording: () => void act(() => connection!.acknowledgeRecording()),
};

/** The staff pages (/staff...) draw themselves (./staff/app); the family and console pages never run there. */
const staffPage = /^\/staff(\/|$)/.test(location.pathname);

function render(): void {
  if (staffPage) return;
  const s = store.get();
  let body: HTMLElement;
  switch (s.page) {
    case "error": body = errorView(s.error?.code ?? "generic", s.error?.opensAt, s.error?.fromStaff); break;
    case "connecting": body = connectingView(); break;
    case "family": body = familyView(s, familyActions, media?.stage ?? null); break;
    case "console": body = consoleView(s, consoleActions, notes.element, media?.stage ?? null); break;
    default: body = homeView();
  }
  root.replaceChildren(layout(body));
}

/** The countdown ticks without redrawing the page. */
function tick(): void {
  for (const el of document.querySelectorAll<HTMLElement>("[data-testid=countdown]")) {
    const left = timeLeft(el.dataset.endsAt);
    if (left) el.textContent = t(store.get().page === "console" ? "console.timeLeft" : "family.timeLeft", { time: left });
  }
}

/** /j/{code}: an invitation link is exchanged for its seat's token, and the visit opens. */
async function join(code: string): Promise<void> {
  store.update({ page: "connecting" });
  let session;
  try {
    session = await exchangeInvitation(code);
  } catch (e) {
    const error = e instanceof ApiError ? e : new ApiError("generic", 0);
    store.update({ page: "error", error: { code: error.code, opensAt: error.details.opensAt as string | undefined } });
    return;
  }
  await enter(session);
}

/**
 * /console/{visitId}: a supervisor or observer signed in at /staff opens their seat's console without the emailed
 * link. The server issues the same seat token the link would, under the same window rules; from there on it is the
 * same visit session.
 */
async function openConsole(visitId: string): Promise<void> {
  if (!staffSession()) {
    location.replace("/staff");
    return;
  }
  store.update({ page: "connecting" });
  let session;
  try {
    session = await staffApi.consoleSession(visitId);
  } catch (e) {
    // The login ended (disabled, role or password changed, expired): the sign-in page says why.
    if (e instanceof StaffApiError && e.status === 401) {
      location.replace("/staff");
      return;
    }
    const code = e instanceof StaffApiError ? e.code : "network";
    const opensAt = e instanceof StaffApiError ? e.details.opensAt as string | undefined : undefined;
    store.update({ page: "error", error: { code, opensAt, fromStaff: true } });
    return;
  }
  await enter(session);
}

/** Starts the visit session of a seat: hub connection, lobby or console, camera and microphone. */
async function enter(session: ExchangeResponse): Promise<void> {
  const staff = session.role === "supervisor" || session.role === "observer";
  store.update({ session });
  media = new MediaSession({
    publish: (sdp) => connection!.publish(sdp),
    subscribeAnswer: (sdp) => connection!.subscribeAnswer(sdp),
    resubscribe: () => connection!.resubscribe(),
  }, session.role, (state) => store.update({ media: state }));
  connection = new VisitConnection(session.visitId, session.token, {
    subscribeOffer: (offer) => void media?.onSubscribeOffer(offer),
    reconnected: () => {
      // The lobby view that follows the new join starts publishing again.
      media?.reset();
      publishing = false;
    },
    lobby: (lobby) => {
      store.update({ lobby });
      void startPublishing();
    },
    presence: (presence) => store.update({ presence }),
    warning: (warning) => store.update({ warning }),
    help: (request) => {
      store.update({ helpAlerts: [...store.get().helpAlerts.filter((a) => a.participantId !== request.participantId), request] });
      alertSupervisor();
    },
    timeWarning: (minutes) => store.update({ timeWarning: minutes }),
    connection: (status, code) => {
      store.update({ connection: status });
      if (status === "closed" && code) store.update({ page: "error", error: { code } });
    },
  });
  try {
    const result = await connection.start();
    store.update({ page: staff ? "console" : "family", lobby: result.lobby, presence: result.presence ?? undefined });
    void startPublishing();
  } catch (e) {
    const message = e instanceof Error ? e.message : "";
    const code = /Failed to fetch|WebSocket|negotiat/i.test(message) && !/VV_/.test(message) ? "network" : hubErrorCode(e);
    store.update({ page: "error", error: { code } });
  }
}

/**
 * Publishes camera and microphone once this device is the participant's active one (a second device waits for the
 * supervisor) and the visit has not ended. Whether anyone receives it is the server's decision.
 */
async function startPublishing(): Promise<void> {
  const s = store.get();
  if (publishing || !media || !connection || s.lobby?.secondDevice || s.lobby?.state === "ended" || (s.page !== "family" && s.page !== "console")) return;
  publishing = true;
  try {
    await media.publish();
    publishFailures = 0;
  } catch (e) {
    // A busy server or a dropped invocation: try again by itself, sooner at first, rather than wait for a state change.
    console.error("publish failed", e);
    publishing = false;
    publishFailures++;
    window.setTimeout(() => void startPublishing(), Math.min(1000 * 2 ** Math.min(publishFailures - 1, 4), 15_000));
  }
}

store.subscribe(render);
onLangChange(() => {
  notes.relabel();
  media?.relabel();
  render();
});
installSnapshot(store, () => media?.remotes() ?? [], () => media?.srtpCiphers() ?? Promise.resolve({ publish: null, subscribe: null }));
setInterval(tick, 1000);
document.documentElement.lang = lang();

const match = /^\/j\/([^/]+)\/?$/.exec(location.pathname);
const consoleMatch = /^\/console\/([^/]+)\/?$/.exec(location.pathname);
if (match) {
  void join(decodeURIComponent(match[1]));
} else if (consoleMatch) {
  void openConsole(decodeURIComponent(consoleMatch[1]));
} else if (staffPage) {
  void import("./staff/app").then((staff) => staff.startStaff(root));
} else {
  render();
}
