// How the link to the city is doing, from what its recent requests came to. Every HTTP attempt
// (JSON exchange, upload request, probe) records one outcome here; the sync worker, the top bar
// and the maintenance panel read one verdict from it:
//   online    the city answers, nearly always as the contract says;
//   degraded  the city answers, but slowly or with errors (N % of recent requests);
//   offline   no answer at all: several requests in a row went unanswered and nothing has
//             been heard from the city for a while.
// A city that answers 503 is not offline: it is there, and its answers are what tells us when it
// is well again. The request time-outs follow the latencies seen here, so a stalled request
// costs a few times a normal answer, not a fixed half minute.
import { systemClock, type Clock } from '../../common/clock';

/** ok: an answer as the contract says (2xx, or a 4xx refusal); error: 5xx, 408, 429 or an answer that did not parse; none: no answer. */
export type LinkOutcome = 'ok' | 'error' | 'none';

export type LinkLevel = 'unknown' | 'online' | 'degraded' | 'offline';

export interface LinkHealthView {
  readonly level: LinkLevel;
  /** Share of recent requests that failed (error or no answer), 0–100, rounded. */
  readonly failedPercent: number;
  /** The median answer of recent requests took at least slowMs. */
  readonly slow: boolean;
  /** How many recent requests the verdict rests on. */
  readonly recent: number;
  readonly lastAnswerAt: string | null;
}

export interface LinkHealthOptions {
  clock?: Clock;
  /** At most this many recent requests count (20). */
  windowSize?: number;
  /** Only requests this recent count (60 s); the last one always does. */
  windowMs?: number;
  /** Offline: at least this many unanswered requests in a row (3)… */
  offlineAfterMisses?: number;
  /** …and no answer for this long (5 s). */
  offlineAfterMs?: number;
  /** Degraded from this share of failed requests (10 %), and at least two failures. */
  degradedPercent?: number;
  /** Degraded when the median answer takes this long (3 s). */
  slowMs?: number;
}

interface Sample {
  readonly at: number;
  readonly outcome: LinkOutcome;
  /** Time to the answer; null when there was none. */
  readonly latencyMs: number | null;
}

export const UNKNOWN_LINK: LinkHealthView = { level: 'unknown', failedPercent: 0, slow: false, recent: 0, lastAnswerAt: null };

/** The q-quantile (0–1) of a non-empty list, nearest rank. */
function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

export class LinkHealth {
  readonly #clock: Clock;
  readonly #size: number;
  readonly #windowMs: number;
  readonly #offlineMisses: number;
  readonly #offlineMs: number;
  readonly #degradedPercent: number;
  readonly #slowMs: number;
  #samples: Sample[] = [];
  #missesInARow = 0;
  #lastAnswerAt: number | null = null;
  #view: LinkHealthView = UNKNOWN_LINK;
  readonly #listeners = new Set<(v: LinkHealthView) => void>();

  constructor(o: LinkHealthOptions = {}) {
    this.#clock = o.clock ?? systemClock;
    this.#size = o.windowSize ?? 20;
    this.#windowMs = o.windowMs ?? 60_000;
    this.#offlineMisses = o.offlineAfterMisses ?? 3;
    this.#offlineMs = o.offlineAfterMs ?? 5_000;
    this.#degradedPercent = o.degradedPercent ?? 10;
    this.#slowMs = o.slowMs ?? 3_000;
  }

  /** Records one request's outcome and updates the verdict. */
  record(outcome: LinkOutcome, latencyMs: number | null): void {
    const at = this.#clock.now().getTime();
    this.#samples.push({ at, outcome, latencyMs: outcome === 'none' ? null : latencyMs });
    if (this.#samples.length > this.#size) this.#samples.shift();
    if (outcome === 'none') this.#missesInARow++;
    else {
      // Back from offline: the unanswered requests were the outage, now over, not a city answering badly.
      if (this.#view.level === 'offline') this.#samples = this.#samples.filter((x) => x.outcome !== 'none');
      this.#missesInARow = 0;
      this.#lastAnswerAt = at;
    }
    this.#update();
  }

  view(): LinkHealthView {
    return this.#view;
  }

  /** Calls listener on every change of the verdict; returns the unsubscribe function. */
  onChange(listener: (v: LinkHealthView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * A time-out that fits a small exchange on this link: several times the slow end of recent
   * answers, never under floorMs nor over capMs (floorMs is lowered to capMs when capMs is smaller).
   * Before three answers are known, a third of capMs: a first request that stalls costs that, not all of it.
   */
  timeoutMs(floorMs: number, capMs: number): number {
    const answered = this.#recent().flatMap((s) => (s.latencyMs === null ? [] : [s.latencyMs]));
    const fit = answered.length >= 3 ? 8 * quantile(answered, 0.9) : capMs / 3;
    return Math.round(Math.min(capMs, Math.max(Math.min(floorMs, capMs), fit)));
  }

  #recent(): Sample[] {
    const since = this.#clock.now().getTime() - this.#windowMs;
    const recent = this.#samples.filter((s) => s.at >= since);
    return recent.length ? recent : this.#samples.slice(-1);
  }

  #update(): void {
    const recent = this.#recent();
    const now = this.#clock.now().getTime();
    const failed = recent.filter((s) => s.outcome !== 'ok').length;
    const failedPercent = recent.length ? Math.round((failed / recent.length) * 100) : 0;
    const answered = recent.flatMap((s) => (s.latencyMs === null ? [] : [s.latencyMs]));
    const slow = answered.length > 0 && quantile(answered, 0.5) >= this.#slowMs;
    const silentFor = this.#lastAnswerAt === null ? Infinity : now - this.#lastAnswerAt;
    const offline = this.#missesInARow >= this.#offlineMisses && silentFor >= this.#offlineMs;
    const level: LinkLevel = offline ? 'offline' : slow || (failed >= 2 && failedPercent >= this.#degradedPercent) ? 'degraded' : 'online';
    const next: LinkHealthView = {
      level, failedPercent, slow, recent: recent.length, lastAnswerAt: this.#lastAnswerAt === null ? null : new Date(this.#lastAnswerAt).toISOString(),
    };
    const before = this.#view;
    this.#view = next;
    if (before.level === next.level && before.failedPercent === next.failedPercent && before.slow === next.slow) return;
    for (const l of this.#listeners) {
      try {
        l(next);
      } catch {
        /* a listener's failure is not the link's */
      }
    }
  }
}
