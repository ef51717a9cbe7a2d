// The sync worker: a scheduler over per-kind deliverers (sync/deliverers/). It owns the order
// (outbox seq; a parked or waiting message never blocks the rest), the capped backoff with
// jitter and Retry-After, the online state, the 401 stop, the changes-feed pull and the state
// the screens show. How one kind is sent is its deliverer's business; HTTP is the city
// client's (city-client/). Ids are idempotency keys, so any retry is safe.
import { systemClock, type Clock } from '../../common/clock';
import { silentLogger, type Logger } from '../../common/logger';
import type { Outbox } from '../outbox/outbox';
import type { MessageKind, MessageRow, QueueTicketInput, QueueTicketRow } from '../outbox/types';
import { CityGatewayClient } from '../city-client/city-gateway-client';
import { isTransient } from '../city-client/city-errors';
import { realTimers, type FetchLike, type Timers } from '../city-client/city-http';
import { backoffDelay } from './backoff';
import { createDeliverers, retryLater, type Deliverer, type Delivery, type QueueTicketDeliverer } from './deliverers';
import { parkedAlert, SyncStateCell, UNAUTHORIZED_ALERT, type SyncAlert, type SyncState } from './sync-state';

export type { FetchLike, Timers } from '../city-client/city-http';
export type { SyncAlert, SyncState } from './sync-state';

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
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** How often to pull /v1/changes when nothing is pending. */
  pollIntervalMs?: number;
  requestTimeoutMs?: number;
  /** An upload with no progress for this long is aborted and retried later. */
  uploadStallMs?: number;
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

export class SyncWorker {
  readonly #outbox: Outbox;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #timers: Timers;
  readonly #random: () => number;
  readonly #client: CityGatewayClient;
  readonly #deliverers: Record<MessageKind, Deliverer>;
  readonly #tickets: QueueTicketDeliverer;
  readonly #backoffBaseMs: number;
  readonly #backoffCapMs: number;
  readonly #pollIntervalMs: number;
  readonly #state = new SyncStateCell();
  #timer: unknown = null;
  #timerAt = 0;
  #started = false;
  #halted = false;
  #round: Promise<void> | null = null;
  #again = false;
  #failures = 0;
  #backoffUntil = 0;
  #unsubscribeOutbox: (() => void) | null = null;
  #lastHousekeeping = -Infinity;

  constructor(opts: SyncWorkerOptions) {
    this.#outbox = opts.outbox;
    this.#log = (opts.logger ?? silentLogger).child('sync');
    this.#clock = opts.clock ?? systemClock;
    this.#timers = opts.timers ?? realTimers;
    this.#random = opts.random ?? Math.random;
    this.#backoffBaseMs = opts.backoffBaseMs ?? 1000;
    this.#backoffCapMs = opts.backoffCapMs ?? 5 * 60_000;
    this.#pollIntervalMs = opts.pollIntervalMs ?? 60_000;
    this.#client = new CityGatewayClient({
      baseUrl: opts.baseUrl, deviceToken: opts.deviceToken, fetch: opts.fetch, timers: this.#timers, clock: this.#clock, logger: this.#log,
      requestTimeoutMs: opts.requestTimeoutMs, uploadStallMs: opts.uploadStallMs, maxResponseBytes: opts.maxResponseBytes, uploadChunkBytes: opts.uploadChunkBytes,
    });
    const deliverers = createDeliverers({ client: this.#client, outbox: this.#outbox, log: this.#log, deviceId: opts.deviceId, uploadConcurrency: Math.max(1, opts.uploadConcurrency ?? 2) });
    this.#deliverers = deliverers.byKind;
    this.#tickets = deliverers.queueTickets;
    // Counts follow the outbox even before start(), so the UI sees "1 waiting" at once.
    this.#unsubscribeOutbox = this.#watchOutbox();
    this.#refreshCounts();
  }

  // ---- lifecycle and observation ----

  /** Starts the loop; new outbox entries wake it unless the city asked us to back off. */
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

  getState(): SyncState {
    return this.#state.get();
  }

  /** Calls listener now and on every change; returns the unsubscribe function. */
  subscribe(listener: (s: SyncState) => void): () => void {
    return this.#state.subscribe(listener);
  }

  /** Something new to send: run soon, unless we are backing off (then the backoff timer decides). */
  kick(): void {
    if (!this.#started || this.#halted) return;
    if (this.#clock.now().getTime() < this.#backoffUntil) return;
    this.#schedule(0);
  }

  /** After a 401: a technician enrolled a new token. Clears the alert and resumes. */
  setDeviceToken(token: string): void {
    this.#client.setDeviceToken(token);
    this.#halted = false;
    this.#failures = 0;
    this.#backoffUntil = 0;
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
      void this.runOnce();
    }, Math.max(0, delayMs));
  }

  /** One round: push everything due, then pull changes. Never throws. */
  runOnce(): Promise<void> {
    if (this.#round) {
      this.#again = true;
      return this.#round;
    }
    this.#round = (async () => {
      let delay: number;
      try {
        delay = await this.#roundBody();
      } catch (e) {
        // Defensive: a bug must not kill the loop; back off as for a transient failure.
        this.#log.error('round-crashed', { message: (e as Error)?.message?.slice(0, 200) ?? 'unknown' });
        delay = this.#transient(`internal: ${(e as Error)?.message?.slice(0, 100)}`);
      } finally {
        this.#round = null;
      }
      this.#refreshCounts();
      if (this.#again) {
        this.#again = false;
        if (this.#clock.now().getTime() >= this.#backoffUntil) delay = 0;
      }
      this.#schedule(delay);
    })();
    return this.#round;
  }

  /** Returns the delay until the next round. */
  async #roundBody(): Promise<number> {
    if (this.#halted) return this.#pollIntervalMs;
    // Push: in seq order; a parked or waiting message never blocks the rest.
    for (let guard = 0; guard < 10_000; guard++) {
      const due = this.#outbox.dueMessages(this.#clock.now().getTime(), 20);
      if (!due.length) break;
      for (const m of due) {
        if ((await this.#send(m)) === 'stop') return this.#stoppedDelay();
      }
      if (!this.#started) return 0;
    }
    if ((await this.#pullChanges()) === 'stop') return this.#stoppedDelay();
    this.#housekeeping();
    const nextDue = this.#outbox.nextDueAt();
    const now = this.#clock.now().getTime();
    return Math.min(this.#pollIntervalMs, nextDue === null ? Infinity : Math.max(0, nextDue - now));
  }

  /** After a round stopped early: the poll interval after a 401, else what is left of the backoff. */
  #stoppedDelay(): number {
    return this.#halted ? this.#pollIntervalMs : Math.max(0, this.#backoffUntil - this.#clock.now().getTime());
  }

  #succeeded(): void {
    this.#failures = 0;
    this.#backoffUntil = 0;
    this.#set({ online: true, lastSuccessAt: this.#clock.now().toISOString() });
  }

  /** Records a transient failure, returns the backoff delay (at least Retry-After). */
  #transient(error: string, retryAfterMs?: number, offline = false): number {
    this.#failures++;
    const delay = Math.max(retryAfterMs ?? 0, backoffDelay(this.#failures, this.#backoffBaseMs, this.#backoffCapMs, this.#random));
    this.#backoffUntil = this.#clock.now().getTime() + delay;
    this.#set({ lastError: error, ...(offline ? { online: false } : {}) });
    this.#log.warn('sync-transient', { error: error.slice(0, 120), failures: this.#failures, delayMs: delay });
    return delay;
  }

  #unauthorized(): void {
    this.#halted = true;
    this.#set({ running: false, online: true, lastError: 'unauthorized', alert: UNAUTHORIZED_ALERT });
    this.#log.error('sync-unauthorized', {});
  }

  /** Hands one outbox message to its deliverer; 'stop' ends the round (transient failure or 401). */
  async #send(m: MessageRow): Promise<'next' | 'stop'> {
    this.#outbox.markSending(m.id);
    let out: Delivery;
    try {
      out = await this.#deliverers[m.kind].deliver(m);
    } catch (e) {
      out = retryLater(`internal: ${(e as Error)?.message?.slice(0, 100)}`);
    }
    switch (out.kind) {
      case 'delivered':
        this.#succeeded();
        return 'next';
      case 'refused':
        this.#succeeded(); // the city answered: we are online
        this.#outbox.markRejected(m.id, out.code, out.reason);
        return 'next';
      case 'unauthorized':
        this.#outbox.markRetry(m.id, 0, 'unauthorized');
        this.#unauthorized();
        return 'stop';
      case 'retry': {
        const delay = this.#transient(out.error, out.retryAfterMs, out.offline);
        this.#outbox.markRetry(m.id, this.#clock.now().getTime() + delay, out.error);
        return 'stop';
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
        if (e.code === 'status' && !isTransient(e)) {
          // A 4xx on a read is logged; pulling is retried at the next poll, it never blocks pushing.
          this.#log.warn('changes-refused', { status: e.status, code: e.cityCode });
          this.#set({ lastError: `changes: ${e.cityCode}` });
          return 'ok';
        }
        this.#transient(e.message, e.code === 'status' ? e.retryAfterMs : undefined, e.code === 'network');
        return 'stop';
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
    if (this.#state.get().online === false && this.#clock.now().getTime() < this.#backoffUntil) return notIssued('offline');
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
