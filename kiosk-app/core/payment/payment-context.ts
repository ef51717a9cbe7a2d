import type { Clock } from '../../../common/clock';
import type { Logger } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import type { PaymentTerminalError } from '../../../device-drivers/payment/payment-terminal-types';
import { isMaskedPan, type PaymentLedger, type PaymentMethod, type PaymentOutcome } from './payment-ledger';

// What card payments (card-payments.ts) and VietQR (vietqr-payments.ts) share: the ledger and
// the two rules every payment keeps there — a dossier with an earlier payment that is paid or
// of unknown outcome is never charged again, and no outcome stores more than a masked card.

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

export class PaymentContext {
  /** Dossiers whose card sale is at the terminal now: a second tap must not start another. */
  readonly paying = new Set<string>();

  constructor(
    readonly ledger: PaymentLedger,
    readonly clock: Clock,
    /** The payment service's log (logger.child('payment')). */
    readonly log: Logger,
    readonly newId: () => string,
  ) {}

  /** Is there an earlier payment of this dossier that forbids a new one? */
  guard(dossierId: string): Result<void, PaymentError> {
    if (this.paying.has(dossierId)) return err({ code: 'payment-in-progress' });
    for (const r of this.ledger.forDossier(dossierId)) {
      const s = r.outcome?.status;
      if (s === 'approved') return err({ code: 'already-paid', paymentId: r.paymentId });
      if (s === undefined || s === 'unknown') return err({ code: 'earlier-payment-unresolved', paymentId: r.paymentId });
    }
    return ok(undefined);
  }

  record(paymentId: string, outcome: PaymentOutcome): void {
    let o = outcome;
    if (o.maskedPan !== undefined && !isMaskedPan(o.maskedPan)) {
      // Never store what might be a full card number; the outcome itself still counts.
      this.log.error('refused-unmasked-pan', { paymentId });
      const { maskedPan: _drop, ...rest } = o;
      o = rest;
    }
    const r = this.ledger.recordOutcome(paymentId, o);
    if (!r.ok) this.log.error('ledger-outcome-failed', { paymentId, code: r.error.code, status: o.status });
  }
}
