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
