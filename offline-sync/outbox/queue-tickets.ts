// Queue tickets: the request is durable before the network is tried; the city's number is
// stored with the ack. A request the city did not answer in time can be withdrawn.
import { ok, err, type Result } from '../../common/result';
import { newId } from '../../common/ids';
import { inputError, type OutboxContext, type Row } from './outbox-context';
import type { MessageQueue } from './messages';
import { queueTicketInputSchema, type OutboxError, type QueuePriority, type QueueTicketInput, type QueueTicketRow } from './types';

/** The city's answer to POST /v1/queue-tickets, as stored. */
export interface QueueTicketAck {
  readonly number: number;
  readonly counterHint: string | null;
  readonly issuedAt: string;
  readonly estimatedWaitMinutes: number | null;
}

export class QueueTickets {
  constructor(
    private readonly ctx: OutboxContext,
    private readonly messages: MessageQueue,
  ) {}

  enqueue(input: QueueTicketInput): Result<QueueTicketRow, OutboxError> {
    const parsed = queueTicketInputSchema.safeParse(input);
    if (!parsed.success) return err(inputError(parsed.error));
    const t = parsed.data;
    const id = t.id ?? newId();
    const now = this.ctx.now();
    try {
      this.ctx.transaction(() => {
        this.ctx.db.prepare(`INSERT INTO queue_tickets (id, branch_code, service_code, priority, requested_at) VALUES (?, ?, ?, ?, ?)`)
          .run(id, t.branchCode, t.serviceCode, t.priority, new Date(now).toISOString());
        this.messages.insert(id, 'queue_ticket', null, now);
      });
    } catch (e) {
      return this.ctx.fail('queue-ticket-failed', e);
    }
    this.ctx.changed();
    return ok(this.get(id)!);
  }

  get(id: string): QueueTicketRow | null {
    const r = this.ctx.db.prepare('SELECT * FROM queue_tickets WHERE id = ?').get(id) as Row | undefined;
    if (!r) return null;
    return {
      id: r.id as string, branchCode: r.branch_code as string, serviceCode: r.service_code as string, priority: r.priority as QueuePriority,
      requestedAt: r.requested_at as string, number: (r.number as number | null) ?? null, counterHint: (r.counter_hint as string | null) ?? null,
      issuedAt: (r.issued_at as string | null) ?? null, estimatedWaitMinutes: (r.estimated_wait_minutes as number | null) ?? null,
    };
  }

  /** Stores the city's number and acks the message in one transaction. */
  recordAck(id: string, t: QueueTicketAck): void {
    this.ctx.transaction(() => {
      this.ctx.db.prepare('UPDATE queue_tickets SET number = ?, counter_hint = ?, issued_at = ?, estimated_wait_minutes = ? WHERE id = ?')
        .run(t.number, t.counterHint, t.issuedAt, t.estimatedWaitMinutes, id);
      this.messages.markAcked(id);
    });
  }

  /**
   * A queue-number request the city did not answer in time: the citizen was given a local
   * number or sent to reception, so asking the city later would issue a number nobody holds.
   * Removes the unsent message; the ticket row stays as the record. False if already sent.
   */
  withdraw(id: string): boolean {
    const withdrawn = this.messages.withdraw(id, 'queue_ticket');
    if (withdrawn) {
      this.ctx.log.info('queue-ticket-withdrawn', { id });
      this.ctx.changed();
    }
    return withdrawn;
  }
}
