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
