// What the citizen entered when a payment started (payment_drafts, migration 5), keyed by the
// reserved dossier id, so a paid fee is never without its dossier's data. An approved payment
// whose dossier this kiosk never kept is "paid, not submitted" until staff settle it.
import { ok, err, type Result } from '../../common/result';
import type { OutboxContext, Row } from './outbox-context';
import { toPayment, type Payments } from './payments';
import type { OutboxError, PaidNotSubmitted, PaymentDraft } from './types';

/** Approved, no dossier on this kiosk, not settled by staff. */
const PAID_NOT_SUBMITTED = `FROM payments p LEFT JOIN payment_drafts d ON d.dossier_id = p.dossier_id
  WHERE p.outcome = 'approved' AND d.settled_at IS NULL AND NOT EXISTS (SELECT 1 FROM dossiers x WHERE x.id = p.dossier_id)`;

export class PaymentDrafts {
  constructor(
    private readonly ctx: OutboxContext,
    private readonly payments: Payments,
  ) {}

  /**
   * What the citizen entered, written before a payment of the reserved dossier starts (see
   * migration 5); a later payment attempt of the same dossier updates it.
   */
  save(input: { dossierId: string; procedureCode: string; draft: PaymentDraft }): Result<void, OutboxError> {
    try {
      this.ctx.db
        .prepare(`INSERT INTO payment_drafts (dossier_id, procedure_code, payload_json, created_at) VALUES (?, ?, ?, ?)
                  ON CONFLICT(dossier_id) DO UPDATE SET procedure_code = excluded.procedure_code, payload_json = excluded.payload_json WHERE settled_at IS NULL`)
        .run(input.dossierId, input.procedureCode, JSON.stringify(input.draft), this.ctx.now());
      return ok(undefined);
    } catch (e) {
      return this.ctx.fail('payment-draft-failed', e);
    }
  }

  /**
   * Approved payments whose dossier this kiosk never kept: the citizen paid and left (or the
   * kiosk restarted) before submitting. Oldest first, with what they had entered.
   */
  paidNotSubmitted(): PaidNotSubmitted[] {
    const rows = this.ctx.db
      .prepare(`SELECT p.*, d.procedure_code AS draft_procedure, d.payload_json AS draft_json ${PAID_NOT_SUBMITTED} ORDER BY p.created_at`)
      .all() as Row[];
    return rows.map((r) => ({
      payment: toPayment(r),
      procedureCode: (r.draft_procedure as string | null) || null,
      draft: r.draft_json ? (JSON.parse(r.draft_json as string) as PaymentDraft) : null,
    }));
  }

  paidNotSubmittedCount(): number {
    return (this.ctx.db.prepare(`SELECT COUNT(*) AS n ${PAID_NOT_SUBMITTED}`).get() as Row).n as number;
  }

  /** The procedure the citizen was paying for (from the draft), if one was kept. */
  procedureFor(dossierId: string): string | null {
    const r = this.ctx.db.prepare('SELECT procedure_code FROM payment_drafts WHERE dossier_id = ?').get(dossierId) as Row | undefined;
    return (r?.procedure_code as string | undefined) || null;
  }

  /** Staff completed the dossier at the counter or refunded the fee: no longer listed. */
  settle(paymentId: string): Result<void, OutboxError> {
    try {
      const p = this.payments.get(paymentId);
      if (!p) return err({ code: 'not-found', message: 'No such payment.' });
      const now = this.ctx.now();
      // A payment without a draft row gets one, settled, so it leaves the list all the same.
      this.ctx.db
        .prepare(`INSERT INTO payment_drafts (dossier_id, procedure_code, payload_json, created_at, settled_at) VALUES (?, '', NULL, ?, ?)
                  ON CONFLICT(dossier_id) DO UPDATE SET settled_at = COALESCE(settled_at, excluded.settled_at)`)
        .run(p.dossierId, now, now);
      this.ctx.log.info('paid-not-submitted-settled', { paymentId });
      return ok(undefined);
    } catch (e) {
      return this.ctx.fail('payment-draft-failed', e);
    }
  }

  /** Retention: drafts whose dossier exists or staff settled them are emptied once older than cutoff. */
  purgeSettled(cutoff: number): void {
    this.ctx.db.prepare(
      `UPDATE payment_drafts SET payload_json = NULL, purged_at = ? WHERE purged_at IS NULL AND created_at <= ?
         AND (settled_at IS NOT NULL OR EXISTS (SELECT 1 FROM dossiers x WHERE x.id = payment_drafts.dossier_id))`,
    ).run(this.ctx.now(), cutoff);
  }
}
