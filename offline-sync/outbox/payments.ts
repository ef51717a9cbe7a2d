// Payments: the intent is written BEFORE the terminal is asked to charge, the outcome after it
// answers. A settled payment is queued for the city only once its dossier exists (the contract
// has no payment without a dossier), and waits for that dossier's message to be acked.
import { ok, err, type Result } from '../../common/result';
import { newId } from '../../common/ids';
import { inputError, type OutboxContext, type Row } from './outbox-context';
import type { MessageQueue } from './messages';
import {
  paymentIntentSchema, paymentOutcomeSchema,
  type OutboxError, type PaymentIntentInput, type PaymentMethod, type PaymentOutcome, type PaymentOutcomeInput, type PaymentRow,
} from './types';

export function toPayment(r: Row): PaymentRow {
  return {
    id: r.id as string, dossierId: r.dossier_id as string, method: r.method as PaymentMethod, amount: r.amount as number,
    outcome: r.outcome as PaymentOutcome, terminalRef: (r.terminal_ref as string | null) ?? null,
    approvalCode: (r.approval_code as string | null) ?? null, maskedPan: (r.masked_pan as string | null) ?? null,
    paidAt: (r.paid_at as string | null) ?? null, createdAt: new Date(r.created_at as number).toISOString(),
    reference: (r.reference as string | null) ?? null,
  };
}

export class Payments {
  constructor(
    private readonly ctx: OutboxContext,
    private readonly messages: MessageQueue,
  ) {}

  /**
   * Written BEFORE the terminal is asked to charge: if the kiosk dies mid-sale, the sale is found
   * on restart (unresolved) and reconciled with the terminal, never repeated blindly.
   */
  recordIntent(input: PaymentIntentInput): Result<{ paymentId: string }, OutboxError> {
    const parsed = paymentIntentSchema.safeParse(input);
    if (!parsed.success) return err(inputError(parsed.error));
    const p = parsed.data;
    const id = p.id ?? newId();
    try {
      this.ctx.db.prepare(`INSERT INTO payments (id, dossier_id, method, amount, outcome, created_at, reference) VALUES (?, ?, ?, ?, 'in_progress', ?, ?)`)
        .run(id, p.dossierId, p.method, p.amount, p.createdAt?.getTime() ?? this.ctx.now(), p.reference ?? null);
    } catch (e) {
      return this.ctx.fail('payment-intent-failed', e);
    }
    this.ctx.log.info('payment-intent', { paymentId: id, method: p.method });
    return ok({ paymentId: id });
  }

  /** The terminal's (or reconciliation's) final answer. Queued for the city once the dossier exists. */
  recordOutcome(paymentId: string, input: PaymentOutcomeInput): Result<PaymentRow, OutboxError> {
    const parsed = paymentOutcomeSchema.safeParse(input);
    if (!parsed.success) return err(inputError(parsed.error));
    const o = parsed.data;
    const now = this.ctx.now();
    try {
      const row = this.ctx.transaction(() => {
        const cur = this.ctx.db.prepare('SELECT * FROM payments WHERE id = ?').get(paymentId) as Row | undefined;
        if (!cur) return 'not-found' as const;
        if (cur.outcome !== 'in_progress' && cur.outcome !== 'unknown') {
          // Only a refund may follow an approval; anything else would rewrite a settled sale.
          if (!(cur.outcome === 'approved' && o.status === 'refunded')) return 'invalid-state' as const;
        }
        this.ctx.db.prepare(
          `UPDATE payments SET outcome = ?, terminal_ref = COALESCE(?, terminal_ref), approval_code = COALESCE(?, approval_code),
           masked_pan = COALESCE(?, masked_pan), paid_at = ?, outcome_at = ? WHERE id = ?`,
        ).run(o.status, o.terminalRef ?? null, o.approvalCode ?? null, o.maskedPan ?? null, o.paidAt ?? new Date(now).toISOString(), now, paymentId);
        const hasDossier = this.ctx.db.prepare('SELECT 1 FROM dossiers WHERE id = ?').get(cur.dossier_id);
        if (this.messages.get(paymentId)) {
          // A refund after the approval was sent: send the payment again with its new status.
          this.messages.resend(paymentId);
        } else if (hasDossier) {
          this.activateMessage(paymentId, now);
        }
        return this.get(paymentId)!;
      });
      if (row === 'not-found') return err({ code: 'not-found', message: 'No such payment.' });
      if (row === 'invalid-state') return err({ code: 'invalid-state', message: 'This payment already has a final outcome.' });
      this.ctx.log.info('payment-outcome', { paymentId, status: o.status });
      this.ctx.changed();
      return ok(row);
    } catch (e) {
      return this.ctx.fail('payment-outcome-failed', e);
    }
  }

  /** Queues a settled payment for the city (inside the caller's transaction); an unsettled one waits. */
  activateMessage(paymentId: string, now: number): void {
    const p = this.ctx.db.prepare('SELECT outcome, dossier_id FROM payments WHERE id = ?').get(paymentId) as Row | undefined;
    if (!p || p.outcome === 'in_progress' || p.outcome === 'unknown') return;
    this.messages.insert(paymentId, 'payment', p.dossier_id as string, now, { ifAbsent: true });
  }

  /** The dossier now exists: its payments settled before it become sendable (inside the caller's transaction). */
  activateForDossier(dossierId: string, now: number): void {
    for (const p of this.ctx.db.prepare('SELECT id FROM payments WHERE dossier_id = ?').all(dossierId) as Row[]) this.activateMessage(p.id as string, now);
  }

  /** Nobody knows how the sale ended (terminal silent, kiosk restarted): staff must check. */
  markUnknown(paymentId: string): Result<PaymentRow, OutboxError> {
    try {
      const r = this.ctx.db.prepare(`UPDATE payments SET outcome = 'unknown' WHERE id = ? AND outcome IN ('in_progress','unknown')`).run(paymentId);
      const row = this.get(paymentId);
      if (!row) return err({ code: 'not-found', message: 'No such payment.' });
      if (r.changes === 0) return err({ code: 'invalid-state', message: 'This payment already has a final outcome.' });
      this.ctx.log.warn('payment-unknown', { paymentId });
      this.ctx.changed();
      return ok(row);
    } catch (e) {
      return this.ctx.fail('payment-unknown-failed', e);
    }
  }

  /** At start-up: any sale still "in progress" belongs to a previous run, so its outcome is unknown. */
  markInterruptedUnknown(): number {
    return this.ctx.db.prepare(`UPDATE payments SET outcome = 'unknown' WHERE outcome = 'in_progress'`).run().changes;
  }

  get(id: string): PaymentRow | null {
    const r = this.ctx.db.prepare('SELECT * FROM payments WHERE id = ?').get(id) as Row | undefined;
    return r ? toPayment(r) : null;
  }

  /** Sales started but not settled (in progress when the kiosk stopped, or marked unknown). */
  unresolved(): PaymentRow[] {
    return (this.ctx.db.prepare(`SELECT * FROM payments WHERE outcome IN ('in_progress','unknown') ORDER BY created_at`).all() as Row[]).map(toPayment);
  }

  unresolvedCount(): number {
    return (this.ctx.db.prepare(`SELECT COUNT(*) AS n FROM payments WHERE outcome IN ('in_progress','unknown')`).get() as Row).n as number;
  }

  byReference(reference: string): PaymentRow | null {
    const r = this.ctx.db.prepare('SELECT * FROM payments WHERE reference = ?').get(reference) as Row | undefined;
    return r ? toPayment(r) : null;
  }

  /** Payments begun here in [from, to) (epoch ms), oldest first: a shift's or a day's takings. */
  createdBetween(from: number, to: number): PaymentRow[] {
    return (this.ctx.db.prepare('SELECT * FROM payments WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id').all(from, to) as Row[]).map(toPayment);
  }

  /** Every payment of one dossier (so a fee is never taken twice). */
  forDossier(dossierId: string): PaymentRow[] {
    return (this.ctx.db.prepare('SELECT * FROM payments WHERE dossier_id = ? ORDER BY created_at, id').all(dossierId) as Row[]).map(toPayment);
  }
}
