import type { ExchangeResponse } from "../api";

/** The staff REST API (/api, described at /openapi/v1.json) with the login kept for this tab only. */

export type StaffRole = "coordinator" | "supervisor" | "observer";

export interface StaffSession {
  token: string; expiresAt: string; role: StaffRole; displayName: string; accountId: string; passwordChangeRequired: boolean;
}
export interface StaffAccount {
  id: string; userName: string; displayName: string; role: StaffRole; status: "active" | "disabled";
  disabledAt: string | null; lockedUntil: string | null; passwordChangeRequired: boolean;
}
export interface Family { id: string; childName: string; parentName: string; guardianContact: string | null; archivedAt: string | null }
export interface FamilyInput { childName: string; parentName: string; guardianContact: string }
export interface Seat { id: string; role: string; displayName: string; invitationState: "active" | "revoked" | "none" }
export interface Visit {
  id: string; title: string; startsAt: string; endsAt: string; status: string; phase: "upcoming" | "live" | "past";
  recordingAllowed: boolean; participants: Seat[];
}
/** A visit where this account holds the supervisor's or the observer's seat, and whether its console can be opened now. */
export interface MyVisit { visit: Visit; seatRole: "supervisor" | "observer"; consoleOpensAt: string; consoleOpen: boolean }
export interface InvitationLink { participantId: string; role: string; displayName: string; url: string; qrCodePng: string }
export interface RecordEntry { at: string; kind: string; actorRole: string | null; actor: string | null; subject: string | null; detail: string | null; incident: boolean }
export interface VisitRecord {
  visitId: string; title: string; status: string; scheduledStart: string; scheduledEnd: string; scheduledMinutes: number;
  startedAt: string | null; endedAt: string | null; actualMinutes: number | null;
  participants: { id: string; role: string; displayName: string; minutesPresent: number }[];
  timeline: RecordEntry[]; notes: RecordEntry[]; incidents: RecordEntry[];
}

export interface Recording { name: string }
/** A signed link to one recording: a media element cannot send the bearer token, so it is given this instead. */
export interface PlaybackLink { url: string; expiresAt: string }

export class StaffApiError extends Error {
  /** `field`: the request field a validation refusal names (e.g. "childName"), for the form to point at. */
  constructor(readonly status: number, readonly code: string, readonly detail: string, readonly field?: string,
    readonly details: Record<string, unknown> = {}) {
    super(code);
  }
}

// sessionStorage: a staff login ends with the tab, which matters on a shared office computer.
const key = "videovisit.staff";
const endedKey = "videovisit.staff.ended";

/** Why the server ended this tab's login (account_disabled, session_revoked), told once on the sign-in page. */
export function takeEndedReason(): string | null {
  const code = sessionStorage.getItem(endedKey);
  sessionStorage.removeItem(endedKey);
  return code;
}

export function session(): StaffSession | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(key) ?? "null") as StaffSession | null;
    return s && new Date(s.expiresAt) > new Date() ? s : null;
  } catch {
    return null;
  }
}

export function signOut(): void {
  sessionStorage.removeItem(key);
}

export async function signIn(userName: string, password: string): Promise<StaffSession> {
  const s = await call<StaffSession>("POST", "/api/auth/login", { userName, password }, false);
  sessionStorage.setItem(key, JSON.stringify(s));
  return s;
}

/** Changing one's password ends every other login of the account; this tab goes on with the fresh token. */
export async function changeOwnPassword(currentPassword: string, newPassword: string): Promise<StaffSession> {
  const s = await call<StaffSession>("POST", "/api/me/password", { currentPassword, newPassword });
  sessionStorage.setItem(key, JSON.stringify(s));
  return s;
}

async function send(method: string, path: string, body?: unknown, auth = true): Promise<Response> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const s = session();
  if (auth && s) headers.Authorization = `Bearer ${s.token}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "omit" });
  if (!response.ok) {
    let problem: Record<string, unknown> = {};
    try { problem = await response.json(); } catch { /* not JSON */ }
    const code = typeof problem.code === "string" ? problem.code : String(response.status);
    if (response.status === 401 && auth) {
      signOut();
      sessionStorage.setItem(endedKey, code);
    }
    throw new StaffApiError(response.status, code, typeof problem.detail === "string" ? problem.detail : "",
      typeof problem.field === "string" ? problem.field : undefined, problem);
  }
  return response;
}

async function call<T>(method: string, path: string, body?: unknown, auth = true): Promise<T> {
  const response = await send(method, path, body, auth);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const api = {
  staff: () => call<StaffAccount[]>("GET", "/api/staff"),
  addStaff: (a: { userName: string; displayName: string; role: StaffRole; password: string }) => call<StaffAccount>("POST", "/api/staff", a),
  updateStaff: (id: string, change: { displayName?: string; role?: StaffRole }) =>
    call<StaffAccount>("PATCH", `/api/staff/${encodeURIComponent(id)}`, change),
  disableStaff: (id: string) => call<StaffAccount>("POST", `/api/staff/${encodeURIComponent(id)}/disable`),
  enableStaff: (id: string) => call<StaffAccount>("POST", `/api/staff/${encodeURIComponent(id)}/enable`),
  resetPassword: (id: string, password: string) => call<void>("POST", `/api/staff/${encodeURIComponent(id)}/password`, { password }),
  families: (archived = false) => call<Family[]>("GET", `/api/families${archived ? "?archived=true" : ""}`),
  addFamily: (f: FamilyInput) => call<Family>("POST", "/api/families", f),
  updateFamily: (id: string, f: FamilyInput) => call<Family>("PUT", `/api/families/${encodeURIComponent(id)}`, f),
  archiveFamily: (id: string) => call<Family>("POST", `/api/families/${encodeURIComponent(id)}/archive`),
  restoreFamily: (id: string) => call<Family>("POST", `/api/families/${encodeURIComponent(id)}/restore`),
  visits: (phase: string) => call<Visit[]>("GET", `/api/visits?phase=${phase}`),
  schedule: (v: { familyId: string; title: string; startsAt: string; endsAt: string; supervisorId: string; observerId: string | null; recordingAllowed: boolean }) =>
    call<{ visit: Visit; links: InvitationLink[] }>("POST", "/api/visits", v),
  cancel: (visitId: string) => call<Visit>("POST", `/api/visits/${encodeURIComponent(visitId)}/cancel`),
  resend: (visitId: string, participantId: string) =>
    call<InvitationLink>("POST", `/api/visits/${encodeURIComponent(visitId)}/participants/${encodeURIComponent(participantId)}/invitation`),
  revoke: (visitId: string, participantId: string) =>
    call<void>("DELETE", `/api/visits/${encodeURIComponent(visitId)}/participants/${encodeURIComponent(participantId)}/invitation`),
  /** Hands the supervisor's seat to another account: the old seat's links stop working, the new seat's link is returned once. */
  reassignSupervisor: (visitId: string, accountId: string) =>
    call<{ visit: Visit; changed: boolean; links: InvitationLink[] }>("PUT", `/api/visits/${encodeURIComponent(visitId)}/supervisor`, { accountId }),
  myVisits: () => call<MyVisit[]>("GET", "/api/me/visits"),
  /** The participant token of this account's seat, the same as the seat's emailed link gives. */
  consoleSession: (visitId: string) => call<ExchangeResponse>("POST", `/api/visits/${encodeURIComponent(visitId)}/console-session`),
  record: (visitId: string) => call<VisitRecord>("GET", `/api/visits/${encodeURIComponent(visitId)}/record`),
  recordings: (visitId: string) => call<Recording[]>("GET", `/api/visits/${encodeURIComponent(visitId)}/recordings`),
  playback: (visitId: string, name: string, download = false) =>
    call<PlaybackLink>("POST", `/api/visits/${encodeURIComponent(visitId)}/recordings/${encodeURIComponent(name)}/playback${download ? "?download=true" : ""}`),
  recordHtml: async (visitId: string, lang: string) =>
    (await send("GET", `/api/visits/${encodeURIComponent(visitId)}/record.html?lang=${lang}`)).blob(),
};
