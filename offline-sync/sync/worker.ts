// The sync worker: a scheduler over per-kind deliverers (sync/deliverers/). It owns the order
// (outbox seq; a parked or waiting message never blocks the rest), a few messages in flight at
// once (so one stalled request does not hold the queue), each message's own backoff, the
// worker-wide wait the city asks for (429, Retry-After), the 401 stop, the changes-feed pull, a
// short probe while the city gives no answer at all, and the state the screens show. How one
// kind is sent is its deliverer's business; HTTP, retrying a request in place and the link's
// health are the city client's (city-client/). Ids are idempotency keys, so any retry is safe.
import { systemClock, type Clock } from '../../common/clock';
import { silentLogger, type Logger } from '../../common/logger';
import type { Outbox } from '../outbox/outbox';
import type { MessageKind, MessageRow, QueueTicketInput, QueueTicketRow } from '../outbox/types';
import { CityGatewayClient } from '../city-client/city-gateway-client';
import { isTransient } from '../city-client/city-errors';
import { realTimers, type FetchLike, type Timers } from '../city-client/city-http';
import { LinkHealth, type LinkHealthView } from '../city-client/link-health';
import { backoffDelay } from './backoff';
import { createDeliverers, retryLater, type Deliverer, type Delivery, type QueueTicketDeliverer } from './deliverers';
import { onlineOf, parkedAlert, SyncStateCell, UNAUTHORIZED_ALERT, type SyncAlert, type SyncState } from './sync-state';

export type { FetchLike, Timers } from '../city-client/city-http';
export type { SyncAlert, SyncState } from './sync-state';
export type { LinkHealthView, LinkLevel } from '../city-client/link-health';

export interface SyncWorkerOptions {
  outbox: Outbox;
  baseUrl: string;
  deviceId: string;
  deviceToken: string;
  clock?: Clock;
  timers?: Timers;
  fetch?: FetchLike;
  random?: () => number;
  logger?: Logger;
  /** One message's backoff after it failed: from this (1 s)… */
  backoffBaseMs?: number;
  /** …doubling, with jitter, up to this (30 s). */
  backoffCapMs?: number;
  /** How often to pull /v1/changes when nothing is pending. */
  pollIntervalMs?: number;
  /** While the city gives no answer at all, it is asked this often (2 s, jittered) whether it is back. */
  probeIntervalMs?: number;
  /** Messages in flight at once (4). */
  sendConcurrency?: number;
  /** The longest time-out of one JSON exchange (30 s); shorter when the link answers fast. */
  requestTimeoutMs?: number;
  /** The shortest (2 s). */
  requestTimeoutFloorMs?: number;
  /** An upload with no progress for this long is aborted and resumed (30 s at most; shorter when the link answers fast). */
  uploadStallMs?: number;
  /** No answer for this long (and three requests in a row unanswered) is "offline" (5 s). */
  offlineAfterMs?: number;
  maxResponseBytes?: number;
  uploadChunkBytes?: number;
  /** Attachments of one dossier uploaded in parallel (default 2). */
  uploadConcurrency?: number;
}

type QueueTicketRequest =
  | { ok: true; issued: true; ticket: QueueTicketRow }
  | { ok: true; issued: false; ticket: QueueTicketRow; reason: string }
  | { ok: false; error: { code: string; message: string } };

const CHANGES_PAGE = 200;
const HOUR_MS = 3_600_000;
/** Sends in one round at most: a deliverer that never acks must not spin the loop. */
const ROUND_SENDS = 10_000;
/** At this share of failing requests, one message at a time. */
const SICK_PERCENT = 80;
/** A lane with nothing due looks again this often while another lane is still sending. */
const LANE_LOOK_AGAIN_MS = 250;
/** A probe asks for one change: the cheapest request the contract has. */
const PROBE_TIMEOUT_MS = 5_000;

export class SyncWorker {
  readonly #outbox: Outbox;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #timers: Timers;
  readonly #random: () => number;
  readonly #client: CityGatewayClient;
  readonly #health: LinkHealth;
  readonly #deliverers: Record<MessageKind, Deliverer>;
  readonly #tickets: QueueTicketDeliverer;
  readonly #backoffBaseMs: number;
  readonly #backoffCapMs: number;
  readonly #pollIntervalMs: number;
  readonly #probeIntervalMs: number;
  readonly #lanes: number;
  readonly #state = new SyncStateCell();
  #timer: unknown = null;
  #timerAt = 0;
  #started = false;
  #halted = false;
  #round: Promise<void> | null = null;
  #again = false;
  /** No request before this: the city asked the whole device to wait (429, Retry-After). */
  #waitUntil = 0;
  #lastPullAt = -Infinity;
  /** runOnce() was called: the next round pulls whatever the interval says. */
  #pullWanted = false;
  /** Tries in a row that got nothing through, per message: its backoff grows with this, and starts again after progress. */
  readonly #stuck = new Map<string, number>();
  #unsubscribeOutbox: (() => void) | null = null;
  #lastHousekeeping = -Infinity;

  constructor(opts: SyncWorkerOptions) {
    this.#outbox = opts.outbox;
    this.#log = (opts.logger ?? silentLogger).child('sync');
    this.#clock = opts.clock ?? systemClock;
    this.#timers = opts.timers ?? realTimers;
    this.#random = opts.random ?? Math.random;
    this.#backoffBaseMs = opts.backoffBaseMs ?? 1000;
    this.#backoffCapMs = opts.backoffCapMs ?? 30_000;
    this.#pollIntervalMs = opts.pollIntervalMs ?? 60_000;
    this.#probeIntervalMs = opts.probeIntervalMs ?? 2_000;
    this.#lanes = Math.max(1, opts.sendConcurrency ?? 4);
    this.#health = new LinkHealth({ clock: this.#clock, ...(opts.offlineAfterMs !== undefined ? { offlineAfterMs: opts.offlineAfterMs } : {}) });
    this.#client = new CityGatewayClient({
      baseUrl: opts.baseUrl, deviceToken: opts.deviceToken, fetch: opts.fetch, timers: this.#timers, clock: this.#clock, logger: this.#log,
      random: this.#random, health: this.#health, requestTimeoutMs: opts.requestTimeoutMs, requestTimeoutFloorMs: opts.requestTimeoutFloorMs,
      uploadStallMs: opts.uploadStallMs, maxResponseBytes: opts.maxResponseBytes, uploadChunkBytes: opts.uploadChunkBytes,
    });
    this.#health.onChange((link) => this.#linkChanged(link));
    const deliverers = createDeliverers({
      client: this.#client, outbox: this.#outbox, log: this.#log, deviceId: opts.deviceId, uploadConcurrency: Math.max(1, opts.uploadConcurrency ?? 2),
      clock: this.#clock, backoff: (tries) => this.#itemBackoff(tries),
    });
    this.#deliverers = deliverers.byKind;
    this.#tickets = deliverers.queueTickets;
    // Counts follow the outbox even before start(), so the UI sees "1 waiting" at once.
    this.#unsubscribeOutbox = this.#watchOutbox();
    this.#refreshCounts();
  }

  // ---- lifecycle and observation ----

  /** Starts the loop; new outbox entries wake it unless the city asked us to wait or gives no answer. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const requeued = this.#outbox.requeueInterrupted();
    if (requeued) this.#log.info('requeued-interrupted', { count: requeued });
    this.#unsubscribeOutbox ??= this.#watchOutbox();
    this.#refreshCounts();
    this.#set({ running: !this.#halted });
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#started = false;
    this.#unsubscribeOutbox?.();
    this.#unsubscribeOutbox = null;
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
    this.#client.abortAll();
    await this.#round?.catch(() => {});
    this.#set({ running: false, nextAttemptAt: null });
  }

  /**
   * The worker's own city client, for the kiosk's online-only calls (staff sign-in, booking): they
   * share its device token (setDeviceToken), its link health and its abort on stop.
   */
  get city(): CityGatewayClient {
    return this.#client;
  }

  getState(): SyncState {
    return this.#state.get();
  }

  /** Calls listener now and on every change; returns the unsubscribe function. */
  subscribe(listener: (s: SyncState) => void): () => void {
    return this.#state.subscribe(listener);
  }

  /** Something new to send: run soon, unless the city asked us to wait or gives no answer (then a timer decides). */
  kick(): void {
    if (!this.#started || this.#halted || this.#waiting() || this.#offline()) return;
    this.#schedule(0);
  }

  /** After a 401: a technician enrolled a new token. Clears the alert and resumes. */
  setDeviceToken(token: string): void {
    this.#client.setDeviceToken(token);
    this.#halted = false;
    this.#waitUntil = 0;
    this.#set({ alert: this.#parkedAlert(this.#state.get().parked), running: this.#started, lastError: null });
    if (this.#started) this.#schedule(0);
  }

  #watchOutbox(): () => void {
    return this.#outbox.onChange(() => {
      this.#refreshCounts();
      this.kick();
    });
  }

  #set(patch: Partial<SyncState>): void {
    this.#state.set(patch);
  }

  /** The alert for parked messages; a 401's alert stays until setDeviceToken. */
  #parkedAlert(parked: number): SyncAlert {
    return this.#halted ? this.#state.get().alert : parkedAlert(parked);
  }

  #refreshCounts(): void {
    try {
      const s = this.#outbox.stats();
      this.#set({ pending: s.pending, parked: s.parked, oldestPendingAt: s.oldestPendingAt, alert: this.#parkedAlert(s.parked) });
    } catch (e) {
      this.#log.error('stats-failed', { message: (e as Error).message.slice(0, 120) });
    }
  }

  /** The screens hear of the link at once; back from "no answer", every waiting message is due now. */
  #linkChanged(link: LinkHealthView): void {
    const was = this.#state.get().link.level;
    this.#set({ link, online: onlineOf(link) });
    if (link.level === was) return;
    this.#log.info('city-link', { level: link.level, failedPercent: link.failedPercent, slow: link.slow });
    // Back from no answer, or from answering badly: what waited in its backoff goes now.
    if (was === 'offline' || (was === 'degraded' && link.level === 'online')) {
      const due = this.#outbox.makeWaitingDue(this.#clock.now().getTime());
      if (due) this.#log.info('city-back', { due });
      this.kick();
    }
  }

  /** All lanes while the city mostly answers well; one while nearly every request fails, so a sick city is not pressed harder. */
  #allowedLanes(): number {
    const link = this.#health.view();
    return link.level === 'degraded' && link.failedPercent >= SICK_PERCENT ? 1 : this.#lanes;
  }

  #offline(): boolean {
    return this.#health.view().level === 'offline';
  }

  #waiting(): boolean {
    return this.#clock.now().getTime() < this.#waitUntil;
  }

  // ---- scheduling ----

  #schedule(delayMs: number): void {
    if (!this.#started || this.#halted) return;
    const at = this.#clock.now().getTime() + delayMs;
    if (this.#timer !== null) {
      if (this.#timerAt <= at) return; // an earlier wake-up is already set
      this.#timers.clearTimeout(this.#timer);
    }
    this.#timerAt = at;
    this.#set({ nextAttemptAt: new Date(at).toISOString() });
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      void this.#run();
    }, Math.max(0, delayMs));
  }

  /**
   * One round now, its pull included (someone wants the city's news, e.g. a look-up): push
   * everything due, then pull changes (or, with no answer from the city, one probe). Never throws.
   */
  runOnce(): Promise<void> {
    this.#pullWanted = true;
    return this.#run();
  }

  #run(): Promise<void> {
    if (this.#round) {
      this.#again = true;
      return this.#round;
    }
    this.#round = (async () => {
      let delay: number;
      try {
        delay = await this.#roundBody();
      } catch (e) {
        // Defensive: a bug must not kill the loop; try again after a while.
        this.#log.error('round-crashed', { message: (e as Error)?.message?.slice(0, 200) ?? 'unknown' });
        this.#set({ lastError: `internal: ${(e as Error)?.message?.slice(0, 100)}` });
        delay = this.#itemBackoff(3);
      } finally {
        this.#round = null;
      }
      this.#refreshCounts();
      if (this.#again) {
        this.#again = false;
        if (!this.#waiting() && !this.#offline()) delay = 0;
      }
      this.#schedule(delay);
    })();
    return this.#round;
  }

  /** Returns the delay until the next round. */
  async #roundBody(): Promise<number> {
    if (this.#halted) return this.#pollIntervalMs;
    if (this.#waiting()) return this.#waitUntil - this.#clock.now().getTime();
    if (this.#offline() && !(await this.#probe())) return this.#probeDelay();
    const pushed = await this.#push();
    if (pushed === 'stop') return this.#pollIntervalMs;
    const now = this.#clock.now().getTime();
    // Pull when asked, after something went through (its status may follow soon), else at the poll interval.
    if (!this.#waiting() && !this.#offline() && (this.#pullWanted || pushed === 'delivered' || now - this.#lastPullAt >= this.#pollIntervalMs)) {
      this.#lastPullAt = now;
      this.#pullWanted = false;
      if ((await this.#pullChanges()) === 'stop') return this.#pollIntervalMs;
    }
    this.#housekeeping();
    if (this.#waiting()) return this.#waitUntil - this.#clock.now().getTime();
    if (this.#offline()) return this.#probeDelay();
    const nextDue = this.#outbox.nextDueAt();
    return Math.min(this.#pollIntervalMs, nextDue === null ? Infinity : Math.max(0, nextDue - this.#clock.now().getTime()));
  }

  /**
   * Sends what is due, in seq order, a few messages at a time: a lane takes the next due message
   * nobody is sending, so a stalled or failing one holds one lane, not the queue. Stops taking
   * when the city asks the device to wait, gives no answer, or refuses the token.
   */
  async #push(): Promise<'delivered' | 'idle' | 'stop'> {
    const taken = new Set<string>();
    let stop = false;
    let delivered = false;
    let busy = 0;
    const wakers = new Set<() => void>();
    const over = () => stop || !this.#started || this.#halted || this.#offline() || taken.size >= ROUND_SENDS;
    const next = (): MessageRow | null => {
      if (over() || this.#waiting()) return null;
      const m = this.#outbox.dueMessages(this.#clock.now().getTime(), taken.size + this.#lanes).find((x) => !taken.has(x.id)) ?? null;
      if (m) taken.add(m.id);
      return m;
    };
    // Waits ms, or less when another lane finishes a message (a payment may then be due).
    const meanwhile = (ms: number) =>
      new Promise<void>((resolve) => {
        const done = () => {
          wakers.delete(wake);
          resolve();
        };
        const t = this.#timers.setTimeout(done, ms);
        const wake = () => {
          this.#timers.clearTimeout(t);
          done();
        };
        wakers.add(wake);
      });
    // A lane with nothing to take waits while another is still sending (a backoff may end, a
    // payment become due) or while the city asked the device to wait, so one slow request or
    // one 429 never idles the rest until the slowest is done.
    const lane = async (i: number) => {
      for (;;) {
        const m = i < this.#allowedLanes() ? next() : null;
        if (!m) {
          if (over()) return;
          if (this.#waiting()) await this.#client.pause(this.#waitUntil - this.#clock.now().getTime());
          else if (busy === 0) return;
          else await meanwhile(LANE_LOOK_AGAIN_MS);
          continue;
        }
        busy++;
        const out = await this.#send(m);
        busy--;
        for (const w of [...wakers]) w();
        if (out === 'stop') stop = true;
        if (out === 'delivered') delivered = true;
      }
    };
    await Promise.all(Array.from({ length: this.#lanes }, (_, i) => lane(i)));
    return this.#halted ? 'stop' : delivered ? 'delivered' : 'idle';
  }

  /** Asks the city for one change; true when it answered at all (the link is then no longer offline). */
  async #probe(): Promise<boolean> {
    const r = await this.#client.getChanges(this.#outbox.changesCursor(), 1, { timeoutMs: PROBE_TIMEOUT_MS });
    if (r.ok) this.#outbox.applyChanges(r.value.changes, r.value.cursor);
    else if (r.error.code === 'unauthorized') this.#unauthorized();
    else if (r.error.code === 'status' && r.error.retryAfterMs !== undefined) this.#waitFor(r.error.retryAfterMs);
    return !this.#offline() && !this.#halted;
  }

  /** The probe interval, jittered (±25 %) so a fleet does not knock in step. */
  #probeDelay(): number {
    return Math.round(this.#probeIntervalMs * (0.75 + this.#random() * 0.5));
  }

  /** A message's own backoff after its n-th failed try. */
  #itemBackoff(tries: number): number {
    return backoffDelay(tries, this.#backoffBaseMs, this.#backoffCapMs, this.#random);
  }

  /** The city asked the whole device to wait (429, Retry-After): no request before then. */
  #waitFor(ms: number): void {
    this.#waitUntil = Math.max(this.#waitUntil, this.#clock.now().getTime() + ms);
    this.#set({ nextAttemptAt: new Date(this.#waitUntil).toISOString() });
  }

  #succeeded(): void {
    this.#set({ lastSuccessAt: this.#clock.now().toISOString() });
  }

  #unauthorized(): void {
    this.#halted = true;
    this.#set({ running: false, lastError: 'unauthorized', alert: UNAUTHORIZED_ALERT });
    this.#log.error('sync-unauthorized', {});
  }

  /** Hands one outbox message to its deliverer; 'stop' after a 401. */
  async #send(m: MessageRow): Promise<'delivered' | 'next' | 'stop'> {
    this.#outbox.markSending(m.id);
    let out: Delivery;
    try {
      out = await this.#deliverers[m.kind].deliver(m);
    } catch (e) {
      out = retryLater(`internal: ${(e as Error)?.message?.slice(0, 100)}`);
    }
    switch (out.kind) {
      case 'delivered':
        this.#stuck.delete(m.id);
        this.#succeeded();
        return 'delivered';
      case 'refused':
        this.#stuck.delete(m.id);
        this.#succeeded(); // the city answered
        this.#outbox.markRejected(m.id, out.code, out.reason);
        return 'next';
      case 'unauthorized':
        this.#outbox.markRetry(m.id, 0, 'unauthorized');
        this.#unauthorized();
        return 'stop';
      case 'retry': {
        if (out.retryAfterMs !== undefined) this.#waitFor(out.retryAfterMs);
        const stuck = out.progressed ? 1 : (this.#stuck.get(m.id) ?? 0) + 1;
        this.#stuck.set(m.id, stuck);
        const delay = Math.max(out.retryAfterMs ?? 0, this.#itemBackoff(stuck));
        this.#outbox.markRetry(m.id, this.#clock.now().getTime() + delay, out.error);
        this.#set({ lastError: out.error });
        this.#log.warn('sync-retry', { kind: m.kind, error: out.error.slice(0, 120), stuck, delayMs: delay });
        return 'next';
      }
    }
  }

  /** Pulls status changes page by page from the saved cursor; a crash re-pulls rather than skips. */
  async #pullChanges(): Promise<'ok' | 'stop'> {
    for (let page = 0; page < 50; page++) {
      const since = this.#outbox.changesCursor();
      const r = await this.#client.getChanges(since, CHANGES_PAGE);
      if (!r.ok) {
        const e = r.error;
        if (e.code === 'unauthorized') {
          this.#unauthorized();
          return 'stop';
        }
        if (e.code === 'status' && e.retryAfterMs !== undefined) this.#waitFor(e.retryAfterMs);
        // A failed pull is tried again at the next round or poll; it never blocks pushing.
        if (e.code === 'status' && !isTransient(e)) this.#log.warn('changes-refused', { status: e.status, code: e.cityCode });
        this.#set({ lastError: `changes: ${e.message}`.slice(0, 160) });
        return 'ok';
      }
      this.#outbox.applyChanges(r.value.changes, r.value.cursor);
      this.#succeeded();
      if (r.value.received < CHANGES_PAGE || r.value.cursor === since) break;
    }
    return 'ok';
  }

  /** Retention purge and orphan-file sweep, at most once an hour, off the citizen's path. */
  #housekeeping(): void {
    const now = this.#clock.now().getTime();
    if (now - this.#lastHousekeeping < HOUR_MS) return;
    this.#lastHousekeeping = now;
    const r = this.#outbox.purgeExpired();
    if (!r.ok) this.#log.warn('purge-failed', { code: r.error.code });
    try {
      this.#outbox.sweepOrphanFiles();
    } catch (e) {
      this.#log.warn('sweep-failed', { message: (e as Error).message.slice(0, 100) });
    }
  }

  // ---- while a citizen waits ----

  /**
   * A queue number now (short timeout) when online, else the ticket stays in the outbox and is
   * sent later. The ticket is durable before the network is tried.
   */
  async requestQueueTicket(input: QueueTicketInput, opts: { timeoutMs?: number; withdrawUnlessIssued?: boolean } = {}): Promise<QueueTicketRequest> {
    const r = this.#outbox.enqueueQueueTicket(input);
    if (!r.ok) return { ok: false, error: r.error };
    const ticket = r.value;
    // A number is wanted now or never: with withdrawUnlessIssued, one the city did not issue
    // in time is taken out of the outbox instead of being sent later to nobody.
    const notIssued = (reason: string) => {
      if (opts.withdrawUnlessIssued) this.#outbox.withdrawQueueTicket(ticket.id);
      return { ok: true as const, issued: false as const, ticket, reason };
    };
    if (this.#halted) return notIssued('unauthorized');
    if (this.#offline()) return notIssued('offline');
    if (this.#waiting()) return notIssued('rate-limited');
    this.#outbox.markSending(ticket.id);
    const out = await this.#tickets.send(ticket.id, opts.timeoutMs ?? 3000);
    switch (out.kind) {
      case 'delivered':
        this.#succeeded();
        return { ok: true, issued: true, ticket: this.#outbox.getQueueTicket(ticket.id)! };
      case 'refused':
        this.#outbox.markRejected(ticket.id, out.code, out.reason);
        return notIssued(out.code);
      case 'unauthorized':
        this.#unauthorized();
        return notIssued('unauthorized');
      case 'retry':
        if (out.retryAfterMs !== undefined) this.#waitFor(out.retryAfterMs);
        this.#outbox.markRetry(ticket.id, 0, out.error);
        return notIssued(out.error);
    }
  }

  /** Asks the city whether a VietQR transfer with this reference arrived (sandbox extension). */
  async pollVietQr(reference: string): Promise<{ paid: boolean; amount?: number; paidAt?: string; bankRef?: string } | { error: string }> {
    const r = await this.#client.getVietQrNotifications(reference, { timeoutMs: 5000 });
    if (!r.ok) return { error: r.error.code === 'status' && !isTransient(r.error) ? r.error.cityCode : r.error.message };
    const n = r.value.find((x) => x.reference === reference);
    return n ? { paid: true, amount: n.amount, paidAt: n.paidAt, bankRef: n.bankRef } : { paid: false };
  }
}
