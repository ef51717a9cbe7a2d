// The outbox as the payment service's ledger. It matches kiosk-app/core/payment/payment-ledger.ts
// (PaymentLedger) structurally, without importing it (offline-sync may not import kiosk-app):
// the core wires `const ledger: PaymentLedger = new OutboxPaymentLedger(outbox)` and tsc checks it.
// Every call is one SQLite transaction (synchronous=FULL), so an intent is durable before the
// terminal is asked to charge.
import { ok, err, type Result } from '../../common/result';
import type { Outbox } from './outbox';
import type { PaymentRow } from './types';

export type LedgerMethod = 'card' | 'vietqr';
export type LedgerOutcomeStatus = 'approved' | 'declined' | 'cancelled' | 'unknown';

export interface LedgerIntent {
  readonly paymentId: string;
  readonly dossierId: string;
  readonly method: LedgerMethod;
  readonly amount: number;
  readonly createdAt: Date;
  readonly reference?: string;
}

export interface LedgerOutcome {
  readonly status: LedgerOutcomeStatus;
  readonly terminalRef?: string;
  readonly approvalCode?: string;
  readonly maskedPan?: string;
  readonly paidAt?: Date;
}

export interface LedgerRecord extends LedgerIntent {
  readonly outcome?: LedgerOutcome;
}

export interface LedgerPending extends LedgerIntent {
  readonly state: 'in-flight' | 'unknown';
}

export type LedgerError =
  | { readonly code: 'duplicate'; readonly paymentId: string }
  | { readonly code: 'not-found'; readonly paymentId: string }
  | { readonly code: 'already-final'; readonly paymentId: string; readonly status: LedgerOutcomeStatus }
  | { readonly code: 'unmasked-pan' }
  | { readonly code: 'storage'; readonly detail: string };

const FINAL = new Set(['approved', 'declined', 'cancelled']);

function intentOf(p: PaymentRow): LedgerIntent {
  return {
    paymentId: p.id, dossierId: p.dossierId, method: p.method === 'vietqr' ? 'vietqr' : 'card', amount: p.amount,
    createdAt: new Date(p.createdAt), ...(p.reference ? { reference: p.reference } : {}),
  };
}

/** A refund (recorded by staff through the outbox) means the fee was not kept: shown as cancelled. */
function statusOf(p: PaymentRow): LedgerOutcomeStatus | null {
  if (p.outcome === 'in_progress') return null;
  return p.outcome === 'refunded' ? 'cancelled' : p.outcome;
}

export class OutboxPaymentLedger {
  constructor(private readonly outbox: Outbox) {}

  recordIntent(p: LedgerIntent): Result<void, LedgerError> {
    const prev = this.outbox.getPayment(p.paymentId);
    if (prev) {
      // The same intent written twice (a retried write) is harmless; a different one is a bug.
      const same = prev.dossierId === p.dossierId && prev.amount === p.amount && prev.method === p.method;
      return same ? ok(undefined) : err({ code: 'duplicate', paymentId: p.paymentId });
    }
    const r = this.outbox.recordPaymentIntent({
      id: p.paymentId, dossierId: p.dossierId, method: p.method, amount: p.amount, createdAt: p.createdAt, ...(p.reference ? { reference: p.reference } : {}),
    });
    if (!r.ok) return r.error.code === 'duplicate' ? err({ code: 'duplicate', paymentId: p.paymentId }) : err({ code: 'storage', detail: r.error.code });
    return ok(undefined);
  }

  recordOutcome(paymentId: string, o: LedgerOutcome): Result<void, LedgerError> {
    const cur = this.outbox.getPayment(paymentId);
    if (!cur) return err({ code: 'not-found', paymentId });
    if (o.maskedPan !== undefined && !(o.maskedPan.length >= 12 && o.maskedPan.length <= 19 && /^\d{0,6}\*+\d{0,4}$/.test(o.maskedPan))) {
      return err({ code: 'unmasked-pan' });
    }
    const prev = statusOf(cur);
    if (prev && FINAL.has(prev)) return prev === o.status ? ok(undefined) : err({ code: 'already-final', paymentId, status: prev });
    if (o.status === 'unknown') {
      const r = this.outbox.markPaymentUnknown(paymentId);
      return r.ok ? ok(undefined) : err({ code: 'storage', detail: r.error.code });
    }
    const r = this.outbox.recordPaymentOutcome(paymentId, {
      status: o.status,
      ...(o.terminalRef ? { terminalRef: o.terminalRef } : {}),
      ...(o.approvalCode ? { approvalCode: o.approvalCode } : {}),
      ...(o.maskedPan ? { maskedPan: o.maskedPan } : {}),
      ...(o.paidAt ? { paidAt: o.paidAt.toISOString() } : {}),
    });
    if (!r.ok) return r.error.code === 'invalid-input' ? err({ code: 'unmasked-pan' }) : err({ code: 'storage', detail: r.error.code });
    return ok(undefined);
  }

  listUnresolved(): LedgerPending[] {
    return this.outbox.unresolvedPayments().map((p) => ({ ...intentOf(p), state: p.outcome === 'in_progress' ? 'in-flight' : 'unknown' }));
  }

  forDossier(dossierId: string): LedgerRecord[] {
    return this.outbox.paymentsForDossier(dossierId).map((p) => {
      const status = statusOf(p);
      if (!status) return intentOf(p);
      return {
        ...intentOf(p),
        outcome: {
          status,
          ...(p.terminalRef ? { terminalRef: p.terminalRef } : {}),
          ...(p.approvalCode ? { approvalCode: p.approvalCode } : {}),
          ...(p.maskedPan ? { maskedPan: p.maskedPan } : {}),
          ...(p.paidAt && status !== 'unknown' ? { paidAt: new Date(p.paidAt) } : {}),
        },
      };
    });
  }

  /** The sale behind a VietQR reference (a bank notification after a restart). */
  byReference(reference: string): LedgerRecord | undefined {
    const p = this.outbox.paymentByReference(reference);
    return p ? this.forDossier(p.dossierId).find((r) => r.paymentId === p.id) : undefined;
  }
}
