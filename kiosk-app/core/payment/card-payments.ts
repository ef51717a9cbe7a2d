import { err, ok, type Result } from '../../../common/result';
import type { PaymentTerminal } from '../../../device-drivers/payment/payment-terminal-types';
import type { PaymentContext, PaymentError, PaymentReceipt } from './payment-context';
import { isMaskedPan, type OutcomeStatus, type PendingPayment } from './payment-ledger';

// A card sale on the terminal: durable in the ledger before the terminal is asked, its outcome
// recorded truthfully, and after a crash asked about (the terminal's late reply), never re-sent.

/** The 10-character tag a card request carries: ties a terminal reply to its ledger row. */
export function tagOf(paymentId: string): string {
  return paymentId.replace(/[^0-9A-Za-z]/g, '').slice(-10).toUpperCase();
}

export class CardPayments {
  constructor(
    private readonly c: PaymentContext,
    private readonly terminal: PaymentTerminal,
    /** How long reconcile listens for a reply the terminal still holds. */
    private readonly lateReplyWindowMs: number,
  ) {}

  async payByCard(p: { dossierId: string; amount: number }): Promise<Result<PaymentReceipt, PaymentError>> {
    if (!Number.isInteger(p.amount) || p.amount <= 0) return err({ code: 'invalid-amount' });
    const g = this.c.guard(p.dossierId);
    if (!g.ok) return g;
    const paymentId = this.c.newId();
    const intent = { paymentId, dossierId: p.dossierId, method: 'card' as const, amount: p.amount, createdAt: this.c.clock.now() };
    const w = this.c.ledger.recordIntent(intent);
    if (!w.ok) return err({ code: 'ledger', detail: w.error.code });
    this.c.paying.add(p.dossierId);
    try {
      this.c.log.info('card-sale-start', { paymentId, amount: p.amount });
      const r = await this.terminal.sale({ amount: p.amount, tag: tagOf(paymentId) });
      if (r.ok) {
        const paidAt = r.value.completedAt;
        this.c.record(paymentId, {
          status: 'approved',
          paidAt,
          ...(r.value.terminalRef ? { terminalRef: r.value.terminalRef } : {}),
          ...(r.value.maskedPan ? { maskedPan: r.value.maskedPan } : {}),
        });
        this.c.log.info('card-sale-approved', { paymentId });
        return ok({
          paymentId, dossierId: p.dossierId, method: 'card', amount: p.amount, paidAt,
          ...(r.value.maskedPan && isMaskedPan(r.value.maskedPan) ? { maskedPan: r.value.maskedPan } : {}),
          ...(r.value.terminalRef ? { terminalRef: r.value.terminalRef } : {}),
        });
      }
      const e = r.error;
      this.c.log.warn('card-sale-failed', { paymentId, code: e.code });
      switch (e.code) {
        case 'declined':
          this.c.record(paymentId, { status: 'declined' });
          return err({ code: 'declined' });
        case 'timeout':
          this.c.record(paymentId, { status: 'cancelled' });
          return err({ code: 'timeout' });
        case 'unknown-outcome':
          this.c.record(paymentId, { status: 'unknown' });
          return err({ code: 'unknown-outcome', paymentId });
        case 'cancelled':
          this.c.record(paymentId, { status: 'cancelled' });
          return err({ code: 'cancelled' });
        case 'no-answer':
        case 'disconnected':
        case 'protocol':
        case 'busy':
          // The request never reached the terminal (the driver guarantees it for these codes).
          this.c.record(paymentId, { status: 'cancelled' });
          return err({ code: 'terminal-unavailable', cause: e.code });
      }
    } finally {
      this.c.paying.delete(p.dossierId);
    }
  }

  /** The citizen pressed cancel; only honoured before the terminal accepted the request. */
  cancel(): boolean {
    return this.terminal.cancel();
  }

  /**
   * The card part of the start-up reconcile: the terminal re-announces a reply it could not
   * deliver, and the unfinished sale it belongs to (by tag and amount) is recorded from it.
   * Answers the sales so resolved.
   */
  async collectLateReply(pending: readonly PendingPayment[]): Promise<Array<{ paymentId: string; status: OutcomeStatus }>> {
    const resolved: Array<{ paymentId: string; status: OutcomeStatus }> = [];
    const cards = pending.filter((p) => p.method === 'card');
    if (cards.length > 0) {
      const late = await this.terminal.collectLateReply(this.lateReplyWindowMs);
      if (late.ok && late.value) {
        const reply = late.value;
        const match = cards.find((p) => tagOf(p.paymentId) === reply.tag && p.amount === reply.amount);
        if (match) {
          const status: OutcomeStatus = reply.status === 'approved' ? 'approved' : reply.status === 'declined' ? 'declined' : 'cancelled';
          this.c.record(match.paymentId, {
            status,
            ...(status === 'approved' ? { paidAt: this.c.clock.now() } : {}),
            ...(reply.maskedPan ? { maskedPan: reply.maskedPan } : {}),
          });
          resolved.push({ paymentId: match.paymentId, status });
          this.c.log.info('reconciled-from-terminal', { paymentId: match.paymentId, status });
        } else {
          this.c.log.warn('late-reply-unmatched', { amount: reply.amount, status: reply.status });
        }
      } else if (!late.ok) {
        this.c.log.warn('late-reply-failed', { code: late.error.code });
      }
    }
    return resolved;
  }
}
