// The sync worker's state as the screens see it (the citizen's top bar, the maintenance panel,
// the status board): one value, replaced on every change, with listeners told of each new one.
import { UNKNOWN_LINK, type LinkHealthView } from '../city-client/link-health';

export type SyncAlert = { code: 'unauthorized'; message: string } | { code: 'parked-messages'; message: string } | null;

export interface SyncState {
  /** null until the first exchange with the city; false only when the city gives no answer at all (link.level offline). */
  readonly online: boolean | null;
  /** The link as recent requests found it: online, degraded (slow or N % failing), offline. */
  readonly link: LinkHealthView;
  /** false after a 401 (until setDeviceToken) or stop(). */
  readonly running: boolean;
  readonly pending: number;
  readonly parked: number;
  readonly oldestPendingAt: string | null;
  readonly lastError: string | null;
  readonly lastSuccessAt: string | null;
  readonly nextAttemptAt: string | null;
  readonly alert: SyncAlert;
}

export const INITIAL_SYNC_STATE: SyncState = {
  online: null, link: UNKNOWN_LINK, running: false, pending: 0, parked: 0, oldestPendingAt: null, lastError: null, lastSuccessAt: null, nextAttemptAt: null, alert: null,
};

export const UNAUTHORIZED_ALERT: SyncAlert = {
  code: 'unauthorized', message: 'The city refused this device token (401). Sync is stopped until a technician enrols the device again.',
};

export const parkedAlert = (parked: number): SyncAlert =>
  parked > 0 ? { code: 'parked-messages', message: `${parked} message(s) rejected by the city need a technician.` } : null;

/** "Online" as the screens have always read it: the city answers (well or badly). */
export const onlineOf = (link: LinkHealthView): boolean | null => (link.level === 'unknown' ? null : link.level !== 'offline');

export class SyncStateCell {
  #state: SyncState = INITIAL_SYNC_STATE;
  readonly #listeners = new Set<(s: SyncState) => void>();

  get(): SyncState {
    return this.#state;
  }

  /** Calls listener now and on every change; returns the unsubscribe function. */
  subscribe(listener: (s: SyncState) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#state);
    return () => this.#listeners.delete(listener);
  }

  /** Applies a change; listeners hear of it only when something actually changed. */
  set(patch: Partial<SyncState>): void {
    const next = { ...this.#state, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this.#state)) return;
    this.#state = next;
    for (const l of this.#listeners) {
      try {
        l(next);
      } catch {
        /* a listener's failure is not the worker's */
      }
    }
  }
}
