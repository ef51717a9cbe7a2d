// Retention: once the city confirmed a dossier more than retentionDays ago (and nothing of it
// is left to send), its identity, form answers, scans and supplement notes are dropped; ids,
// codes and statuses stay for lookups. Payment drafts are emptied on the same clock. Audit events
// hold no personal data and are kept far longer: acknowledged ones go after AUDIT_RETENTION_DAYS.
import { ok, type Result } from '../../common/result';
import { DAY_MS, type OutboxContext, type Row } from './outbox-context';
import type { AttachmentFiles } from './attachments';
import type { Supplements } from './supplements';
import type { PaymentDrafts } from './payment-drafts';
import type { AuditEvents } from './audit-events';
import type { OutboxError } from './types';

export class Retention {
  constructor(
    private readonly ctx: OutboxContext,
    private readonly attachments: AttachmentFiles,
    private readonly supplements: Supplements,
    private readonly drafts: PaymentDrafts,
    private readonly audit: AuditEvents,
    readonly retentionDays: number,
  ) {}

  /**
   * Drops identity, form answers and scans of dossiers the city confirmed more than retentionDays
   * ago (and which have nothing left to send). Keeps ids, codes and statuses for lookups.
   */
  purgeExpired(): Result<{ purged: number }, OutboxError> {
    const cutoff = this.ctx.now() - this.retentionDays * DAY_MS;
    try {
      const ids = (this.ctx.db.prepare(
        `SELECT d.id FROM dossiers d JOIN outbox_messages m ON m.id = d.id
         WHERE d.purged_at IS NULL AND m.state = 'acked' AND m.acked_at <= ?
           AND NOT EXISTS (SELECT 1 FROM supplements s JOIN outbox_messages sm ON sm.id = s.id WHERE s.dossier_id = d.id AND sm.state <> 'acked')`,
      ).all(cutoff) as Row[]).map((r) => r.id as string);
      // Drafts: once their dossier exists or staff settled them, kept retentionDays, then emptied.
      this.drafts.purgeSettled(cutoff);
      const audit = this.audit.purgeDelivered();
      if (audit) this.ctx.log.info('audit-purged', { events: audit });
      if (!ids.length) return ok({ purged: 0 });
      const shas = new Set<string>();
      this.ctx.transaction(() => {
        const now = this.ctx.now();
        for (const id of ids) {
          for (const sha of this.attachments.markPurged(id, now)) shas.add(sha);
          this.ctx.db.prepare('UPDATE dossiers SET payload_json = NULL, purged_at = ? WHERE id = ?').run(now, id);
          this.supplements.forgetNotes(id);
        }
      });
      // Files go after the commit; a file still referenced by an unpurged row (same scan twice) stays.
      this.attachments.removeUnreferenced(shas);
      // Overwrite freed pages so purged data does not linger in the file (it is encrypted anyway).
      this.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
      this.ctx.log.info('retention-purged', { dossiers: ids.length, files: shas.size, retentionDays: this.retentionDays });
      return ok({ purged: ids.length });
    } catch (e) {
      return this.ctx.fail('purge-failed', e);
    }
  }

  /** Removes leftover temp files and attachment files no row points at (a crash between write and commit). */
  sweepOrphanFiles(minAgeMs?: number): number {
    return this.attachments.sweepOrphans(minAgeMs);
  }
}
