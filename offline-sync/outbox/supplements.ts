// Supplements: extra papers the city asked for (needs_supplement), committed like a dossier
// (files first, then one transaction) and sent after their dossier.
import { ok, err, type Result } from '../../common/result';
import { newId } from '../../common/ids';
import { inputError, type OutboxContext, type Row } from './outbox-context';
import type { MessageQueue } from './messages';
import type { AttachmentFiles } from './attachments';
import { supplementInputSchema, type OutboxError, type SupplementInput } from './types';

export interface SupplementRow {
  readonly dossierId: string;
  readonly note: string | null;
  readonly createdAt: string;
}

export class Supplements {
  constructor(
    private readonly ctx: OutboxContext,
    private readonly messages: MessageQueue,
    private readonly attachments: AttachmentFiles,
  ) {}

  /** Extra attachments the city asked for (needs_supplement). */
  submit(input: SupplementInput): Result<{ id: string; attachments: readonly { id: string; sha256: string }[] }, OutboxError> {
    const parsed = supplementInputSchema.safeParse(input);
    if (!parsed.success) return err(inputError(parsed.error));
    const s = parsed.data;
    const dossier = this.ctx.db.prepare('SELECT id, purged_at FROM dossiers WHERE id = ?').get(s.dossierId) as Row | undefined;
    if (!dossier) return err({ code: 'not-found', message: 'No such dossier on this kiosk.' });
    const files = this.attachments.write(s.attachments);
    if (!files.ok) return files;
    const id = s.id ?? newId();
    const now = this.ctx.now();
    const rows = files.value.map((f) => ({ id: newId(), ...f }));
    try {
      this.ctx.beforeCommit();
      this.ctx.transaction(() => {
        this.ctx.db.prepare('INSERT INTO supplements (id, dossier_id, note, created_at) VALUES (?, ?, ?, ?)').run(id, s.dossierId, s.note ?? null, now);
        this.attachments.insertRows(s.dossierId, id, rows, s.attachments);
        this.messages.insert(id, 'supplement', s.dossierId, now);
      });
    } catch (e) {
      return this.ctx.fail('supplement-failed', e);
    }
    this.ctx.log.info('supplement-submitted', { dossierId: s.dossierId, supplementId: id, attachments: rows.length });
    this.ctx.changed();
    return ok({ id, attachments: rows.map((a) => ({ id: a.id, sha256: a.sha256 })) });
  }

  get(id: string): SupplementRow | null {
    const r = this.ctx.db.prepare('SELECT * FROM supplements WHERE id = ?').get(id) as Row | undefined;
    return r ? { dossierId: r.dossier_id as string, note: (r.note as string | null) ?? null, createdAt: new Date(r.created_at as number).toISOString() } : null;
  }

  /** Retention: the note may be personal; the row stays for lookups (inside the caller's transaction). */
  forgetNotes(dossierId: string): void {
    this.ctx.db.prepare('UPDATE supplements SET note = NULL WHERE dossier_id = ?').run(dossierId);
  }
}
