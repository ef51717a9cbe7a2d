/** Capped exponential backoff with "equal jitter": between half and all of min(cap, base·2^(n-1)). */
export function backoffDelay(failures: number, baseMs: number, capMs: number, random: () => number): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(30, failures - 1)));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. Capped at one hour. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(3_600_000, Number(v) * 1000);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return Math.min(3_600_000, Math.max(0, t - nowMs));
}
