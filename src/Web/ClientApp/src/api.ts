/** The host's REST API, as the client uses it. Errors are RFC 9457 problem details with a `code`. */

export interface VisitSummary { title: string; startsAt: string; endsAt: string }

export interface ExchangeResponse {
  token: string;
  expiresAt: string;
  visitId: string;
  participantId: string;
  role: Role;
  displayName: string;
  visit: VisitSummary;
}

export type Role = "supervisor" | "parent" | "child" | "observer";

export class ApiError extends Error {
  constructor(readonly code: string, readonly status: number, readonly details: Record<string, unknown> = {}) {
    super(code);
  }
}

export async function exchangeInvitation(code: string): Promise<ExchangeResponse> {
  let response: Response;
  try {
    response = await fetch("/api/invitations/exchange", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ code }),
      credentials: "omit",
    });
  } catch {
    throw new ApiError("network", 0);
  }
  if (!response.ok) {
    let problem: Record<string, unknown> = {};
    try { problem = await response.json(); } catch { /* not JSON: keep the status */ }
    throw new ApiError(typeof problem.code === "string" ? problem.code : "generic", response.status, problem);
  }
  return response.json() as Promise<ExchangeResponse>;
}

/**
 * The ICE servers and transport policy for a new media connection (TURN credentials are short-lived: asked for each
 * time). Fails rather than guessing: with a relay-only policy, a connection made without it would reveal the address.
 */
export async function iceConfiguration(token: string): Promise<RTCConfiguration> {
  const response = await fetch("/api/ice", { headers: { Authorization: `Bearer ${token}` }, credentials: "omit", cache: "no-store" });
  if (!response.ok) throw new ApiError("ice_unavailable", response.status);
  const body = await response.json() as { iceServers: { urls: string[]; username?: string; credential?: string }[]; iceTransportPolicy: RTCIceTransportPolicy };
  return {
    iceServers: body.iceServers.map((s) => ({ urls: s.urls, username: s.username ?? undefined, credential: s.credential ?? undefined })),
    iceTransportPolicy: body.iceTransportPolicy,
  };
}
