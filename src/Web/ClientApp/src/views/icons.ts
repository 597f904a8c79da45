/**
 * Small pictures drawn in the page itself (no image files, no emoji font needed): one per state a person can be in,
 * so a child who cannot read yet still sees what is happening. Static markup written here, never text from outside.
 */
const pictures = {
  /** The network: arcs and a dot, the last arc faded (reconnecting). */
  signal: `<path d="M3 9.5a13 13 0 0 1 18 0" opacity="0.35"/><path d="M6 13a8.5 8.5 0 0 1 12 0"/><path d="M9 16.4a4 4 0 0 1 6 0"/><circle cx="12" cy="19.6" r="1.3" fill="currentColor" stroke="none"/>`,
  /** Waiting: an hourglass. */
  waiting: `<path d="M7 3h10M7 21h10M8 3c0 5 8 6 8 9s-8 4-8 9M16 3c0 5-8 6-8 9s8 4 8 9"/><path d="M10 18.5h4" stroke-width="2.4"/>`,
  /** Talking together: two faces side by side. */
  live: `<circle cx="8" cy="10" r="4"/><circle cx="16.5" cy="10" r="4"/><path d="M3.5 20c.8-3 2.4-4.5 4.5-4.5s3.7 1.5 4.5 4.5M12 20c.8-3 2.4-4.5 4.5-4.5S20.2 17 21 20"/>`,
  /** A short break: a cup. */
  paused: `<path d="M5 9h11v5a5 5 0 0 1-5 5h-1a5 5 0 0 1-5-5z"/><path d="M16 10.5h1.5a2.5 2.5 0 0 1 0 5H16"/><path d="M8.5 3.5c-.8 1 .8 2 0 3M12 3.5c-.8 1 .8 2 0 3"/>`,
  /** Someone talks with me alone: a speech bubble. */
  aside: `<path d="M4 5h16v10H10l-4 4v-4H4z"/><path d="M8 9h8M8 12h5"/>`,
  /** The end: a waving hand. */
  ended: `<path d="M8 13V6.5a1.5 1.5 0 0 1 3 0V12M11 11V4.5a1.5 1.5 0 0 1 3 0V11M14 11V5.5a1.5 1.5 0 0 1 3 0V14c0 4-2.5 7-6 7-2.5 0-4-1.5-5.5-3.5L3.8 15a1.5 1.5 0 0 1 2.4-1.8L8 15"/>`,
  /** Another device: a phone. */
  device: `<rect x="7" y="2.5" width="10" height="19" rx="2"/><path d="M11 18.5h2"/>`,
  /** A microphone, crossed out. */
  micOff: `<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21"/><path d="M4 4l16 16" stroke-width="2.2"/>`,
  /** A camera, crossed out. */
  cameraOff: `<rect x="3" y="7" width="13" height="10" rx="2"/><path d="M16 10.5l5-3v9l-5-3"/><path d="M3 4l17 16" stroke-width="2.2"/>`,
  /** Turning round (flip the camera). */
  flip: `<path d="M4 12a8 8 0 0 1 13.7-5.6L20 8.5M20 4v4.5h-4.5M20 12a8 8 0 0 1-13.7 5.6L4 15.5M4 20v-4.5h4.5"/>`,
  /** A raised hand (ask the supervisor). */
  hand: `<path d="M8 13V6.5a1.5 1.5 0 0 1 3 0V12M11 11V4.5a1.5 1.5 0 0 1 3 0V11M14 11V5.5a1.5 1.5 0 0 1 3 0V14c0 4-2.5 7-6 7-2.5 0-4-1.5-5.5-3.5L3.8 15a1.5 1.5 0 0 1 2.4-1.8L8 15"/>`,
  /** A clock face (the picture timer's frame). */
  clock: `<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>`,
} as const;

export type PictureName = keyof typeof pictures;

export function picture(name: PictureName, size = 40): SVGSVGElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", String(size));
  svg.setAttribute("height", String(size));
  svg.setAttribute("fill", "none");
  svg.setAttribute("stroke", "currentColor");
  svg.setAttribute("stroke-width", "1.6");
  svg.setAttribute("stroke-linecap", "round");
  svg.setAttribute("stroke-linejoin", "round");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.dataset.picture = name;
  svg.innerHTML = pictures[name];
  return svg;
}
