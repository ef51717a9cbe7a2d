// What technicians see of the outbox: counts (OutboxStats), one message with its metadata, and
// a metadata-only export for support. States, codes and errors; never personal data.
import fs from 'node:fs';
import path from 'node:path';
import { ok, type Result } from '../../common/result';
import type { OutboxContext } from './outbox-context';
import type { MessageQueue } from './messages';
import type { AttachmentFiles } from './attachments';
import type { Dossiers } from './dossiers';
import type { Payments } from './payments';
import type { PaymentDrafts } from './payment-drafts';
import type { QueueTickets } from './queue-tickets';
import type { Supplements } from './supplements';
import type { AttachmentRow, DossierView, MessageRow, OutboxError, OutboxStats, PaymentRow, QueueTicketRow } from './types';

export interface MessageDetail {
  message: MessageRow;
  dossier?: DossierView;
  payment?: PaymentRow;
  queueTicket?: QueueTicketRow;
  attachments?: AttachmentRow[];
}

export class OutboxReport {
  constructor(
    private readonly ctx: OutboxContext,
    private readonly parts: {
      messages: MessageQueue;
      attachments: AttachmentFiles;
      dossiers: Dossiers;
      supplements: Supplements;
      payments: Payments;
      drafts: PaymentDrafts;
      queueTickets: QueueTickets;
    },
  ) {}

  stats(): OutboxStats {
    const p = this.parts;
    return {
      ...p.messages.counts(),
      unresolvedPayments: p.payments.unresolvedCount(), paidNotSubmitted: p.drafts.paidNotSubmittedCount(), purgedDossiers: p.dossiers.purgedCount(),
    };
  }

  /** Everything a technician may see about one message: state and metadata, never personal data. */
  show(id: string): MessageDetail | null {
    const p = this.parts;
    const message = p.messages.get(id);
    if (!message) return null;
    switch (message.kind) {
      case 'dossier':
        return { message, dossier: p.dossiers.get(id) ?? undefined, attachments: p.attachments.listFor(id, null) };
      case 'supplement': {
        const s = p.supplements.get(id);
        return { message, attachments: s ? p.attachments.listFor(s.dossierId, id) : [] };
      }
      case 'payment':
        return { message, payment: p.payments.get(id) ?? undefined };
      case 'queue_ticket':
        return { message, queueTicket: p.queueTickets.get(id) ?? undefined };
      default:
        return { message };
    }
  }

  /** Writes a metadata-only report (states, errors, codes; no personal data) for support. */
  export(dir: string): Result<{ file: string; messages: number }, OutboxError> {
    try {
      fs.mkdirSync(dir, { recursive: true });
      const messages = this.parts.messages.list({ limit: 1_000_000 });
      const report = {
        exportedAt: this.ctx.clock.now().toISOString(),
        schemaVersion: this.ctx.store.schemaVersion,
        stats: this.stats(),
        messages: messages.map((m) => ({ ...m, ...(m.kind === 'dossier' ? { dossier: this.parts.dossiers.get(m.id) } : {}) })),
        unresolvedPayments: this.parts.payments.unresolved(),
      };
      const file = path.join(dir, `outbox-export-${this.ctx.clock.now().toISOString().replace(/[:.]/g, '-')}.json`);
      fs.writeFileSync(file, JSON.stringify(report, null, 2), { mode: 0o600 });
      return ok({ file, messages: messages.length });
    } catch (e) {
      return this.ctx.fail('export-failed', e);
    }
  }
}
