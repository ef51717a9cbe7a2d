// The payment ledger port (payment-ledger.ts) over the encrypted outbox: the one adapter, next
// to its one interface. Every call is one SQLite transaction (synchronous=FULL), so an intent is
// durable before the terminal is asked to charge. It reads and writes the outbox's payments
// aggregate only (offline-sync/outbox/payments.ts).
import { ok, err, type Result } from '../../../common/result';
import type { Outbox, PaymentRow } from '../../../offline-sync';
import {
  isMaskedPan,
  type LedgerError, type OutcomeStatus, type PaymentIntent, type PaymentLedger, type PaymentOutcome, type PaymentRecord, type PendingPayment,
} from './payment-ledger';

const FINAL: readonly OutcomeStatus[] = ['approved', 'declined', 'cancelled'];

function intentOf(p: PaymentRow): PaymentIntent {
  return {
    paymentId: p.id, dossierId: p.dossierId, method: p.method === 'vietqr' ? 'vietqr' : 'card', amount: p.amount,
    createdAt: new Date(p.createdAt), ...(p.reference ? { reference: p.reference } : {}),
  };
}

/** A refund (recorded by staff through the outbox) means the fee was not kept: shown as cancelled. */
function statusOf(p: PaymentRow): OutcomeStatus | null {
  if (p.outcome === 'in_progress') return null;
  return p.outcome === 'refunded' ? 'cancelled' : p.outcome;
}

export class OutboxPaymentLedger implements PaymentLedger {
  constructor(private readonly outbox: Pick<Outbox, 'payments'>) {}

  recordIntent(p: PaymentIntent): Result<void, LedgerError> {
    const prev = this.outbox.payments.get(p.paymentId);
    if (prev) {
      // The same intent written twice (a retried write) is harmless; a different one is a bug.
      const same = prev.dossierId === p.dossierId && prev.amount === p.amount && prev.method === p.method;
      return same ? ok(undefined) : err({ code: 'duplicate', paymentId: p.paymentId });
    }
    const r = this.outbox.payments.recordIntent({
      id: p.paymentId, dossierId: p.dossierId, method: p.method, amount: p.amount, createdAt: p.createdAt, ...(p.reference ? { reference: p.reference } : {}),
    });
    if (!r.ok) return r.error.code === 'duplicate' ? err({ code: 'duplicate', paymentId: p.paymentId }) : err({ code: 'storage', detail: r.error.code });
    return ok(undefined);
  }

  recordOutcome(paymentId: string, o: PaymentOutcome): Result<void, LedgerError> {
    const cur = this.outbox.payments.get(paymentId);
    if (!cur) return err({ code: 'not-found', paymentId });
    if (o.maskedPan !== undefined && !isMaskedPan(o.maskedPan)) return err({ code: 'unmasked-pan' });
    const prev = statusOf(cur);
    if (prev && FINAL.includes(prev)) return prev === o.status ? ok(undefined) : err({ code: 'already-final', paymentId, status: prev });
    if (o.status === 'unknown') {
      const r = this.outbox.payments.markUnknown(paymentId);
      return r.ok ? ok(undefined) : err({ code: 'storage', detail: r.error.code });
    }
    const r = this.outbox.payments.recordOutcome(paymentId, {
      status: o.status,
      ...(o.terminalRef ? { terminalRef: o.terminalRef } : {}),
      ...(o.approvalCode ? { approvalCode: o.approvalCode } : {}),
      ...(o.maskedPan ? { maskedPan: o.maskedPan } : {}),
      ...(o.paidAt ? { paidAt: o.paidAt.toISOString() } : {}),
    });
    if (!r.ok) return r.error.code === 'invalid-input' ? err({ code: 'unmasked-pan' }) : err({ code: 'storage', detail: r.error.code });
    return ok(undefined);
  }

  listUnresolved(): PendingPayment[] {
    return this.outbox.payments.unresolved().map((p) => ({ ...intentOf(p), state: p.outcome === 'in_progress' ? 'in-flight' : 'unknown' }));
  }

  forDossier(dossierId: string): PaymentRecord[] {
    return this.outbox.payments.forDossier(dossierId).map((p) => {
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
  byReference(reference: string): PaymentRecord | undefined {
    const p = this.outbox.payments.byReference(reference);
    return p ? this.forDossier(p.dossierId).find((r) => r.paymentId === p.id) : undefined;
  }
}
