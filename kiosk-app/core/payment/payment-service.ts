import { systemClock } from '../../../common/clock';
import type { Clock } from '../../../common/clock';
import { newId as defaultNewId } from '../../../common/ids';
import type { Logger } from '../../../common/logger';
import { silentLogger } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import type { PaymentTerminal } from '../../../device-drivers/payment/payment-terminal-types';
import type { VietQrConfig } from '../../../device-drivers/payment/vietqr-config';
import { CardPayments } from './card-payments';
import { PaymentContext, type PaymentError, type PaymentReceipt } from './payment-context';
import type { OutcomeStatus, PaymentLedger, PendingPayment } from './payment-ledger';
import type { PaymentNotificationSource } from './payment-notifications';
import { VietQrPayments, type VietQrPayment } from './vietqr-payments';

// PaymentService is the one object callers hold (the journey, start-up, the maintenance
// panel). A card sale is card-payments.ts, a VietQR vietqr-payments.ts, and the ledger rules
// both keep are payment-context.ts; here are what spans them: the start-up reconcile, staff's
// decision, the status the screen asks for, and the shutdown.

export type { PaymentError, PaymentReceipt } from './payment-context';
export { tagOf } from './card-payments';
export { MAX_VIETQR_WAIT_MS, type VietQrPayment } from './vietqr-payments';

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

/**
 * The payment application service. Its promise to the citizen: every card sale is durable
 * in the ledger before the terminal is asked, its outcome is recorded truthfully, and a fee
 * whose earlier payment has an unknown outcome is never charged again.
 */
export class PaymentService {
  readonly #c: PaymentContext;
  readonly #card: CardPayments;
  readonly #vietQr: VietQrPayments;

  constructor(deps: PaymentServiceDeps) {
    const d = {
      clock: systemClock,
      logger: silentLogger,
      newId: defaultNewId,
      lateReplyWindowMs: 3_000,
      ...deps,
    };
    this.#c = new PaymentContext(d.ledger, d.clock, d.logger.child('payment'), d.newId);
    this.#card = new CardPayments(this.#c, d.terminal, d.lateReplyWindowMs);
    this.#vietQr = new VietQrPayments(this.#c, d.notifications, d.vietQr);
  }

  payByCard(p: { dossierId: string; amount: number }): Promise<Result<PaymentReceipt, PaymentError>> {
    return this.#card.payByCard(p);
  }

  /** The citizen pressed cancel; only honoured before the terminal accepted the request. */
  cancelCardPayment(): boolean {
    return this.#card.cancel();
  }

  /**
   * Run once at start-up, before any new sale. A card sale the kiosk never finished is asked
   * about (the terminal re-announces a reply it could not deliver); what stays unknown is
   * marked for staff. Nothing is ever re-sent.
   */
  async reconcileOnStartup(): Promise<ReconcileReport> {
    const pending = this.#c.ledger.listUnresolved();
    const resolved = await this.#card.collectLateReply(pending);
    for (const p of pending) {
      if (p.state === 'in-flight' && !resolved.some((r) => r.paymentId === p.paymentId)) {
        this.#c.record(p.paymentId, { status: 'unknown' });
      }
    }
    const needsStaff = this.#c.ledger.listUnresolved();
    // A VietQR transfer can still be confirmed after a restart: listen again for its reference.
    for (const p of needsStaff) {
      if (p.method === 'vietqr' && p.reference) this.#vietQr.watchLateVietQr(p.paymentId, p.reference, p.amount);
    }
    return { resolved, needsStaff };
  }

  /** Staff checked the terminal journal or the bank statement. */
  resolveByStaff(paymentId: string, status: 'approved' | 'declined' | 'cancelled'): Result<void, PaymentError> {
    const r = this.#c.ledger.recordOutcome(paymentId, { status, ...(status === 'approved' ? { paidAt: this.#c.clock.now() } : {}) });
    if (!r.ok) return err(r.error.code === 'not-found' ? { code: 'not-found', paymentId } : { code: 'ledger', detail: r.error.code });
    this.#c.log.info('resolved-by-staff', { paymentId, status });
    return ok(undefined);
  }

  /**
   * A dynamic VietQR for the fee. dossierRef goes into the QR (it must be ASCII, ≤ 25 chars,
   * as the bank notification carries it back); dossierId keys the ledger (defaults to the ref).
   */
  startVietQr(dossierRef: string, amount: number, dossierId: string = dossierRef): Result<VietQrPayment, PaymentError> {
    return this.#vietQr.startVietQr(dossierRef, amount, dossierId);
  }

  /** Waits for the bank until the QR's deadline (extendVietQr moves it), or timeoutMs from now. */
  awaitVietQr(paymentId: string, timeoutMs?: number): Promise<Result<PaymentReceipt, PaymentError>> {
    return this.#vietQr.awaitVietQr(paymentId, timeoutMs);
  }

  /** More time for the transfer, up to MAX_VIETQR_WAIT_MS after the QR was shown. */
  extendVietQr(paymentId: string, ms: number): Result<{ expiresAt: Date }, PaymentError> {
    return this.#vietQr.extendVietQr(paymentId, ms);
  }

  /** The citizen stopped waiting; a transfer that still comes is recorded. */
  cancelVietQr(paymentId: string): boolean {
    return this.#vietQr.cancelVietQr(paymentId);
  }

  /** The ledger's view of one payment: what the screen asks while the citizen is still there. */
  statusOf(paymentId: string, dossierId: string): OutcomeStatus | 'in-progress' | null {
    const r = this.#c.ledger.forDossier(dossierId).find((x) => x.paymentId === paymentId);
    if (!r) return null;
    return r.outcome?.status ?? 'in-progress';
  }

  /** Stops listening for notifications (kiosk shutdown). */
  close(): void {
    this.#vietQr.close();
  }
}
