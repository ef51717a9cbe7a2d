// What sending one outbox message came to, as the scheduler needs it. A deliverer knows how to
// send one kind with the city client and records the city's answer; the scheduler (worker.ts)
// decides what happens next: the next message, a backoff, parking, or stopping on a 401.
import { isTransient, type CityError } from '../../city-client/city-errors';
import type { MessageRow } from '../../outbox/types';

export type Delivery =
  /** The city has it and the outbox recorded its answer. */
  | { readonly kind: 'delivered' }
  /**
   * Not now (no answer, 408/429/5xx, an answer that did not parse): the message backs off, at
   * least retryAfterMs. progressed: part of it got through this time (an upload finished), so
   * its backoff starts again from the shortest.
   */
  | { readonly kind: 'retry'; readonly error: string; readonly retryAfterMs?: number; readonly offline: boolean; readonly progressed?: boolean }
  /** Refused for good (other 4xx) or impossible to send: parked for a technician. */
  | { readonly kind: 'refused'; readonly code: string; readonly reason: string }
  /** 401: sync stops until the device is enrolled again. */
  | { readonly kind: 'unauthorized' };

export interface Deliverer {
  deliver(m: MessageRow): Promise<Delivery>;
}

export const DELIVERED: Delivery = { kind: 'delivered' };

export const retryLater = (error: string, opts: { retryAfterMs?: number; offline?: boolean } = {}): Delivery => ({
  kind: 'retry', error, offline: opts.offline ?? false, ...(opts.retryAfterMs !== undefined ? { retryAfterMs: opts.retryAfterMs } : {}),
});

export const refused = (code: string, reason: string): Delivery => ({ kind: 'refused', code, reason });

/** The contract's rule: retry what may succeed later, park what will not, stop on 401. */
export function deliveryOf(e: CityError): Delivery {
  if (e.code === 'unauthorized') return { kind: 'unauthorized' };
  if (isTransient(e)) return retryLater(e.message, { offline: e.code === 'network', ...(e.code === 'status' && e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}) });
  if (e.code === 'status') return refused(e.cityCode, e.reason);
  return retryLater(e.message);
}
