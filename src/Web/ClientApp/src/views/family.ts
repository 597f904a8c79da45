import { h } from "../dom";
import { formatTime, hasKey, t, type MessageKey } from "../i18n/i18n";
import type { AppState } from "../store";
import { picture, type PictureName } from "./icons";
import { recordingNotice } from "./recording";
import { minutesLeft, timeLeft } from "./time";

export interface FamilyActions {
  acknowledgeRecording(): void;
  dismissWarning(): void;
  dismissMuteToast(): void;
  leave(): void;
  askSupervisor(): void;
  flipCamera(): void;
}

type StatusKey = "waitingSupervisor" | "waitingAdmission" | "live" | "paused" | "pausedAway" | "ended" | "removed" | "secondDevice";

/**
 * The parent's and the child's page. In a live visit the other family member fills the screen (the supervisor a small
 * picture in a corner, one's own mirrored picture in the other), with the status as small pills and banners over the
 * top; otherwise one big, calm message about where the visit is. The child's stop/help button is docked outside this
 * page (./help.ts).
 */
export function familyView(state: AppState, actions: FamilyActions, stage: HTMLElement | null): HTMLElement {
  const lobby = state.lobby;
  const visitState = lobby?.state ?? "lobby";
  const session = state.session!;
  const child = session.role === "child";
  const key = statusKey(state);
  const endsAt = lobby?.endsAt ?? session.visit.endsAt;
  const endingSoon = (state.timeWarning !== undefined || (lobby?.endingSoon ?? false)) && visitState !== "ended";
  // The child sees no countdown until the last five minutes; a parent sees it as a small pill.
  const left = visitState === "ended" || (child && !endingSoon) ? null : timeLeft(endsAt);
  const immersive = visitState === "live" && stage !== null;
  // The child's time: a picture (a shrinking disc) in the last five minutes instead of numbers; ticked in main.ts.
  // (Set through the style object: the page's content security policy allows no inline style attribute.)
  const pictureTimer = child && endingSoon && endsAt
    ? h("span", { class: "picture-timer", role: "img", "aria-label": t("child.pictureTimer"), "data-testid": "picture-timer", "data-ends-at": endsAt }) : null;
  pictureTimer?.style.setProperty("--left", String(fractionLeft(endsAt)));
  const countdown = left && !child ? h("span", { class: "countdown pill", "data-testid": "countdown", "data-ends-at": endsAt }, t("family.timeLeft", { time: left })) : null;

  const banners = h("div", { class: "banners" },
    state.warning ? h("div", { class: "banner warning", role: "alert", "data-testid": "warning-banner" },
      h("strong", {}, text("family.warning", child)), h("p", {}, state.warning.text),
      h("button", { type: "button", onclick: () => actions.dismissWarning() }, text("family.warning.close", child))) : null,
    endingSoon
      ? h("div", { class: "banner time", role: "status", "data-testid": "time-warning" },
        t(child ? "child.timeWarning" : "family.timeWarning", { minutes: minutesLeft(endsAt) })) : null,
    state.muteToast && visitState !== "ended" ? h("div", { class: "banner mute-toast", role: "status", "data-testid": "mute-toast" },
      h("p", {}, text(`family.muteToast.${state.muteToast}`, child)),
      h("button", { type: "button", "data-testid": "mute-toast-close", onclick: () => actions.dismissMuteToast() }, text("family.warning.close", child))) : null,
    visitState !== "ended" ? recordingNotice(lobby?.recording, lobby?.recordingAcknowledged ?? false, () => actions.acknowledgeRecording()) : null,
  );
  const leave = visitState !== "ended"
    ? h("button", { type: "button", class: "leave", "data-testid": "leave", onclick: () => actions.leave() }, text("family.leave", child)) : null;
  // A phone with a front and a back camera: turn round (e.g. to show a drawing), without leaving the visit.
  const flip = state.cameras > 1 && visitState !== "ended" && !lobby?.secondDevice
    ? h("button", { type: "button", class: "pill-button flip", "data-testid": "flip-camera", "aria-label": text("family.flipCamera", child),
      onclick: () => actions.flipCamera() }, picture("flip", 18), h("span", {}, text("family.flipCamera", child))) : null;
  // The parent can ask the supervisor to look (the child has the stop/help button instead); staff alone are told.
  const ask = !child && visitState !== "ended" && !lobby?.secondDevice && !lobby?.removed
    ? h("button", { type: "button", class: "pill-button ask", "data-testid": "ask-supervisor", "data-state": state.attention,
      disabled: state.attention === "sending", onclick: () => actions.askSupervisor() },
    picture("hand", 18), h("span", {}, t(state.attention === "sending" ? "family.askSupervisor.sending" : "family.askSupervisor"))) : null;
  const askStatus = !child && (state.attention === "sent" || state.attention === "wait" || state.attention === "failed")
    ? h("span", { class: `pill ask-status ask-${state.attention}`, role: "status", "data-testid": "ask-status", "data-state": state.attention },
      t(`family.askSupervisor.${state.attention}`)) : null;
  const mutes = [
    lobby?.audioMuted ? h("span", { class: "pill muted-note", "data-testid": "muted-audio" }, t(child ? "child.muted.audio" : "family.muted.audio")) : null,
    lobby?.videoMuted ? h("span", { class: "pill muted-note", "data-testid": "muted-video" }, t(child ? "child.muted.video" : "family.muted.video")) : null,
  ];

  if (immersive) {
    return h("section", { class: `family immersive state-${visitState}`, "data-testid": "family-page", "data-state": visitState, "data-role": session.role },
      stage,
      // Shown (by the style sheet) only while the other family member's picture is not there.
      h("p", { class: "waiting-other", "data-testid": "waiting-other" }, text("family.otherNotHere", child)),
      h("div", { class: "overlay-top" },
        h("div", { class: "pills" },
          h("span", { class: "pill state-pill", "data-testid": "lobby-status", "data-status": key }, title(key, child)),
          countdown, pictureTimer, ...mutes, ask, askStatus, flip, leave),
        banners),
    );
  }

  const body = key === "paused" && lobby?.asideWithMe ? text("lobby.body.aside", child)
    : key === "paused" && lobby?.asideWithOther ? text("lobby.body.asideOther", child) : text(`lobby.body.${key}`, child);
  return h("section", { class: `family state-${visitState}`, "data-testid": "family-page", "data-state": visitState, "data-role": session.role },
    banners,
    stage && visitState !== "ended" ? stage : null,
    h("div", { class: "status-card", "data-testid": "lobby-status", "data-status": key },
      h("div", { class: `status-icon icon-${key}`, "aria-hidden": "true", "data-testid": "status-picture" }, picture(statePicture(key, lobby?.asideWithMe ?? false, lobby?.asideWithOther ?? false), 44)),
      h("h1", {}, title(key, child)),
      h("p", { class: "status-body" }, body),
      countdown, pictureTimer,
    ),
    h("div", { class: "pills" }, ...mutes, ask, askStatus, flip, leave),
    h("p", { class: "me" }, t(child ? "child.lobby.you" : "lobby.you", { name: session.displayName })),
    child ? null : h("p", { class: "window" }, t("lobby.window", { start: formatTime(session.visit.startsAt), end: formatTime(endsAt) })),
  );
}

/** The picture for a state: what a child who cannot read yet sees. */
function statePicture(key: StatusKey, asideWithMe: boolean, asideWithOther: boolean): PictureName {
  switch (key) {
    case "live": return "live";
    case "paused": return asideWithMe || asideWithOther ? "aside" : "paused";
    case "pausedAway": return "paused";
    case "ended": case "removed": return "ended";
    case "secondDevice": return "device";
    default: return "waiting";
  }
}

/** The share of the last five minutes still left (1 at five minutes, 0 at the end). */
export function fractionLeft(endsAt: string, now = Date.now()): number {
  return Math.max(0, Math.min(1, (new Date(endsAt).getTime() - now) / 300_000));
}

/** The state in a few words, for the page's live region. */
export function familyStatusText(state: AppState): string {
  const child = state.session?.role === "child";
  const key = statusKey(state);
  return key === "paused" && state.lobby?.asideWithMe ? text("lobby.body.aside", child)
    : key === "paused" && state.lobby?.asideWithOther ? text("lobby.body.asideOther", child) : title(key, child);
}

/** The child's words where there are any (hiragana, short), else the family's. */
function text(key: string, child: boolean): string {
  return t((child && hasKey(`child.${key}`) ? `child.${key}` : key) as MessageKey);
}

function title(key: StatusKey, child: boolean): string {
  return text(`lobby.title.${key}`, child);
}

function statusKey(state: AppState): StatusKey {
  const lobby = state.lobby;
  if (!lobby) return "waitingSupervisor";
  if (lobby.removed) return "removed";
  switch (lobby.state) {
    case "ended": return "ended";
    case "paused": return lobby.pauseReason === "supervisor_away" ? "pausedAway" : "paused";
    case "live": return "live";
    default:
      if (lobby.secondDevice) return "secondDevice";
      return lobby.supervisorPresent ? "waitingAdmission" : "waitingSupervisor";
  }
}

/**
 * Sizes each full-screen picture between "whole picture" and "fill the screen": the smallest scale at which it covers
 * 60 % of its box, cropping at most 35 % of the picture either way (so a face is not cut off), centred.
 */
export function fitPictures(stage: HTMLElement | null): void {
  if (!stage) return;
  watch(stage);
  for (const video of stage.querySelectorAll<HTMLVideoElement>(".tile:not(.role-supervisor) video")) {
    if (!fitted.has(video)) {
      fitted.add(video);
      video.addEventListener("resize", () => fitPictures(stage));
      video.addEventListener("loadedmetadata", () => fitPictures(stage));
    }
    const box = video.parentElement!.getBoundingClientRect();
    const immersive = stage.closest(".immersive") !== null;
    const vw = video.videoWidth, vh = video.videoHeight;
    if (!immersive || !vw || !vh || !box.width || !box.height) {
      video.style.removeProperty("width");
      video.style.removeProperty("height");
      video.classList.remove("fitted");
      continue;
    }
    const contain = Math.min(box.width / vw, box.height / vh);
    const cover = Math.max(box.width / vw, box.height / vh);
    const maxCrop = Math.min(box.width / (vw * 0.65), box.height / (vh * 0.65));
    const covered = (s: number) => (Math.min(vw * s, box.width) * Math.min(vh * s, box.height)) / (box.width * box.height);
    let scale = contain;
    const limit = Math.max(contain, Math.min(cover, maxCrop));
    while (scale < limit && covered(scale) < 0.6) scale = Math.min(limit, scale * 1.02);
    video.classList.add("fitted");
    video.style.width = `${Math.round(vw * scale)}px`;
    video.style.height = `${Math.round(vh * scale)}px`;
  }
}

const fitted = new WeakSet<HTMLVideoElement>();
const watched = new WeakSet<HTMLElement>();

/** Pictures are fitted again whenever a tile comes or goes (the media session adds them) or the stage changes size. */
function watch(stage: HTMLElement): void {
  if (watched.has(stage)) return;
  watched.add(stage);
  let queued = false;
  const again = () => {
    if (queued) return;
    queued = true;
    setTimeout(() => { queued = false; fitPictures(stage); }, 0);
  };
  new MutationObserver(again).observe(stage, { childList: true, subtree: true });
  new ResizeObserver(again).observe(stage);
}
