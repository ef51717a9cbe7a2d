// Retrying one request in place, before the message it belongs to backs off. Most failures on a
// poor link are single: a dropped connection, one 503 from a busy gateway, a stalled answer.
// Asking again at once (after a short, jittered pause) gets most of them through without putting
// the whole dossier back in the queue. Every request the kiosk makes is idempotent (the ids are
// the idempotency keys), so asking again is always safe. A 429, or any answer with Retry-After,
// is not retried here: the city asked the whole device to wait, and the worker does.
import type { CityError } from './city-errors';

/** Tries of one request, the first included. */
export const REQUEST_ATTEMPTS = 4;

/** The pause before try n+1 (n ≥ 1): "equal jitter" up to 100 ms, then 300 ms, then 900 ms. */
export function retryPauseMs(triesSoFar: number, random: () => number): number {
  const base = 100 * 3 ** Math.max(0, triesSoFar - 1);
  return Math.round(base / 2 + (random() * base) / 2);
}

/** Whether asking again at once may help: no answer, 5xx or 408 without Retry-After, an answer cut short (not one too large). */
export function retryableInPlace(e: CityError): boolean {
  if (e.code === 'network') return true;
  if (e.code === 'malformed') return e.what !== 'size';
  if (e.code !== 'status') return false;
  return e.retryAfterMs === undefined && (e.status === 408 || e.status >= 500);
}

/** The time-out of try n+1 (n ≥ 0): doubled each time, so a slow answer is not cut off forever. */
export function escalatedTimeoutMs(baseMs: number, triesSoFar: number, capMs: number): number {
  return Math.min(Math.max(baseMs, capMs), baseMs * 2 ** triesSoFar);
}
