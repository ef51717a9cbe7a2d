import { err, ok, type Result } from '../../../common/result';

// The port through which payments become durable. Its one adapter over the offline-sync
// outbox is outbox-payment-ledger.ts (SQLite, one transaction per call); InMemoryPaymentLedger
// is the reference behaviour and what the service's tests use. The payment service itself
// never imports offline-sync.

export type PaymentMethod = 'card' | 'vietqr';
export type OutcomeStatus = 'approved' | 'declined' | 'cancelled' | 'unknown';

export interface PaymentIntent {
  readonly paymentId: string;
  readonly dossierId: string;
  readonly method: PaymentMethod;
  /** Whole VND. */
  readonly amount: number;
  readonly createdAt: Date;
  /** VietQR: the reference in the QR, so a bank notification after a restart still finds it. */
  readonly reference?: string;
}

export interface PaymentOutcome {
  readonly status: OutcomeStatus;
  readonly terminalRef?: string;
  readonly approvalCode?: string;
  /** First 6 / last 4 digits at most; anything else is refused. */
  readonly maskedPan?: string;
  readonly paidAt?: Date;
}

/** A payment whose outcome nobody knows yet: no outcome recorded, or 'unknown'. */
export interface PendingPayment extends PaymentIntent {
  /** in-flight: the kiosk stopped before recording any outcome; unknown: staff must check. */
  readonly state: 'in-flight' | 'unknown';
}

export interface PaymentRecord extends PaymentIntent {
  readonly outcome?: PaymentOutcome;
}

export type LedgerError =
  | { readonly code: 'duplicate'; readonly paymentId: string }
  | { readonly code: 'not-found'; readonly paymentId: string }
  /** approved/declined/cancelled are final; only 'unknown' may be resolved later. */
  | { readonly code: 'already-final'; readonly paymentId: string; readonly status: OutcomeStatus }
  | { readonly code: 'unmasked-pan' }
  | { readonly code: 'storage'; readonly detail: string };

export interface PaymentLedger {
  recordIntent(p: PaymentIntent): Result<void, LedgerError>;
  recordOutcome(paymentId: string, outcome: PaymentOutcome): Result<void, LedgerError>;
  listUnresolved(): PendingPayment[];
  /** Every payment of one dossier, so a fee is never taken twice. */
  forDossier(dossierId: string): PaymentRecord[];
}

/** At most the first 6 and last 4 digits, stars in between, 12–19 characters in all. */
export function isMaskedPan(s: string): boolean {
  if (s.length < 12 || s.length > 19) return false;
  return /^\d{0,6}\*+\d{0,4}$/.test(s);
}

const FINAL: readonly OutcomeStatus[] = ['approved', 'declined', 'cancelled'];

export class InMemoryPaymentLedger implements PaymentLedger {
  readonly #records = new Map<string, PaymentRecord>();

  recordIntent(p: PaymentIntent): Result<void, LedgerError> {
    const prev = this.#records.get(p.paymentId);
    if (prev) {
      // The same intent written twice (a retried write) is harmless; a different one is a bug.
      const same = prev.dossierId === p.dossierId && prev.amount === p.amount && prev.method === p.method;
      return same ? ok(undefined) : err({ code: 'duplicate', paymentId: p.paymentId });
    }
    this.#records.set(p.paymentId, { ...p });
    return ok(undefined);
  }

  recordOutcome(paymentId: string, outcome: PaymentOutcome): Result<void, LedgerError> {
    const rec = this.#records.get(paymentId);
    if (!rec) return err({ code: 'not-found', paymentId });
    if (outcome.maskedPan !== undefined && !isMaskedPan(outcome.maskedPan)) return err({ code: 'unmasked-pan' });
    const prev = rec.outcome?.status;
    if (prev && FINAL.includes(prev)) {
      return prev === outcome.status ? ok(undefined) : err({ code: 'already-final', paymentId, status: prev });
    }
    this.#records.set(paymentId, { ...rec, outcome: { ...outcome } });
    return ok(undefined);
  }

  listUnresolved(): PendingPayment[] {
    const out: PendingPayment[] = [];
    for (const r of this.#records.values()) {
      if (!r.outcome) out.push({ ...intentOf(r), state: 'in-flight' });
      else if (r.outcome.status === 'unknown') out.push({ ...intentOf(r), state: 'unknown' });
    }
    return out;
  }

  forDossier(dossierId: string): PaymentRecord[] {
    return [...this.#records.values()].filter((r) => r.dossierId === dossierId);
  }

  /** Test and maintenance view. */
  get(paymentId: string): PaymentRecord | undefined {
    return this.#records.get(paymentId);
  }

  all(): PaymentRecord[] {
    return [...this.#records.values()];
  }
}

function intentOf(r: PaymentRecord): PaymentIntent {
  const { outcome: _o, ...intent } = r;
  return intent;
}
