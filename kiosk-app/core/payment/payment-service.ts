import type { Clock } from '../../../common/clock';
import { systemClock } from '../../../common/clock';
import { newId as defaultNewId } from '../../../common/ids';
import type { Logger } from '../../../common/logger';
import { silentLogger } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import type { PaymentTerminal, PaymentTerminalError } from '../../../device-drivers/payment/payment-terminal-types';
import { encodeVietQr, validateVietQrInput } from '../../../device-drivers/payment/vietqr';
import type { VietQrConfig } from '../../../device-drivers/payment/vietqr-config';
import type { PaymentNotification, PaymentNotificationSource } from './payment-notifications';
import {
  isMaskedPan,
  type OutcomeStatus,
  type PaymentLedger,
  type PaymentMethod,
  type PaymentOutcome,
  type PendingPayment,
} from './payment-ledger';

export interface PaymentReceipt {
  readonly paymentId: string;
  readonly dossierId: string;
  readonly method: PaymentMethod;
  readonly amount: number;
  readonly paidAt: Date;
  readonly maskedPan?: string;
  readonly terminalRef?: string;
}

/** Each code maps to a plain sentence in assets/i18n under errors.payment.<code>. */
export type PaymentError =
  /** An earlier payment of this dossier has no known outcome: see staff, never pay again blindly. */
  | { readonly code: 'earlier-payment-unresolved'; readonly paymentId: string }
  | { readonly code: 'already-paid'; readonly paymentId: string }
  | { readonly code: 'payment-in-progress' }
  | { readonly code: 'declined' }
  /** The terminal reports the transaction was not completed (card not presented in time). */
  | { readonly code: 'timeout' }
  /** The terminal could not be reached: nothing was sent, nothing charged; try again or VietQR. */
  | { readonly code: 'terminal-unavailable'; readonly cause: PaymentTerminalError['code'] }
  | { readonly code: 'cancelled' }
  /** The terminal died after the request: the money may have moved. Staff will check. */
  | { readonly code: 'unknown-outcome'; readonly paymentId: string }
  | { readonly code: 'vietqr-timeout'; readonly paymentId: string }
  | { readonly code: 'vietqr-amount-mismatch'; readonly paymentId: string; readonly received: number }
  | { readonly code: 'vietqr-disabled' }
  /** The citizen asked for more time than a QR may stay open (MAX_VIETQR_WAIT_MS). */
  | { readonly code: 'vietqr-wait-limit'; readonly expiresAt: string }
  | { readonly code: 'invalid-amount' }
  | { readonly code: 'invalid-reference' }
  | { readonly code: 'not-found'; readonly paymentId: string }
  /** The ledger refused to write: the terminal was not asked. */
  | { readonly code: 'ledger'; readonly detail: string };

/** However often the citizen asks for more time, a VietQR stays open at most this long. */
export const MAX_VIETQR_WAIT_MS = 15 * 60_000;

interface PendingQr {
  readonly reference: string;
  readonly amount: number;
  readonly dossierId: string;
  readonly createdAt: number;
  /** When the kiosk stops waiting; moved by extendVietQr. */
  expiresAt: number;
}

export interface VietQrPayment {
  readonly paymentId: string;
  readonly payload: string;
  readonly amount: number;
  readonly accountName: string;
  readonly expiresAt: Date;
}

export interface ReconcileReport {
  readonly resolved: ReadonlyArray<{ paymentId: string; status: OutcomeStatus }>;
  /** Payments staff must check on the terminal journal or the bank statement. */
  readonly needsStaff: readonly PendingPayment[];
}

export interface PaymentServiceDeps {
  readonly ledger: PaymentLedger;
  readonly terminal: PaymentTerminal;
  readonly notifications?: PaymentNotificationSource;
  readonly vietQr?: VietQrConfig;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly newId?: () => string;
  /** How long reconcileOnStartup listens for a reply the terminal still holds. */
  readonly lateReplyWindowMs?: number;
}

/** The 10-character tag a card request carries: ties a terminal reply to its ledger row. */
export function tagOf(paymentId: string): string {
  return paymentId.replace(/[^0-9A-Za-z]/g, '').slice(-10).toUpperCase();
}

/**
 * The payment application service. Its promise to the citizen: every card sale is durable
 * in the ledger before the terminal is asked, its outcome is recorded truthfully, and a fee
 * whose earlier payment has an unknown outcome is never charged again.
 */
export class PaymentService {
  readonly #d: Required<Omit<PaymentServiceDeps, 'notifications' | 'vietQr'>> & Pick<PaymentServiceDeps, 'notifications' | 'vietQr'>;
  readonly #log: Logger;
  readonly #paying = new Set<string>();
  readonly #subscriptions = new Map<string, () => void>();

  constructor(deps: PaymentServiceDeps) {
    this.#d = {
      clock: systemClock,
      logger: silentLogger,
      newId: defaultNewId,
      lateReplyWindowMs: 3_000,
      ...deps,
    };
    this.#log = this.#d.logger.child('payment');
  }

  /** Is there an earlier payment of this dossier that forbids a new one? */
  #guard(dossierId: string): Result<void, PaymentError> {
    if (this.#paying.has(dossierId)) return err({ code: 'payment-in-progress' });
    for (const r of this.#d.ledger.forDossier(dossierId)) {
      const s = r.outcome?.status;
      if (s === 'approved') return err({ code: 'already-paid', paymentId: r.paymentId });
      if (s === undefined || s === 'unknown') return err({ code: 'earlier-payment-unresolved', paymentId: r.paymentId });
    }
    return ok(undefined);
  }

  #record(paymentId: string, outcome: PaymentOutcome): void {
    let o = outcome;
    if (o.maskedPan !== undefined && !isMaskedPan(o.maskedPan)) {
      // Never store what might be a full card number; the outcome itself still counts.
      this.#log.error('refused-unmasked-pan', { paymentId });
      const { maskedPan: _drop, ...rest } = o;
      o = rest;
    }
    const r = this.#d.ledger.recordOutcome(paymentId, o);
    if (!r.ok) this.#log.error('ledger-outcome-failed', { paymentId, code: r.error.code, status: o.status });
  }

  async payByCard(p: { dossierId: string; amount: number }): Promise<Result<PaymentReceipt, PaymentError>> {
    if (!Number.isInteger(p.amount) || p.amount <= 0) return err({ code: 'invalid-amount' });
    const g = this.#guard(p.dossierId);
    if (!g.ok) return g;
    const paymentId = this.#d.newId();
    const intent = { paymentId, dossierId: p.dossierId, method: 'card' as const, amount: p.amount, createdAt: this.#d.clock.now() };
    const w = this.#d.ledger.recordIntent(intent);
    if (!w.ok) return err({ code: 'ledger', detail: w.error.code });
    this.#paying.add(p.dossierId);
    try {
      this.#log.info('card-sale-start', { paymentId, amount: p.amount });
      const r = await this.#d.terminal.sale({ amount: p.amount, tag: tagOf(paymentId) });
      if (r.ok) {
        const paidAt = r.value.completedAt;
        this.#record(paymentId, {
          status: 'approved',
          paidAt,
          ...(r.value.terminalRef ? { terminalRef: r.value.terminalRef } : {}),
          ...(r.value.maskedPan ? { maskedPan: r.value.maskedPan } : {}),
        });
        this.#log.info('card-sale-approved', { paymentId });
        return ok({
          paymentId, dossierId: p.dossierId, method: 'card', amount: p.amount, paidAt,
          ...(r.value.maskedPan && isMaskedPan(r.value.maskedPan) ? { maskedPan: r.value.maskedPan } : {}),
          ...(r.value.terminalRef ? { terminalRef: r.value.terminalRef } : {}),
        });
      }
      const e = r.error;
      this.#log.warn('card-sale-failed', { paymentId, code: e.code });
      switch (e.code) {
        case 'declined':
          this.#record(paymentId, { status: 'declined' });
          return err({ code: 'declined' });
        case 'timeout':
          this.#record(paymentId, { status: 'cancelled' });
          return err({ code: 'timeout' });
        case 'unknown-outcome':
          this.#record(paymentId, { status: 'unknown' });
          return err({ code: 'unknown-outcome', paymentId });
        case 'cancelled':
          this.#record(paymentId, { status: 'cancelled' });
          return err({ code: 'cancelled' });
        case 'no-answer':
        case 'disconnected':
        case 'protocol':
        case 'busy':
          // The request never reached the terminal (the driver guarantees it for these codes).
          this.#record(paymentId, { status: 'cancelled' });
          return err({ code: 'terminal-unavailable', cause: e.code });
      }
    } finally {
      this.#paying.delete(p.dossierId);
    }
  }

  /** The citizen pressed cancel; only honoured before the terminal accepted the request. */
  cancelCardPayment(): boolean {
    return this.#d.terminal.cancel();
  }

  /**
   * Run once at start-up, before any new sale. A card sale the kiosk never finished is asked
   * about (the terminal re-announces a reply it could not deliver); what stays unknown is
   * marked for staff. Nothing is ever re-sent.
   */
  async reconcileOnStartup(): Promise<ReconcileReport> {
    const resolved: Array<{ paymentId: string; status: OutcomeStatus }> = [];
    const pending = this.#d.ledger.listUnresolved();
    const cards = pending.filter((p) => p.method === 'card');
    if (cards.length > 0) {
      const late = await this.#d.terminal.collectLateReply(this.#d.lateReplyWindowMs);
      if (late.ok && late.value) {
        const reply = late.value;
        const match = cards.find((p) => tagOf(p.paymentId) === reply.tag && p.amount === reply.amount);
        if (match) {
          const status: OutcomeStatus = reply.status === 'approved' ? 'approved' : reply.status === 'declined' ? 'declined' : 'cancelled';
          this.#record(match.paymentId, {
            status,
            ...(status === 'approved' ? { paidAt: this.#d.clock.now() } : {}),
            ...(reply.maskedPan ? { maskedPan: reply.maskedPan } : {}),
          });
          resolved.push({ paymentId: match.paymentId, status });
          this.#log.info('reconciled-from-terminal', { paymentId: match.paymentId, status });
        } else {
          this.#log.warn('late-reply-unmatched', { amount: reply.amount, status: reply.status });
        }
      } else if (!late.ok) {
        this.#log.warn('late-reply-failed', { code: late.error.code });
      }
    }
    for (const p of pending) {
      if (p.state === 'in-flight' && !resolved.some((r) => r.paymentId === p.paymentId)) {
        this.#record(p.paymentId, { status: 'unknown' });
      }
    }
    const needsStaff = this.#d.ledger.listUnresolved();
    // A VietQR transfer can still be confirmed after a restart: listen again for its reference.
    for (const p of needsStaff) {
      if (p.method === 'vietqr' && p.reference) this.#watchLateVietQr(p.paymentId, p.reference, p.amount);
    }
    return { resolved, needsStaff };
  }

  #watchLateVietQr(paymentId: string, reference: string, amount: number): void {
    const source = this.#d.notifications;
    if (!source || this.#subscriptions.has(paymentId)) return;
    this.#subscriptions.set(
      paymentId,
      source.subscribe(reference, (n) => {
        if (n.amount !== amount) {
          this.#log.warn('vietqr-amount-mismatch', { paymentId, expected: amount, received: n.amount });
          return; // stays unknown for staff
        }
        this.#record(paymentId, { status: 'approved', paidAt: n.paidAt, ...(n.bankRef ? { terminalRef: n.bankRef } : {}) });
        this.#log.info('vietqr-confirmed-late', { paymentId, source: n.source });
        this.#unsubscribe(paymentId);
      }),
    );
  }

  /** Staff checked the terminal journal or the bank statement. */
  resolveByStaff(paymentId: string, status: 'approved' | 'declined' | 'cancelled'): Result<void, PaymentError> {
    const r = this.#d.ledger.recordOutcome(paymentId, { status, ...(status === 'approved' ? { paidAt: this.#d.clock.now() } : {}) });
    if (!r.ok) return err(r.error.code === 'not-found' ? { code: 'not-found', paymentId } : { code: 'ledger', detail: r.error.code });
    this.#log.info('resolved-by-staff', { paymentId, status });
    return ok(undefined);
  }

  /**
   * A dynamic VietQR for the fee. dossierRef goes into the QR (it must be ASCII, ≤ 25 chars,
   * as the bank notification carries it back); dossierId keys the ledger (defaults to the ref).
   */
  startVietQr(dossierRef: string, amount: number, dossierId: string = dossierRef): Result<VietQrPayment, PaymentError> {
    const cfg = this.#d.vietQr;
    if (!cfg || !cfg.enabled || !this.#d.notifications) return err({ code: 'vietqr-disabled' });
    if (!Number.isInteger(amount) || amount <= 0) return err({ code: 'invalid-amount' });
    const input = { bankBin: cfg.bankBin, accountNumber: cfg.accountNumber, service: 'QRIBFTTA' as const, amount, reference: dossierRef, purpose: dossierRef };
    if (!validateVietQrInput(input).ok) return err({ code: 'invalid-reference' });
    const g = this.#guard(dossierId);
    if (!g.ok) return g;
    const paymentId = this.#d.newId();
    const now = this.#d.clock.now();
    const w = this.#d.ledger.recordIntent({ paymentId, dossierId, method: 'vietqr', amount, createdAt: now, reference: dossierRef });
    if (!w.ok) return err({ code: 'ledger', detail: w.error.code });
    const expiresAt = now.getTime() + cfg.confirmTimeoutSeconds * 1000;
    this.#pendingQr.set(paymentId, { reference: dossierRef, amount, dossierId, createdAt: now.getTime(), expiresAt });
    return ok({ paymentId, payload: encodeVietQr(input), amount, accountName: cfg.accountName, expiresAt: new Date(expiresAt) });
  }

  readonly #pendingQr = new Map<string, PendingQr>();
  /** The one wait in progress per VietQR payment: its deadline moves when the citizen asks for more time. */
  readonly #waits = new Map<string, { deadline: number; rearm: () => void; end: (r: Result<PaymentReceipt, PaymentError>) => void }>();

  /**
   * Waits for the bank (or staff) notification until the payment's deadline (the QR's
   * expiresAt, which extendVietQr moves), or timeoutMs from now when given. On time-out the
   * payment becomes 'unknown' — the citizen may still have paid — and stays subscribed, so a
   * late notification still records it as approved.
   */
  awaitVietQr(paymentId: string, timeoutMs?: number): Promise<Result<PaymentReceipt, PaymentError>> {
    const q = this.#pendingQr.get(paymentId);
    const source = this.#d.notifications;
    if (!q || !source) return Promise.resolve(err({ code: 'not-found', paymentId }));
    const now = () => this.#d.clock.now().getTime();
    if (timeoutMs !== undefined) q.expiresAt = now() + timeoutMs;
    // Waiting again (the citizen came back to the QR) replaces the earlier wait.
    this.#waits.get(paymentId)?.end(err({ code: 'cancelled' }));
    return new Promise((resolve) => {
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const settle = (r: Result<PaymentReceipt, PaymentError>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (this.#waits.get(paymentId) === wait) this.#waits.delete(paymentId);
        resolve(r);
      };
      const onTimeout = () => {
        if (now() < q.expiresAt) return wait.rearm(); // extended meanwhile
        this.#record(paymentId, { status: 'unknown' });
        this.#log.warn('vietqr-timeout', { paymentId });
        settle(err({ code: 'vietqr-timeout', paymentId }));
      };
      const wait = {
        get deadline() {
          return q.expiresAt;
        },
        rearm: () => {
          clearTimeout(timer);
          timer = setTimeout(onTimeout, Math.max(0, q.expiresAt - now()));
        },
        end: settle,
      };
      const onNotification = (n: PaymentNotification) => {
        if (n.amount !== q.amount) {
          this.#record(paymentId, { status: 'unknown' });
          this.#log.warn('vietqr-amount-mismatch', { paymentId, expected: q.amount, received: n.amount });
          settle(err({ code: 'vietqr-amount-mismatch', paymentId, received: n.amount }));
          return;
        }
        this.#record(paymentId, { status: 'approved', paidAt: n.paidAt, ...(n.bankRef ? { terminalRef: n.bankRef } : {}) });
        this.#log.info(settled ? 'vietqr-confirmed-late' : 'vietqr-confirmed', { paymentId, source: n.source });
        this.#unsubscribe(paymentId);
        this.#pendingQr.delete(paymentId);
        settle(ok({ paymentId, dossierId: q.dossierId, method: 'vietqr', amount: n.amount, paidAt: n.paidAt, ...(n.bankRef ? { terminalRef: n.bankRef } : {}) }));
      };
      this.#waits.set(paymentId, wait);
      wait.rearm();
      // One subscription per payment; it outlives the wait, so a late transfer is recorded.
      this.#unsubscribe(paymentId);
      this.#subscriptions.set(paymentId, source.subscribe(q.reference, onNotification));
    });
  }

  /**
   * More time for the citizen to finish the transfer: the deadline moves by `ms`, up to
   * MAX_VIETQR_WAIT_MS after the QR was shown. Answers the new deadline.
   */
  extendVietQr(paymentId: string, ms: number): Result<{ expiresAt: Date }, PaymentError> {
    const q = this.#pendingQr.get(paymentId);
    if (!q) return err({ code: 'not-found', paymentId });
    const now = this.#d.clock.now().getTime();
    const limit = q.createdAt + MAX_VIETQR_WAIT_MS;
    const next = Math.min(Math.max(q.expiresAt, now) + ms, limit);
    if (next <= q.expiresAt) return err({ code: 'vietqr-wait-limit', expiresAt: new Date(q.expiresAt).toISOString() });
    q.expiresAt = next;
    this.#waits.get(paymentId)?.rearm();
    this.#log.info('vietqr-extended', { paymentId, seconds: Math.round((next - now) / 1000) });
    return ok({ expiresAt: new Date(next) });
  }

  /**
   * The citizen stopped waiting. The transfer may still come (they may have sent it): the
   * payment stays subscribed and 'unknown' until it does or staff decide.
   */
  cancelVietQr(paymentId: string): boolean {
    const w = this.#waits.get(paymentId);
    if (!w) return false;
    this.#record(paymentId, { status: 'unknown' });
    this.#log.info('vietqr-cancelled', { paymentId });
    w.end(err({ code: 'cancelled' }));
    return true;
  }

  /** The ledger's view of one payment: what the screen asks while the citizen is still there. */
  statusOf(paymentId: string, dossierId: string): OutcomeStatus | 'in-progress' | null {
    const r = this.#d.ledger.forDossier(dossierId).find((x) => x.paymentId === paymentId);
    if (!r) return null;
    return r.outcome?.status ?? 'in-progress';
  }

  #unsubscribe(paymentId: string): void {
    this.#subscriptions.get(paymentId)?.();
    this.#subscriptions.delete(paymentId);
  }

  /** Stops listening for notifications (kiosk shutdown). */
  close(): void {
    for (const id of [...this.#subscriptions.keys()]) this.#unsubscribe(id);
  }
}
