import { h } from "../dom";
import { lang } from "../i18n/i18n";
import { api, type PlaybackLink, type Recording } from "./api";
import { problemText } from "./app";
import { st } from "./i18n";

/** Recording names end with their start time: "{visit}-20261125T093000Z". */
function startOf(name: string): string | null {
  const m = /(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(name);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : null;
}

function label(name: string): string {
  const start = startOf(name);
  if (!start) return name;
  const at = new Date(start).toLocaleString(lang() === "ja" ? "ja-JP" : "en-GB", { dateStyle: "medium", timeStyle: "medium" });
  return st("staff.recordings.item", { start: at });
}

/**
 * The visit's recordings, for coordinators: played in the page or downloaded. Each press asks the server for a
 * short-lived signed link (a media element cannot send the login's bearer token); the server writes the access to
 * the visit's timeline before it answers (docs/safeguarding.md S9), and `onAccess` redraws the timeline to show it.
 */
export function recordingsSection(visitId: string, onAccess: () => void): HTMLElement {
  const list = h("ul", { class: "recording-list", "data-testid": "recordings" });
  const message = h("p", { class: "action-error", role: "alert", "data-testid": "recordings-error" });
  const caption = h("p", { class: "staff-hint", "data-testid": "recording-playing" });
  const video = h("video", {
    controls: true, playsinline: true, preload: "metadata", hidden: true, class: "recording-player", "data-testid": "recording-player",
  });
  // `loaded`: this link did play. Only such a link is renewed when it expires, so a link that never worked cannot loop.
  let current: { name: string; link: PlaybackLink; loaded: boolean } | null = null;

  async function play(name: string, resumeAt = 0): Promise<void> {
    message.textContent = "";
    let link: PlaybackLink;
    try {
      link = await api.playback(visitId, name);
    } catch (e) {
      message.textContent = problemText(e);
      return;
    }
    current = { name, link, loaded: false };
    onAccess();
    caption.textContent = st("staff.recordings.playing", { recording: label(name) });
    video.hidden = false;
    video.dataset.name = name;
    if (resumeAt > 0) video.addEventListener("loadedmetadata", () => { video.currentTime = resumeAt; }, { once: true });
    video.src = link.url;
    // Without a recent press the browser may refuse to start by itself: the player's own button still works.
    await video.play().catch(() => undefined);
  }

  async function download(name: string): Promise<void> {
    message.textContent = "";
    try {
      const link = await api.playback(visitId, name, true);
      const a = h("a", { href: link.url, download: `${name}.webm`, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      onAccess();
    } catch (e) {
      message.textContent = problemText(e);
    }
  }

  video.addEventListener("loadedmetadata", () => { if (current) current.loaded = true; });
  video.addEventListener("error", () => {
    // A link works for a few minutes; a fetch after that (a seek, a reload) is refused. A fresh link (a new timeline
    // entry) resumes where the player was.
    if (current?.loaded && new Date(current.link.expiresAt) <= new Date()) void play(current.name, video.currentTime);
    else message.textContent = st("staff.recordings.playerError");
  });

  function item(r: Recording): HTMLElement {
    return h("li", { class: "recording-item", "data-testid": "recording", "data-name": r.name },
      h("span", { class: "recording-name" }, label(r.name)),
      h("span", { class: "recording-buttons" },
        h("button", { type: "button", class: "primary", "data-testid": "recording-play", onclick: () => void play(r.name) }, st("staff.recordings.play")),
        h("button", { type: "button", "data-testid": "recording-download", onclick: () => void download(r.name) }, st("staff.recordings.download"))));
  }

  api.recordings(visitId).then((items) => {
    list.replaceChildren(...(items.length > 0 ? items.map(item)
      : [h("li", { class: "staff-hint", "data-testid": "recordings-none" }, st("staff.recordings.none"))]));
  }, (e: unknown) => { message.textContent = problemText(e); });

  return h("section", { class: "recordings", "data-testid": "recordings-section" },
    h("h2", {}, st("staff.recordings.title")),
    h("p", { class: "staff-hint" }, st("staff.recordings.logged")),
    list, message, caption, video);
}
