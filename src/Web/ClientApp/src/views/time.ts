/** "12:34" for the time left until `endsAt` (never negative). */
export function timeLeft(endsAt: string | null | undefined, now = Date.now()): string | null {
  if (!endsAt) return null;
  const seconds = Math.max(0, Math.floor((new Date(endsAt).getTime() - now) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** Whole minutes left, rounded up (a warning never says "0 minutes" while time remains). */
export function minutesLeft(endsAt: string | null | undefined, now = Date.now()): number {
  if (!endsAt) return 0;
  return Math.max(0, Math.ceil((new Date(endsAt).getTime() - now) / 60000));
}

/** "0:07" for the time since <since> (never negative): how long someone's connection has been lost. */
export function elapsed(since: string | null | undefined, now = Date.now()): string {
  const seconds = since ? Math.max(0, Math.floor((now - new Date(since).getTime()) / 1000)) : 0;
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
