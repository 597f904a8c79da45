import "./styles.css";
import { ApiError, exchangeInvitation, iceConfiguration, type ExchangeResponse } from "./api";
import { h } from "./dom";
import { hubErrorCode, VisitConnection, type HelpRequest, type ParticipantView } from "./hub";
import { hasKey, lang, onLangChange, t } from "./i18n/i18n";
import { MediaSession } from "./media";
import { api as staffApi, session as staffSession, StaffApiError } from "./staff/api";
import { installSnapshot } from "./snapshot";
import { Store } from "./store";
import { alertSupervisor } from "./views/alert";
import { ConsoleView } from "./views/console";
import { connectingView, errorView, homeView, leftView } from "./views/error";
import { familyStatusText, familyView, fitPictures, fractionLeft } from "./views/family";
import { helpDock } from "./views/help";
import { layout } from "./views/layout";
import { notesPanel } from "./views/notes";
import { elapsed, timeLeft } from "./views/time";

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
  // The console asks on the page itself (removal: "final"; warnings: ready-made texts), no browser prompt.
  remove: (p: ParticipantView) => void act(() => connection!.remove(p.participantId)),
  warn: (p: ParticipantView, text: string) => void act(() => connection!.warn(p.participantId, text)),
  setAside: (id: string | null) => void act(() => connection!.setAside(id)),
  pause: () => void act(() => connection!.pause()),
  resume: () => void act(() => connection!.resume()),
  endVisit: () => {
    if (confirm(t("console.endVisit.confirm"))) void act(() => connection!.endVisit());
  },
  lock: (locked: boolean) => void act(() => connection!.lock(locked)),
  extend: (minutes: number) => void act(() => connection!.extend(minutes)),
  dismissRecordingFailed: () => store.update({ recordingFailed: undefined }),
  acknowledgeHelp: (childId: string) => void act(() => connection!.acknowledgeHelp(childId)),
  dismissAttention: (participantId: string) =>
    store.update({ attentionAlerts: store.get().attentionAlerts.filter((a) => a.participantId !== participantId) }),
  /** From the help alert: pause the visit (if live), talk to the child alone, and mark the alert seen. */
  talkToChild: (childId: string) => void act(async () => {
    const phase = store.get().presence?.phase;
    if (phase === "live") await connection!.pause();
    await connection!.setAside(childId);
    await connection!.acknowledgeHelp(childId);
  }),
  requestRecording: () => void act(() => connection!.requestRecording()),
  stopRecording: () => void act(() => connection!.stopRecording()),
  acknowledgeRecording: () => void act(() => connection!.acknowledgeRecording()),
};

const familyActions = {
  dismissWarning: () => store.update({ warning: undefined }),
  dismissMuteToast: () => store.update({ muteToast: undefined }),
  /** Leaves the visit on this device after asking; the page says so and offers to come back in. */
  leave: () => {
    const child = store.get().session?.role === "child";
    if (!confirm(t(child ? "child.family.leave.confirm" : "family.leave.confirm"))) return;
    void (async () => {
      try { await connection?.leave(); } catch (e) { console.error("leave failed", e); }
      media?.close();
      await connection?.stop().catch(() => undefined);
      store.update({ page: "left" });
    })();
  },
  acknowledgeRecording: () => void act(() => connection!.acknowledgeRecording()),
  /** The parent asks the supervisor for attention: "told" for a few seconds; asked too often, "wait a little". */
  askSupervisor: () => {
    if (!connection || store.get().attention === "sending") return;
    store.update({ attention: "sending" });
    void connection.requestAttention().then(
      () => store.update({ attention: "sent" }),
      (e) => store.update({ attention: hubErrorCode(e) === "VV_RATE_LIMITED" ? "wait" : "failed" }),
    ).finally(() => window.setTimeout(() => store.update({ attention: "idle" }), 6000));
  },
  flipCamera: () => void media?.flipCamera().catch((e) => console.error("camera flip failed", e)),
};

/** The child's stop/help (S4): the button shows "sending" at once and "sent" once the server has kept the press. */
async function requestHelp(): Promise<void> {
  if (!connection) return;
  store.update({ help: "sending" });
  try {
    await connection.requestHelp();
    if (store.get().help === "sending") store.update({ help: "sent" });
  } catch (e) {
    console.error("stop/help failed", e);
    store.update({ help: "failed" });
  }
}
const help = helpDock(() => void requestHelp());
document.body.append(help.element);

/** Supervisors hear every stop/help alert when it arrives, and again every 20 s until one acknowledges it (S4). */
const sounded = new Set<string>();
function soundNewHelpAlerts(alerts: HelpRequest[]): void {
  const fresh = alerts.filter((a) => !sounded.has(`${a.participantId}@${a.at}`));
  fresh.forEach((a) => sounded.add(`${a.participantId}@${a.at}`));
  if (fresh.length) alertSupervisor();
}
setInterval(() => {
  if (store.get().page === "console" && store.get().helpAlerts.length) alertSupervisor();
}, 20_000);

/**
 * The one live region of the page: a short sentence per event (someone waiting, admitted, gone; the visit paused;
 * a child's stop/help). The countdown is never in it.
 */
const announcer = h("div", { class: "sr-only", role: "status", "aria-live": "polite", "data-testid": "announcer" });
document.body.append(announcer);
let toAnnounce: string[] = [];
function announce(text: string): void {
  // Events that come together are said together (one change of the region), so none is cut off by the next.
  if (!toAnnounce.length) {
    setTimeout(() => {
      announcer.textContent = toAnnounce.join(" ");
      toAnnounce = [];
    }, 100);
  }
  toAnnounce.push(text);
}
const consoleUi = new ConsoleView(consoleActions, notes.element, announce);
let lastFamilyStatus = "";

/** The staff pages (/staff...) draw themselves (./staff/app); the family and console pages never run there. */
const staffPage = /^\/staff(\/|$)/.test(location.pathname);

function render(): void {
  if (staffPage) return;
  const s = store.get();
  let body: HTMLElement;
  switch (s.page) {
    case "error": body = errorView(s.error?.code ?? "generic", s.error?.opensAt, s.error?.fromStaff); break;
    case "connecting": body = connectingView(); break;
    case "left": body = leftView(s.session?.role === "child"); break;
    case "family": body = familyView(s, familyActions, media?.stage ?? null); break;
    case "console":
      // Built once and updated in place: focus, a note being typed and the keyboard survive every update.
      if (!root.contains(consoleUi.element)) root.replaceChildren(layout(consoleUi.element));
      consoleUi.update(s, media?.stage ?? null);
      help.update(s);
      return;
    default: body = homeView();
  }
  root.replaceChildren(layout(body));
  help.update(s);
  if (s.page === "family") {
    fitPictures(media?.stage ?? null);
    const status = familyStatusText(s);
    if (status !== lastFamilyStatus) announce(status);
    lastFamilyStatus = status;
  }
}

/** The countdown and "disconnected 0:07" tick without redrawing the page. */
function tick(): void {
  for (const el of document.querySelectorAll<HTMLElement>("[data-testid=picture-timer]")) {
    if (el.dataset.endsAt) el.style.setProperty("--left", String(fractionLeft(el.dataset.endsAt)));
  }
  for (const el of document.querySelectorAll<HTMLElement>("[data-testid=link-lost]")) {
    el.textContent = t("console.disconnected", { time: elapsed(el.dataset.since) });
  }
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
  // Exchanged: the code leaves the address bar and the history (a shared screen, a photo, the next user of the
  // device); this tab keeps it so that a reload exchanges it again (docs/security.md).
  try {
    sessionStorage.setItem(InvitationKey, code);
  } catch {
    // Storage refused (private mode): a reload then needs the link again.
  }
  history.replaceState(null, "", VisitPath);
  await enter(session);
}

const InvitationKey = "vv.invitation";
const VisitPath = "/visit";

function storedInvitation(): string | null {
  try {
    return sessionStorage.getItem(InvitationKey);
  } catch {
    return null;
  }
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
    iceConfiguration: () => iceConfiguration(session.token),
  }, session.role, (state) => store.update({ media: state }), (cameras) => store.update({ cameras }));
  connection = new VisitConnection(session.visitId, session.token, {
    subscribeOffer: (offer) => void media?.onSubscribeOffer(offer),
    reconnected: () => {
      // The lobby view that follows the new join starts publishing again.
      media?.reset();
      publishing = false;
      // What the server said about others' links was for the old connection; it tells the new one again.
      store.update({ linkLost: [] });
      media?.setLinkLost([]);
    },
    lobby: (lobby) => {
      // The press is kept by the server once it shows in the view; it is gone again when a supervisor acknowledged it.
      const before = store.get();
      const helpState = lobby.helpPending ? "sent" : before.lobby?.helpPending && before.help === "sent" ? "idle" : before.help;
      // Muted by the supervisor: a message that stays until the person closes it (the pill stays while muted).
      const muted = lobby.audioMuted && !before.lobby?.audioMuted ? "audio" : lobby.videoMuted && !before.lobby?.videoMuted ? "video" : undefined;
      const muteToast = muted ?? (before.muteToast === "audio" && !lobby.audioMuted || before.muteToast === "video" && !lobby.videoMuted ? undefined : before.muteToast);
      store.update({ lobby, help: helpState, muteToast: before.lobby ? muteToast : undefined });
      media?.setMutedOthers(lobby.mutedOthers ?? []);
      void startPublishing();
    },
    presence: (presence) => {
      // The server keeps stop/help presses until a supervisor acknowledges them: what it says now is the list.
      const helpAlerts = presence.help ?? store.get().helpAlerts;
      store.update({ presence, helpAlerts });
      soundNewHelpAlerts(helpAlerts);
    },
    warning: (warning) => store.update({ warning }),
    attention: (request) => {
      store.update({ attentionAlerts: [...store.get().attentionAlerts.filter((a) => a.participantId !== request.participantId), request] });
      alertSupervisor();
    },
    help: (request) => {
      const helpAlerts = [...store.get().helpAlerts.filter((a) => a.participantId !== request.participantId), request];
      store.update({ helpAlerts });
      soundNewHelpAlerts(helpAlerts);
    },
    timeWarning: (minutes) => store.update({ timeWarning: minutes }),
    linkLost: (participants) => {
      store.update({ linkLost: participants });
      media?.setLinkLost(participants.map((p) => p.participantId));
    },
    recordingFailed: (failure) => {
      store.update({ recordingFailed: failure });
      alertSupervisor();
    },
    connection: (status, code) => {
      store.update({ connection: status });
      if (status === "closed" && code) store.update({ page: "error", error: { code } });
    },
  });
  try {
    const result = await connection.start();
    store.update({ page: staff ? "console" : "family", lobby: result.lobby, presence: result.presence ?? undefined,
      helpAlerts: result.presence?.help ?? [], help: result.lobby.helpPending ? "sent" : "idle" });
    soundNewHelpAlerts(store.get().helpAlerts);
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
  root.replaceChildren(); // the frame (title, language switch) is drawn again around the kept console
  notes.relabel();
  media?.relabel();
  render();
});
installSnapshot(store, () => media?.remotes() ?? [], () => media?.srtpCiphers() ?? Promise.resolve({ publish: null, subscribe: null }),
  () => media?.sending() ?? Promise.resolve(null));
setInterval(tick, 1000);
document.documentElement.lang = lang();

const match = /^\/j\/([^/]+)\/?$/.exec(location.pathname);
const consoleMatch = /^\/console\/([^/]+)\/?$/.exec(location.pathname);
const reloaded = location.pathname === VisitPath ? storedInvitation() : null;
if (match) {
  void join(decodeURIComponent(match[1]));
} else if (reloaded) {
  void join(reloaded);
} else if (consoleMatch) {
  void openConsole(decodeURIComponent(consoleMatch[1]));
} else if (staffPage) {
  void import("./staff/app").then((staff) => staff.startStaff(root));
} else {
  render();
}
