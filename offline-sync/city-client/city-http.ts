// One JSON exchange with the city gateway: Bearer token, a time-out that fits the link, a capped
// answer, the answer classified into a value (the body, or a CityError), and a failure that may
// pass asked again in place (request-retry.ts). Every try is recorded in the link's health.
// Every exchange in flight can be aborted at once (the worker's stop()).
import { ok, err, type Result } from '../../common/result';
import { systemClock, type Clock } from '../../common/clock';
import { silentLogger, type Logger } from '../../common/logger';
import { errorBodySchema } from './city-schemas';
import { isRetryableStatus, malformedAnswer, unauthorizedError, type CityError } from './city-errors';
import { LinkHealth, type LinkOutcome } from './link-health';
import { escalatedTimeoutMs, REQUEST_ATTEMPTS, retryableInPlace, retryPauseMs } from './request-retry';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's timers, unref'd: a pending retry or time-out never keeps the process alive. */
export const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** A 2xx answer: its status and its parsed JSON body (null when empty or 204). */
export interface CityAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface CityHttpOptions {
  baseUrl: string;
  deviceToken: string;
  fetch?: FetchLike;
  timers?: Timers;
  clock?: Clock;
  /** Rejected answers are logged here (by event and reason, never the body); the worker passes its own ('sync'). */
  logger?: Logger;
  /** The longest time-out of one JSON exchange (30 s); it is shorter when the link answers fast. */
  requestTimeoutMs?: number;
  /** The shortest time-out of one JSON exchange (2 s), whatever the link's latencies. */
  requestTimeoutFloorMs?: number;
  /** Where every try's outcome is recorded (a new one when not given). */
  health?: LinkHealth;
  /** For the jitter of in-place retries (Math.random). */
  random?: () => number;
  /** Larger answers are refused unread (1 MB). */
  maxResponseBytes?: number;
}

class ResponseTooLarge extends Error {}

/** Per call: a fixed time-out (a citizen is waiting) and how many tries (1: none again). */
export interface RequestOptions {
  readonly timeoutMs?: number;
  readonly attempts?: number;
  /** Sent besides the token and content headers (tus's Tus-Resumable). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * A person's sign-in (staff PIN): its 401 with a city code of its own (wrong_pin…) refuses
   * the person, not the device, so it is an error status with its details, not `unauthorized`.
   */
  readonly signIn?: boolean;
}

/** What a CityError says of the link: an answer that failed, or none at all. */
export function outcomeOf(r: Result<unknown, CityError>): LinkOutcome {
  if (r.ok) return 'ok';
  const e = r.error;
  if (e.code === 'network') return 'none';
  if (e.code === 'malformed') return 'error';
  if (e.code === 'status' && isRetryableStatus(e.status)) return 'error';
  return 'ok'; // 401 and other 4xx: the city answered as the contract says
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

export class CityHttp {
  readonly baseUrl: string;
  readonly timers: Timers;
  readonly log: Logger;
  readonly health: LinkHealth;
  #token: string;
  readonly #fetch: FetchLike;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #timeoutFloorMs: number;
  readonly #random: () => number;
  readonly #maxBytes: number;
  readonly #aborters = new Set<() => void>();

  constructor(o: CityHttpOptions) {
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
    this.#token = o.deviceToken;
    this.#fetch = o.fetch ?? ((u, i) => fetch(u, i));
    this.timers = o.timers ?? realTimers;
    this.#clock = o.clock ?? systemClock;
    this.log = o.logger ?? silentLogger;
    this.#timeoutMs = o.requestTimeoutMs ?? 30_000;
    this.#timeoutFloorMs = o.requestTimeoutFloorMs ?? 2_000;
    this.#random = o.random ?? Math.random;
    this.health = o.health ?? new LinkHealth({ clock: this.#clock });
    this.#maxBytes = o.maxResponseBytes ?? 1024 * 1024;
  }

  get deviceToken(): string {
    return this.#token;
  }

  setDeviceToken(token: string): void {
    this.#token = token;
  }

  /** Registers an exchange's abort so abortAll() reaches it; answers the unregistering. */
  track(abort: () => void): () => void {
    this.#aborters.add(abort);
    return () => this.#aborters.delete(abort);
  }

  /** Aborts every exchange in flight; each answers a network error. */
  abortAll(): void {
    this.#generation++;
    for (const a of this.#aborters) a();
  }

  /** Bumped by abortAll(): a request begun before it does not try again. */
  #generation = 0;

  /** The time-out of a small exchange's first try on this link now. */
  timeoutMs(): number {
    return this.health.timeoutMs(this.#timeoutFloorMs, this.#timeoutMs);
  }

  /** Resolves after ms, or at once when abortAll() is called meanwhile. */
  pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const untrack = this.track(() => {
        this.timers.clearTimeout(t);
        untrack();
        resolve();
      });
      const t = this.timers.setTimeout(() => {
        untrack();
        resolve();
      }, ms);
    });
  }

  /** One exchange, asked again in place (a few times, briefly) when the failure may pass. */
  async request(method: string, pathAndQuery: string, body?: unknown, opts: RequestOptions = {}): Promise<Result<CityAnswer, CityError>> {
    // A fixed time-out means someone is waiting: one try unless more are asked for.
    const attempts = Math.max(1, opts.attempts ?? (opts.timeoutMs !== undefined ? 1 : REQUEST_ATTEMPTS));
    const base = opts.timeoutMs ?? this.timeoutMs();
    return this.retrying(attempts, (tries) => this.#once(method, pathAndQuery, body, escalatedTimeoutMs(base, tries, opts.timeoutMs ?? this.#timeoutMs), opts));
  }

  /**
   * Runs one try after another (try n gets n, from 0) while the failure may pass, up to attempts,
   * with a short jittered pause between; none after abortAll(). JSON exchanges and uploads share it.
   */
  async retrying<T>(attempts: number, oneTry: (tries: number) => Promise<Result<T, CityError>>): Promise<Result<T, CityError>> {
    const generation = this.#generation;
    for (let tries = 0; ; ) {
      const r = await oneTry(tries);
      tries++;
      if (r.ok || tries >= attempts || !retryableInPlace(r.error) || generation !== this.#generation) return r;
      await this.pause(retryPauseMs(tries, this.#random));
      if (generation !== this.#generation) return r;
    }
  }

  /** Records one try's outcome in the link's health (not a try stopped by abortAll()). */
  record(r: Result<unknown, CityError>, startedAt: number, generation: number): void {
    if (generation !== this.#generation) return;
    this.health.record(outcomeOf(r), performance.now() - startedAt);
  }

  get generation(): number {
    return this.#generation;
  }

  async #once(method: string, pathAndQuery: string, body: unknown, timeoutMs: number, opts: RequestOptions): Promise<Result<CityAnswer, CityError>> {
    const startedAt = performance.now();
    const generation = this.#generation;
    const r = await this.#exchange(method, pathAndQuery, body, timeoutMs, opts);
    this.record(r, startedAt, generation);
    return r;
  }

  async #exchange(method: string, pathAndQuery: string, body: unknown, timeoutMs: number, { headers, signIn }: RequestOptions): Promise<Result<CityAnswer, CityError>> {
    const ac = new AbortController();
    const untrack = this.track(() => ac.abort());
    const timer = this.timers.setTimeout(() => ac.abort(), timeoutMs);
    try {
      const res = await this.#fetch(this.baseUrl + pathAndQuery, {
        method,
        headers: { ...headers, authorization: `Bearer ${this.#token}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: ac.signal,
      });
      let text: string;
      try {
        text = await this.#readCapped(res);
      } catch (e) {
        if (e instanceof ResponseTooLarge) {
          this.log.warn('city-answer-rejected', { what: pathAndQuery.split('?')[0]!.split('/')[2] ?? '?', reason: 'body too large' });
          return err(malformedAnswer('size', 'response too large'));
        }
        throw e;
      }
      return this.classify(res.status, res.headers.get('retry-after'), text, signIn);
    } catch (e) {
      const detail = ac.signal.aborted ? 'timeout' : (((e as Error)?.cause as Error)?.message ?? (e as Error)?.message ?? 'error');
      return err({ code: 'network', message: `network: ${detail}`.slice(0, 160) });
    } finally {
      this.timers.clearTimeout(timer);
      untrack();
    }
  }

  async #readCapped(res: Response): Promise<string> {
    const max = this.#maxBytes;
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > max) {
      await res.body?.cancel().catch(() => {});
      throw new ResponseTooLarge();
    }
    if (!res.body) return '';
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let n = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      n += value.byteLength;
      if (n > max) {
        await reader.cancel().catch(() => {});
        throw new ResponseTooLarge();
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /**
   * An answer as a value: the parsed 2xx body, 401, an error status with the city's code and
   * Retry-After, or malformed JSON. In a sign-in, a 401 with the city's own code is the person's.
   */
  classify(status: number, retryAfter: string | null, text: string, signIn = false): Result<CityAnswer, CityError> {
    if (status >= 200 && status < 300) {
      if (status === 204 || text === '') return ok({ status, body: null });
      try {
        return ok({ status, body: JSON.parse(text) as unknown });
      } catch {
        this.log.warn('city-answer-rejected', { what: 'json', reason: 'malformed JSON', status });
        return err(malformedAnswer('json', 'malformed JSON'));
      }
    }
    if (status === 401 && !signIn) return err(unauthorizedError);
    let cityCode = `http-${status}`;
    let reason = `HTTP ${status}`;
    let details: unknown;
    try {
      const e = errorBodySchema.safeParse(JSON.parse(text));
      if (e.success) {
        cityCode = e.data.error.code;
        reason = (e.data.error.message ?? reason).slice(0, 300);
        details = e.data.error.details;
      }
    } catch {
      /* error bodies are informative only */
    }
    // Even in a sign-in, a bare 401 (or the city's `unauthorized`) refuses the device's token.
    if (status === 401 && (cityCode === 'http-401' || cityCode === 'unauthorized')) return err(unauthorizedError);
    const retryAfterMs = isRetryableStatus(status) ? parseRetryAfter(retryAfter, this.#clock.now().getTime()) : null;
    return err({ code: 'status', status, cityCode, reason, details, message: `${status} ${cityCode}`, ...(retryAfterMs !== null ? { retryAfterMs } : {}) });
  }
}
