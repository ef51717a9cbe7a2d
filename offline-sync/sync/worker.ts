// The sync worker: drains the outbox to the city gateway and pulls status changes back.
// Attachments go by tus (resumed from the server's offset after any failure or restart), then
// the dossier, then its payment. Ids are idempotency keys, so any retry is safe.
import { Upload, type DetailedError } from 'tus-js-client';
import { systemClock, type Clock } from '../../common/clock';
import { silentLogger, type Logger } from '../../common/logger';
import type { Outbox } from '../outbox/outbox';
import type { AttachmentRow, MessageRow, QueueTicketInput, QueueTicketRow } from '../outbox/types';
import { backoffDelay, parseRetryAfter } from './backoff';
import {
  CITY_STATUS_CODES, changeSchema, changesPageSchema, dossierAnswerSchema, errorBodySchema, issuesOf, paymentAnswerSchema,
  supplementAnswerSchema, ticketAnswerSchema, vietqrNotificationsSchema, type CityChange,
} from './city-schemas';
import type { z } from 'zod';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export type SyncAlert = { code: 'unauthorized'; message: string } | { code: 'parked-messages'; message: string } | null;

export interface SyncState {
  /** null until the first exchange with the city. */
  readonly online: boolean | null;
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

type Outcome<T = unknown> =
  | { kind: 'ok'; status: number; body: T }
  | { kind: 'transient'; error: string; retryAfterMs?: number }
  | { kind: 'permanent'; status: number; code: string; reason: string; details?: unknown }
  | { kind: 'unauthorized' };

class ResponseTooLarge extends Error {}

export class SyncWorker {
  readonly #o: Required<Omit<SyncWorkerOptions, 'outbox' | 'logger' | 'clock' | 'timers' | 'fetch' | 'random'>>;
  readonly #outbox: Outbox;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #timers: Timers;
  readonly #fetch: FetchLike;
  readonly #random: () => number;
  readonly #listeners = new Set<(s: SyncState) => void>();
  #state: SyncState;
  #timer: unknown = null;
  #timerAt = 0;
  #started = false;
  #halted = false;
  #round: Promise<void> | null = null;
  #again = false;
  #failures = 0;
  #backoffUntil = 0;
  #aborters = new Set<() => void>();
  #unsubscribeOutbox: (() => void) | null = null;
  #lastHousekeeping = -Infinity;

  constructor(opts: SyncWorkerOptions) {
    this.#outbox = opts.outbox;
    this.#log = (opts.logger ?? silentLogger).child('sync');
    this.#clock = opts.clock ?? systemClock;
    this.#timers = opts.timers ?? realTimers;
    this.#fetch = opts.fetch ?? ((u, i) => fetch(u, i));
    this.#random = opts.random ?? Math.random;
    this.#o = {
      baseUrl: opts.baseUrl.replace(/\/+$/, ''), deviceId: opts.deviceId, deviceToken: opts.deviceToken,
      backoffBaseMs: opts.backoffBaseMs ?? 1000, backoffCapMs: opts.backoffCapMs ?? 5 * 60_000,
      pollIntervalMs: opts.pollIntervalMs ?? 60_000, requestTimeoutMs: opts.requestTimeoutMs ?? 30_000,
      uploadStallMs: opts.uploadStallMs ?? 30_000, maxResponseBytes: opts.maxResponseBytes ?? 1024 * 1024,
      uploadChunkBytes: opts.uploadChunkBytes ?? 1024 * 1024,
      uploadConcurrency: Math.max(1, opts.uploadConcurrency ?? 2),
    };
    this.#state = { online: null, running: false, pending: 0, parked: 0, oldestPendingAt: null, lastError: null, lastSuccessAt: null, nextAttemptAt: null, alert: null };
    // Counts follow the outbox even before start(), so the UI sees "1 waiting" at once.
    this.#unsubscribeOutbox = this.#outbox.onChange(() => {
      this.#refreshCounts();
      this.kick();
    });
    this.#refreshCounts();
  }

  // ---- lifecycle and observation ----

  /** Starts the loop; new outbox entries wake it unless the city asked us to back off. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const requeued = this.#outbox.requeueInterrupted();
    if (requeued) this.#log.info('requeued-interrupted', { count: requeued });
    this.#unsubscribeOutbox ??= this.#outbox.onChange(() => {
      this.#refreshCounts();
      this.kick();
    });
    this.#refreshCounts();
    this.#set({ running: !this.#halted });
    this.#schedule(0);
  }

  /** Retention purge and orphan-file sweep, at most once an hour, off the citizen's path. */
  #housekeeping(): void {
    const now = this.#clock.now().getTime();
    if (now - this.#lastHousekeeping < 3_600_000) return;
    this.#lastHousekeeping = now;
    const r = this.#outbox.purgeExpired();
    if (!r.ok) this.#log.warn('purge-failed', { code: r.error.code });
    try {
      this.#outbox.sweepOrphanFiles();
    } catch (e) {
      this.#log.warn('sweep-failed', { message: (e as Error).message.slice(0, 100) });
    }
  }

  async stop(): Promise<void> {
    this.#started = false;
    this.#unsubscribeOutbox?.();
    this.#unsubscribeOutbox = null;
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
    for (const a of this.#aborters) a();
    await this.#round?.catch(() => {});
    this.#set({ running: false, nextAttemptAt: null });
  }

  getState(): SyncState {
    return this.#state;
  }

  /** Calls listener now and on every change; returns the unsubscribe function. */
  subscribe(listener: (s: SyncState) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#state);
    return () => this.#listeners.delete(listener);
  }

  /** Something new to send: run soon, unless we are backing off (then the backoff timer decides). */
  kick(): void {
    if (!this.#started || this.#halted) return;
    if (this.#clock.now().getTime() < this.#backoffUntil) return;
    this.#schedule(0);
  }

  /** After a 401: a technician enrolled a new token. Clears the alert and resumes. */
  setDeviceToken(token: string): void {
    this.#o.deviceToken = token;
    this.#halted = false;
    this.#failures = 0;
    this.#backoffUntil = 0;
    this.#set({ alert: this.#parkedAlert(), running: this.#started, lastError: null });
    if (this.#started) this.#schedule(0);
  }

  #set(patch: Partial<SyncState>): void {
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

  #parkedAlert(): SyncAlert {
    if (this.#halted) return this.#state.alert;
    return this.#state.parked > 0 ? { code: 'parked-messages', message: `${this.#state.parked} message(s) rejected by the city need a technician.` } : null;
  }

  #refreshCounts(): void {
    try {
      const s = this.#outbox.stats();
      const parked = s.parked;
      const alert: SyncAlert = this.#halted ? this.#state.alert : parked > 0 ? { code: 'parked-messages', message: `${parked} message(s) rejected by the city need a technician.` } : null;
      this.#set({ pending: s.pending, parked, oldestPendingAt: s.oldestPendingAt, alert });
    } catch (e) {
      this.#log.error('stats-failed', { message: (e as Error).message.slice(0, 120) });
    }
  }

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
    if (this.#halted) return this.#o.pollIntervalMs;
    // Push: in seq order; a parked or waiting message never blocks the rest.
    for (let guard = 0; guard < 10_000; guard++) {
      const due = this.#outbox.dueMessages(this.#clock.now().getTime(), 20);
      if (!due.length) break;
      for (const m of due) {
        const out = await this.#send(m);
        if (out === 'stop') return this.#halted ? this.#o.pollIntervalMs : Math.max(0, this.#backoffUntil - this.#clock.now().getTime());
      }
      if (!this.#started) return 0;
    }
    // Pull.
    const pulled = await this.#pullChanges();
    if (pulled === 'stop') return this.#halted ? this.#o.pollIntervalMs : Math.max(0, this.#backoffUntil - this.#clock.now().getTime());
    this.#housekeeping();
    const nextDue = this.#outbox.nextDueAt();
    const now = this.#clock.now().getTime();
    return Math.min(this.#o.pollIntervalMs, nextDue === null ? Infinity : Math.max(0, nextDue - now));
  }

  #succeeded(): void {
    this.#failures = 0;
    this.#backoffUntil = 0;
    this.#set({ online: true, lastSuccessAt: this.#clock.now().toISOString() });
  }

  /** Records a transient failure, returns the backoff delay. */
  #transient(error: string, retryAfterMs?: number, network = false): number {
    this.#failures++;
    const delay = Math.max(retryAfterMs ?? 0, backoffDelay(this.#failures, this.#o.backoffBaseMs, this.#o.backoffCapMs, this.#random));
    this.#backoffUntil = this.#clock.now().getTime() + delay;
    this.#set({ lastError: error, ...(network ? { online: false } : {}) });
    this.#log.warn('sync-transient', { error: error.slice(0, 120), failures: this.#failures, delayMs: delay });
    return delay;
  }

  #unauthorized(): void {
    this.#halted = true;
    this.#set({ running: false, online: true, lastError: 'unauthorized', alert: { code: 'unauthorized', message: 'The city refused this device token (401). Sync is stopped until a technician enrols the device again.' } });
    this.#log.error('sync-unauthorized', {});
  }

  /** Handles one outbox message; 'stop' ends the round (transient failure or 401). */
  async #send(m: MessageRow): Promise<'next' | 'stop'> {
    this.#outbox.markSending(m.id);
    let out: Outcome;
    try {
      out = await this.#deliver(m);
    } catch (e) {
      out = { kind: 'transient', error: `internal: ${(e as Error)?.message?.slice(0, 100)}` };
    }
    switch (out.kind) {
      case 'ok':
        this.#succeeded();
        return 'next';
      case 'permanent':
        this.#succeeded(); // the city answered: we are online
        this.#outbox.markRejected(m.id, out.code, out.reason);
        return 'next';
      case 'unauthorized':
        this.#outbox.markRetry(m.id, 0, 'unauthorized');
        this.#unauthorized();
        return 'stop';
      case 'transient': {
        const delay = this.#transient(out.error, out.retryAfterMs, out.error.startsWith('network'));
        this.#outbox.markRetry(m.id, this.#clock.now().getTime() + delay, out.error);
        return 'stop';
      }
    }
  }

  async #deliver(m: MessageRow): Promise<Outcome> {
    switch (m.kind) {
      case 'dossier':
        return this.#deliverDossier(m);
      case 'supplement':
        return this.#deliverSupplement(m);
      case 'payment':
        return this.#deliverPayment(m);
      case 'queue_ticket':
        return this.#deliverTicket(m.id, this.#o.requestTimeoutMs);
      case 'telemetry':
        return this.#deliverTelemetry(m);
    }
  }

  /**
   * Uploads every attachment not yet finished (two at a time, so one upload's round trips do not
   * leave the link idle); returns the wire list or the first failure.
   */
  async #uploadAll(dossierId: string, atts: AttachmentRow[]): Promise<Outcome<{ uploadId: string; sha256: string; mediaType: string; pages: number; documentType: string }[]>> {
    const ids: (string | null)[] = atts.map((a) => a.uploadId);
    let failure: Outcome<never> | null = null;
    let next = 0;
    const lane = async () => {
      while (!failure && next < atts.length) {
        const i = next++;
        const a = atts[i]!;
        if (ids[i]) continue;
        const up = await this.#upload(a, dossierId);
        if (up.kind === 'ok') ids[i] = up.body;
        else failure ??= (up.kind === 'permanent' ? { ...up, reason: `attachment ${a.ord + 1}: ${up.reason}` } : up) as Outcome<never>;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#o.uploadConcurrency, atts.length) }, lane));
    if (failure) return failure;
    return { kind: 'ok', status: 200, body: atts.map((a, i) => ({ uploadId: ids[i]!, sha256: a.sha256, mediaType: a.mediaType, pages: a.pages, documentType: a.documentType })) };
  }

  /** A 422 naming one of our uploads means the server lost or rejected it: upload again (a few times). */
  #retryLostUpload(m: MessageRow, atts: AttachmentRow[], out: Outcome): Outcome {
    if (out.kind !== 'permanent' || out.status !== 422) return out;
    const named = (out.details as { uploadId?: unknown } | undefined)?.uploadId;
    const a = atts.find((x) => x.uploadId && x.uploadId === named);
    if (!a || m.attempts > 3) return out;
    this.#outbox.setUploadUrl(a.id, null);
    this.#outbox.setUploaded(a.id, null);
    this.#log.warn('upload-redo', { attachmentId: a.id, reason: out.reason.slice(0, 80) });
    return { kind: 'transient', error: `upload rejected, will re-upload: ${out.reason.slice(0, 80)}` };
  }

  async #deliverDossier(m: MessageRow): Promise<Outcome> {
    const payload = this.#outbox.dossierPayload(m.id);
    if (!payload) return { kind: 'permanent', status: 0, code: 'purged', reason: 'The dossier data was purged before it was sent.' };
    const atts = this.#outbox.attachmentsFor(m.id, null);
    const up = await this.#uploadAll(m.id, atts);
    if (up.kind !== 'ok') return up;
    const body = { ...payload, attachments: up.body };
    const res = await this.#request('PUT', `/v1/dossiers/${m.id}`, body);
    if (res.kind !== 'ok') return this.#retryLostUpload(m, this.#outbox.attachmentsFor(m.id, null), res);
    const a = dossierAnswerSchema.safeParse(res.body);
    if (!a.success || a.data.dossierId !== m.id) {
      const reason = a.success ? 'dossierId does not match' : issuesOf(a.error);
      this.#log.warn('city-answer-rejected', { what: 'dossier', reason });
      return { kind: 'transient', error: `invalid answer: ${reason}` };
    }
    this.#outbox.recordDossierAck(m.id, {
      receiptCode: a.data.receiptCode, receivedAt: a.data.receivedAt, appointmentDate: a.data.appointmentDate ?? null,
      status: a.data.status, statusCode: CITY_STATUS_CODES[a.data.status],
    });
    this.#log.info('dossier-acked', { dossierId: m.id });
    return { kind: 'ok', status: res.status, body: null };
  }

  async #deliverSupplement(m: MessageRow): Promise<Outcome> {
    const s = this.#outbox.supplement(m.id);
    if (!s) return { kind: 'permanent', status: 0, code: 'missing', reason: 'Supplement row missing.' };
    const atts = this.#outbox.attachmentsFor(s.dossierId, m.id);
    const up = await this.#uploadAll(s.dossierId, atts);
    if (up.kind !== 'ok') return up;
    const res = await this.#request('PUT', `/v1/dossiers/${s.dossierId}/supplements/${m.id}`, { attachments: up.body, ...(s.note ? { note: s.note } : {}), createdAt: s.createdAt });
    if (res.kind !== 'ok') return this.#retryLostUpload(m, this.#outbox.attachmentsFor(s.dossierId, m.id), res);
    const a = supplementAnswerSchema.safeParse(res.body);
    if (!a.success) return this.#invalid('supplement', a.error);
    this.#outbox.markAcked(m.id);
    return { kind: 'ok', status: res.status, body: null };
  }

  async #deliverPayment(m: MessageRow): Promise<Outcome> {
    const p = this.#outbox.getPayment(m.id);
    if (!p) return { kind: 'permanent', status: 0, code: 'missing', reason: 'Payment row missing.' };
    const body = {
      dossierId: p.dossierId, method: p.method, amount: p.amount, status: p.outcome,
      ...(p.terminalRef ? { terminalRef: p.terminalRef } : {}), ...(p.approvalCode ? { approvalCode: p.approvalCode } : {}),
      ...(p.maskedPan ? { maskedPan: p.maskedPan } : {}), paidAt: p.paidAt ?? p.createdAt,
    };
    const res = await this.#request('PUT', `/v1/payments/${m.id}`, body);
    if (res.kind !== 'ok') return res;
    const a = paymentAnswerSchema.safeParse(res.body);
    if (!a.success) return this.#invalid('payment', a.error);
    this.#outbox.markAcked(m.id);
    return { kind: 'ok', status: res.status, body: null };
  }

  async #deliverTicket(id: string, timeoutMs: number): Promise<Outcome> {
    const t = this.#outbox.getQueueTicket(id);
    if (!t) return { kind: 'permanent', status: 0, code: 'missing', reason: 'Ticket row missing.' };
    const res = await this.#request('POST', '/v1/queue-tickets', {
      ticketId: t.id, branchCode: t.branchCode, serviceCode: t.serviceCode, priority: t.priority, requestedAt: t.requestedAt,
    }, timeoutMs);
    if (res.kind !== 'ok') return res;
    const a = ticketAnswerSchema.safeParse(res.body);
    if (!a.success || a.data.ticketId !== id) return this.#invalid('queue-ticket', a.success ? undefined : a.error);
    this.#outbox.recordQueueTicketAck(id, {
      number: a.data.number, counterHint: a.data.counterHint ?? null, issuedAt: a.data.issuedAt, estimatedWaitMinutes: a.data.estimatedWaitMinutes ?? null,
    });
    return { kind: 'ok', status: res.status, body: null };
  }

  async #deliverTelemetry(m: MessageRow): Promise<Outcome> {
    const payload = this.#outbox.telemetryPayload(m.id);
    if (!payload) return { kind: 'permanent', status: 0, code: 'missing', reason: 'Telemetry row missing.' };
    const s = this.#outbox.stats();
    const res = await this.#request('POST', '/v1/telemetry', { deviceId: this.#o.deviceId, ...payload, outbox: { pending: s.pending, oldestPendingAt: s.oldestPendingAt } });
    if (res.kind !== 'ok') return res;
    this.#outbox.markAcked(m.id);
    return res;
  }

  #invalid(what: string, e?: z.ZodError): Outcome {
    const reason = e ? issuesOf(e) : 'id does not match';
    this.#log.warn('city-answer-rejected', { what, reason });
    return { kind: 'transient', error: `invalid answer: ${reason}` };
  }

  /**
   * For the core while a citizen waits: a queue number now (short timeout) when online, else the
   * ticket stays in the outbox and is sent later. The ticket is durable before the network is tried.
   */
  async requestQueueTicket(input: QueueTicketInput, opts: { timeoutMs?: number; withdrawUnlessIssued?: boolean } = {}): Promise<
    { ok: true; issued: true; ticket: QueueTicketRow } | { ok: true; issued: false; ticket: QueueTicketRow; reason: string } | { ok: false; error: { code: string; message: string } }
  > {
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
    if (this.#state.online === false && this.#clock.now().getTime() < this.#backoffUntil) return notIssued('offline');
    this.#outbox.markSending(ticket.id);
    const out = await this.#deliverTicket(ticket.id, opts.timeoutMs ?? 3000);
    if (out.kind === 'ok') {
      this.#succeeded();
      return { ok: true, issued: true, ticket: this.#outbox.getQueueTicket(ticket.id)! };
    }
    if (out.kind === 'permanent') this.#outbox.markRejected(ticket.id, out.code, out.reason);
    else if (out.kind === 'unauthorized') this.#unauthorized();
    else this.#outbox.markRetry(ticket.id, 0, out.error);
    return notIssued(out.kind === 'transient' ? out.error : out.kind === 'permanent' ? out.code : 'unauthorized');
  }

  /** Asks the city whether a VietQR transfer with this reference arrived (sandbox extension). */
  async pollVietQr(reference: string): Promise<{ paid: boolean; amount?: number; paidAt?: string; bankRef?: string } | { error: string }> {
    const res = await this.#request('GET', `/v1/vietqr-notifications?reference=${encodeURIComponent(reference)}`, undefined, 5000);
    if (res.kind !== 'ok') return { error: res.kind === 'transient' ? res.error : res.kind === 'permanent' ? res.code : 'unauthorized' };
    const a = vietqrNotificationsSchema.safeParse(res.body);
    if (!a.success) return { error: `invalid answer: ${issuesOf(a.error)}` };
    const n = a.data.notifications.find((x) => x.reference === reference);
    return n ? { paid: true, amount: n.amount, paidAt: n.paidAt, bankRef: n.bankRef } : { paid: false };
  }

  // ---- pulling ----

  async #pullChanges(): Promise<'ok' | 'stop'> {
    for (let page = 0; page < 50; page++) {
      const since = this.#outbox.changesCursor();
      const limit = 200;
      const res = await this.#request('GET', `/v1/changes?limit=${limit}${since ? `&since=${encodeURIComponent(since)}` : ''}`);
      if (res.kind === 'unauthorized') {
        this.#unauthorized();
        return 'stop';
      }
      if (res.kind === 'transient') {
        this.#transient(res.error, res.retryAfterMs, res.error.startsWith('network'));
        return 'stop';
      }
      if (res.kind === 'permanent') {
        // A 4xx on a read is logged; pulling is retried at the next poll, it never blocks pushing.
        this.#log.warn('changes-refused', { status: res.status, code: res.code });
        this.#set({ lastError: `changes: ${res.code}` });
        return 'ok';
      }
      const pageR = changesPageSchema.safeParse(res.body);
      if (!pageR.success) {
        const reason = issuesOf(pageR.error);
        this.#log.warn('city-answer-rejected', { what: 'changes', reason });
        this.#transient(`invalid answer: ${reason}`);
        return 'stop';
      }
      const good: CityChange[] = [];
      for (const c of pageR.data.changes) {
        const cr = changeSchema.safeParse(c);
        // A bad change is skipped with a logged reason; it must not stop every later one.
        if (cr.success) good.push(cr.data);
        else this.#log.warn('change-rejected', { reason: issuesOf(cr.error) });
      }
      this.#outbox.applyChanges(good, pageR.data.cursor);
      this.#succeeded();
      if (pageR.data.changes.length < limit || pageR.data.cursor === since) break;
    }
    return 'ok';
  }

  // ---- HTTP ----

  async #request(method: string, pathAndQuery: string, body?: unknown, timeoutMs = this.#o.requestTimeoutMs): Promise<Outcome> {
    const ac = new AbortController();
    const abort = () => ac.abort();
    this.#aborters.add(abort);
    const timer = this.#timers.setTimeout(abort, timeoutMs);
    try {
      const res = await this.#fetch(this.#o.baseUrl + pathAndQuery, {
        method,
        headers: { authorization: `Bearer ${this.#o.deviceToken}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: ac.signal,
      });
      let text: string;
      try {
        text = await this.#readCapped(res);
      } catch (e) {
        if (e instanceof ResponseTooLarge) {
          this.#log.warn('city-answer-rejected', { what: pathAndQuery.split('?')[0]!.split('/')[2] ?? '?', reason: 'body too large' });
          return { kind: 'transient', error: 'invalid answer: response too large' };
        }
        throw e;
      }
      return this.#classify(res.status, res.headers.get('retry-after'), text);
    } catch (e) {
      const aborted = ac.signal.aborted;
      return { kind: 'transient', error: aborted ? 'network: timeout' : `network: ${((e as Error)?.cause as Error)?.message ?? (e as Error)?.message ?? 'error'}`.slice(0, 160) };
    } finally {
      this.#timers.clearTimeout(timer);
      this.#aborters.delete(abort);
    }
  }

  async #readCapped(res: Response): Promise<string> {
    const max = this.#o.maxResponseBytes;
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

  #classify(status: number, retryAfter: string | null, text: string): Outcome {
    const now = this.#clock.now().getTime();
    if (status >= 200 && status < 300) {
      if (status === 204 || text === '') return { kind: 'ok', status, body: null };
      try {
        return { kind: 'ok', status, body: JSON.parse(text) as unknown };
      } catch {
        this.#log.warn('city-answer-rejected', { what: 'json', reason: 'malformed JSON', status });
        return { kind: 'transient', error: 'invalid answer: malformed JSON' };
      }
    }
    if (status === 401) return { kind: 'unauthorized' };
    let code = `http-${status}`;
    let reason = `HTTP ${status}`;
    let details: unknown;
    try {
      const e = errorBodySchema.safeParse(JSON.parse(text));
      if (e.success) {
        code = e.data.error.code;
        reason = (e.data.error.message ?? reason).slice(0, 300);
        details = e.data.error.details;
      }
    } catch {
      /* error bodies are informative only */
    }
    if (status === 408 || status === 429 || status >= 500) {
      return { kind: 'transient', error: `${status} ${code}`, retryAfterMs: parseRetryAfter(retryAfter, now) ?? undefined };
    }
    return { kind: 'permanent', status, code, reason, details };
  }

  // ---- tus ----

  /** Uploads one attachment by tus, resuming at the server's offset when an upload URL was saved. */
  #upload(a: AttachmentRow, dossierId: string): Promise<Outcome<string>> {
    let bytes: Buffer;
    try {
      bytes = this.#outbox.readAttachment(a); // decrypted in memory only; never written in clear
    } catch (e) {
      return Promise.resolve({ kind: 'permanent', status: 0, code: 'attachment-unreadable', reason: (e as Error).message.slice(0, 100) });
    }
    return new Promise((resolve) => {
      let settled = false;
      let watchdog: unknown = null;
      const finish = (o: Outcome<string>) => {
        if (settled) return;
        settled = true;
        if (watchdog !== null) this.#timers.clearTimeout(watchdog);
        this.#aborters.delete(abortUpload);
        resolve(o);
      };
      const arm = () => {
        if (watchdog !== null) this.#timers.clearTimeout(watchdog);
        watchdog = this.#timers.setTimeout(() => {
          void upload.abort(false);
          finish({ kind: 'transient', error: 'network: upload stalled' });
        }, this.#o.uploadStallMs);
      };
      const abortUpload = () => {
        void upload.abort(false);
        finish({ kind: 'transient', error: 'network: aborted' });
      };
      const upload = new Upload(bytes, {
        endpoint: `${this.#o.baseUrl}/v1/uploads`,
        uploadUrl: a.uploadUrl,
        uploadSize: bytes.length,
        chunkSize: this.#o.uploadChunkBytes,
        headers: { authorization: `Bearer ${this.#o.deviceToken}` },
        metadata: { dossierId, sha256: a.sha256, mediaType: a.mediaType, filename: `${a.id}` },
        retryDelays: [], // our own backoff decides when to try again
        storeFingerprintForResuming: false, // the upload URL is kept in the attachment row instead
        onUploadUrlAvailable: () => {
          if (upload.url) this.#outbox.setUploadUrl(a.id, upload.url);
        },
        onProgress: arm,
        onSuccess: () => {
          const id = (upload.url ?? '').split('/').pop() ?? '';
          if (!id) return finish({ kind: 'transient', error: 'tus: no upload url' });
          this.#outbox.setUploaded(a.id, id);
          finish({ kind: 'ok', status: 204, body: id });
        },
        onError: (e) => {
          const res = (e as DetailedError).originalResponse;
          if (!res) return finish({ kind: 'transient', error: `network: ${e.message.split('\n')[0]?.slice(0, 120)}` });
          const status = res.getStatus();
          const o = this.#classify(status, res.getHeader('Retry-After') ?? null, res.getBody() ?? '');
          if (o.kind === 'permanent' && (status === 404 || status === 410)) {
            // The server forgot this upload: start a new one next time.
            this.#outbox.setUploadUrl(a.id, null);
            return finish({ kind: 'transient', error: 'tus: upload expired' });
          }
          finish(o as Outcome<string>);
        },
      });
      this.#aborters.add(abortUpload);
      arm();
      upload.start();
    });
  }
}
