import { err, ok, type Result } from '../../../common/result';
import { encodeVietQr, validateVietQrInput } from '../../../device-drivers/payment/vietqr';
import type { VietQrConfig } from '../../../device-drivers/payment/vietqr-config';
import type { PaymentContext, PaymentError, PaymentReceipt } from './payment-context';
import type { PaymentNotification, PaymentNotificationSource } from './payment-notifications';

// A dynamic VietQR for the fee and the wait for the bank's (or staff's) notification. The wait
// ends at the QR's deadline, which the citizen may move; the subscription outlives it, so a
// transfer that arrives late (even after a restart) is still recorded.

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

export class VietQrPayments {
  readonly #subscriptions = new Map<string, () => void>();
  readonly #pendingQr = new Map<string, PendingQr>();
  /** The one wait in progress per VietQR payment: its deadline moves when the citizen asks for more time. */
  readonly #waits = new Map<string, { deadline: number; rearm: () => void; end: (r: Result<PaymentReceipt, PaymentError>) => void }>();

  constructor(
    private readonly c: PaymentContext,
    private readonly notifications: PaymentNotificationSource | undefined,
    private readonly vietQr: VietQrConfig | undefined,
  ) {}

  /**
   * A dynamic VietQR for the fee. dossierRef goes into the QR (it must be ASCII, ≤ 25 chars,
   * as the bank notification carries it back); dossierId keys the ledger (defaults to the ref).
   */
  startVietQr(dossierRef: string, amount: number, dossierId: string = dossierRef): Result<VietQrPayment, PaymentError> {
    const cfg = this.vietQr;
    if (!cfg || !cfg.enabled || !this.notifications) return err({ code: 'vietqr-disabled' });
    if (!Number.isInteger(amount) || amount <= 0) return err({ code: 'invalid-amount' });
    const input = { bankBin: cfg.bankBin, accountNumber: cfg.accountNumber, service: 'QRIBFTTA' as const, amount, reference: dossierRef, purpose: dossierRef };
    if (!validateVietQrInput(input).ok) return err({ code: 'invalid-reference' });
    const g = this.c.guard(dossierId);
    if (!g.ok) return g;
    const paymentId = this.c.newId();
    const now = this.c.clock.now();
    const w = this.c.ledger.recordIntent({ paymentId, dossierId, method: 'vietqr', amount, createdAt: now, reference: dossierRef });
    if (!w.ok) return err({ code: 'ledger', detail: w.error.code });
    const expiresAt = now.getTime() + cfg.confirmTimeoutSeconds * 1000;
    this.#pendingQr.set(paymentId, { reference: dossierRef, amount, dossierId, createdAt: now.getTime(), expiresAt });
    return ok({ paymentId, payload: encodeVietQr(input), amount, accountName: cfg.accountName, expiresAt: new Date(expiresAt) });
  }

  /**
   * Waits for the bank (or staff) notification until the payment's deadline (the QR's
   * expiresAt, which extendVietQr moves), or timeoutMs from now when given. On time-out the
   * payment becomes 'unknown' — the citizen may still have paid — and stays subscribed, so a
   * late notification still records it as approved.
   */
  awaitVietQr(paymentId: string, timeoutMs?: number): Promise<Result<PaymentReceipt, PaymentError>> {
    const q = this.#pendingQr.get(paymentId);
    const source = this.notifications;
    if (!q || !source) return Promise.resolve(err({ code: 'not-found', paymentId }));
    const now = () => this.c.clock.now().getTime();
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
        this.c.record(paymentId, { status: 'unknown' });
        this.c.log.warn('vietqr-timeout', { paymentId });
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
          this.c.record(paymentId, { status: 'unknown' });
          this.c.log.warn('vietqr-amount-mismatch', { paymentId, expected: q.amount, received: n.amount });
          settle(err({ code: 'vietqr-amount-mismatch', paymentId, received: n.amount }));
          return;
        }
        this.c.record(paymentId, { status: 'approved', paidAt: n.paidAt, ...(n.bankRef ? { terminalRef: n.bankRef } : {}) });
        this.c.log.info(settled ? 'vietqr-confirmed-late' : 'vietqr-confirmed', { paymentId, source: n.source });
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
    const now = this.c.clock.now().getTime();
    const limit = q.createdAt + MAX_VIETQR_WAIT_MS;
    const next = Math.min(Math.max(q.expiresAt, now) + ms, limit);
    if (next <= q.expiresAt) return err({ code: 'vietqr-wait-limit', expiresAt: new Date(q.expiresAt).toISOString() });
    q.expiresAt = next;
    this.#waits.get(paymentId)?.rearm();
    this.c.log.info('vietqr-extended', { paymentId, seconds: Math.round((next - now) / 1000) });
    return ok({ expiresAt: new Date(next) });
  }

  /**
   * The citizen stopped waiting. The transfer may still come (they may have sent it): the
   * payment stays subscribed and 'unknown' until it does or staff decide.
   */
  cancelVietQr(paymentId: string): boolean {
    const w = this.#waits.get(paymentId);
    if (!w) return false;
    this.c.record(paymentId, { status: 'unknown' });
    this.c.log.info('vietqr-cancelled', { paymentId });
    w.end(err({ code: 'cancelled' }));
    return true;
  }

  /** A QR shown before a restart (its payment unresolved in the ledger): listen again for its reference. */
  watchLateVietQr(paymentId: string, reference: string, amount: number): void {
    const source = this.notifications;
    if (!source || this.#subscriptions.has(paymentId)) return;
    this.#subscriptions.set(
      paymentId,
      source.subscribe(reference, (n) => {
        if (n.amount !== amount) {
          this.c.log.warn('vietqr-amount-mismatch', { paymentId, expected: amount, received: n.amount });
          return; // stays unknown for staff
        }
        this.c.record(paymentId, { status: 'approved', paidAt: n.paidAt, ...(n.bankRef ? { terminalRef: n.bankRef } : {}) });
        this.c.log.info('vietqr-confirmed-late', { paymentId, source: n.source });
        this.#unsubscribe(paymentId);
      }),
    );
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
