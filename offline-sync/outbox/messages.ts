// The message queue (outbox_messages): one row a thing to send, keyed by the entity's id (the
// idempotency key), in seq order. pending → sending → acked | rejected; a message may wait for
// another (depends_on) and is then skipped, never blocking the rest.
import { ok, err, type Result } from '../../common/result';
import type { OutboxContext, Row } from './outbox-context';
import type { MessageKind, MessageRow, MessageState, OutboxError, OutboxStats } from './types';

export const MESSAGE_KINDS: readonly MessageKind[] = ['dossier', 'payment', 'queue_ticket', 'telemetry', 'supplement', 'audit'];

function toMessage(r: Row): MessageRow {
  return {
    seq: r.seq as number, id: r.id as string, kind: r.kind as MessageKind, state: r.state as MessageState,
    dependsOn: (r.depends_on as string | null) ?? null, attempts: r.attempts as number, nextAttemptAt: r.next_attempt_at as number,
    lastError: (r.last_error as string | null) ?? null, rejectCode: (r.reject_code as string | null) ?? null,
    rejectReason: (r.reject_reason as string | null) ?? null, createdAt: r.created_at as number,
    lastAttemptAt: (r.last_attempt_at as number | null) ?? null, ackedAt: (r.acked_at as number | null) ?? null,
  };
}

/** The message counts of OutboxStats (the rest come from payments and dossiers). */
export type MessageCounts = Pick<OutboxStats, 'pending' | 'sending' | 'parked' | 'acked' | 'blocked' | 'byKind' | 'oldestPendingAt'>;

export class MessageQueue {
  constructor(private readonly ctx: OutboxContext) {}

  /** Queues a message (inside the caller's transaction). With ifAbsent, an existing one is left as it is. */
  insert(id: string, kind: MessageKind, dependsOn: string | null, now: number, opts: { ifAbsent?: boolean } = {}): void {
    this.ctx.db
      .prepare(`INSERT INTO outbox_messages (id, kind, state, depends_on, created_at) VALUES (?, ?, 'pending', ?, ?)${opts.ifAbsent ? ' ON CONFLICT(id) DO NOTHING' : ''}`)
      .run(id, kind, dependsOn, now);
  }

  /** Makes a delivered message due again (a refund after the approval was sent). */
  resend(id: string): void {
    this.ctx.db.prepare(`UPDATE outbox_messages SET state = 'pending', next_attempt_at = 0, acked_at = NULL WHERE id = ?`).run(id);
  }

  get(id: string): MessageRow | null {
    const r = this.ctx.db.prepare('SELECT * FROM outbox_messages WHERE id = ?').get(id) as Row | undefined;
    return r ? toMessage(r) : null;
  }

  list(filter: { state?: MessageState; kind?: MessageKind; limit?: number } = {}): MessageRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.state) {
      where.push('state = ?');
      args.push(filter.state);
    }
    if (filter.kind) {
      where.push('kind = ?');
      args.push(filter.kind);
    }
    const sql = `SELECT * FROM outbox_messages ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq LIMIT ?`;
    return (this.ctx.db.prepare(sql).all(...args, filter.limit ?? 1000) as Row[]).map(toMessage);
  }

  /** Messages due now, in order; a message waiting on an un-acked one is skipped, never blocks others. */
  due(now: number, limit = 50): MessageRow[] {
    return (this.ctx.db.prepare(
      `SELECT m.* FROM outbox_messages m LEFT JOIN outbox_messages d ON d.id = m.depends_on
       WHERE m.state IN ('pending','sending') AND m.next_attempt_at <= ? AND (m.depends_on IS NULL OR d.state = 'acked')
       ORDER BY m.seq LIMIT ?`,
    ).all(now, limit) as Row[]).map(toMessage);
  }

  /** Earliest next attempt among sendable messages, or null when nothing is waiting. */
  nextDueAt(): number | null {
    const r = this.ctx.db.prepare(
      `SELECT MIN(m.next_attempt_at) AS t FROM outbox_messages m LEFT JOIN outbox_messages d ON d.id = m.depends_on
       WHERE m.state IN ('pending','sending') AND (m.depends_on IS NULL OR d.state = 'acked')`,
    ).get() as Row;
    return (r.t as number | null) ?? null;
  }

  /** At start-up: nothing is being sent yet, so "sending" rows left by a crash are pending again. */
  requeueInterrupted(): number {
    return this.ctx.db.prepare(`UPDATE outbox_messages SET state = 'pending' WHERE state = 'sending'`).run().changes;
  }

  markSending(id: string): void {
    this.ctx.db.prepare(`UPDATE outbox_messages SET state = 'sending', attempts = attempts + 1, last_attempt_at = ? WHERE id = ? AND state <> 'acked'`)
      .run(this.ctx.now(), id);
  }

  markRetry(id: string, nextAttemptAt: number, error: string): void {
    this.ctx.db.prepare(`UPDATE outbox_messages SET state = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ? AND state <> 'acked'`)
      .run(nextAttemptAt, error.slice(0, 300), id);
    this.ctx.changed();
  }

  /** The city is back after a time with no answer: every waiting message is due now (none rejected or sent). */
  makeWaitingDue(now: number): number {
    const n = this.ctx.db.prepare(`UPDATE outbox_messages SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ?`).run(now, now).changes;
    if (n) this.ctx.changed();
    return n;
  }

  markRejected(id: string, code: string, reason: string): void {
    this.ctx.db.prepare(`UPDATE outbox_messages SET state = 'rejected', reject_code = ?, reject_reason = ?, last_error = ? WHERE id = ?`)
      .run(code.slice(0, 64), reason.slice(0, 500), `${code}: ${reason}`.slice(0, 300), id);
    this.ctx.log.warn('message-parked', { id, code: code.slice(0, 64) });
    this.ctx.changed();
  }

  markAcked(id: string): void {
    this.ctx.db.prepare(`UPDATE outbox_messages SET state = 'acked', acked_at = ?, last_error = NULL WHERE id = ?`).run(this.ctx.now(), id);
    this.ctx.changed();
  }

  /** Several messages delivered together (an audit batch): acked in one transaction, one change told. */
  markAckedAll(ids: readonly string[]): void {
    if (!ids.length) return;
    const now = this.ctx.now();
    const upd = this.ctx.db.prepare(`UPDATE outbox_messages SET state = 'acked', acked_at = ?, last_error = NULL WHERE id = ?`);
    this.ctx.transaction(() => {
      for (const id of ids) upd.run(now, id);
    });
    this.ctx.changed();
  }

  /** Several messages that failed together wait together (an audit batch), in one transaction. */
  markRetryAll(ids: readonly string[], nextAttemptAt: number, error: string): void {
    if (!ids.length) return;
    const upd = this.ctx.db.prepare(`UPDATE outbox_messages SET state = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ? AND state <> 'acked'`);
    this.ctx.transaction(() => {
      for (const id of ids) upd.run(nextAttemptAt, error.slice(0, 300), id);
    });
    this.ctx.changed();
  }

  /** Several messages refused together (an audit batch): parked in one transaction. */
  markRejectedAll(ids: readonly string[], code: string, reason: string): void {
    if (!ids.length) return;
    const upd = this.ctx.db.prepare(`UPDATE outbox_messages SET state = 'rejected', reject_code = ?, reject_reason = ?, last_error = ? WHERE id = ?`);
    this.ctx.transaction(() => {
      for (const id of ids) upd.run(code.slice(0, 64), reason.slice(0, 500), `${code}: ${reason}`.slice(0, 300), id);
    });
    this.ctx.log.warn('messages-parked', { count: ids.length, code: code.slice(0, 64) });
    this.ctx.changed();
  }

  /** Removes an unsent message of this kind; false when there is none (already sent, or never queued). */
  withdraw(id: string, kind: MessageKind): boolean {
    return this.ctx.db.prepare(`DELETE FROM outbox_messages WHERE id = ? AND kind = ? AND state IN ('pending','sending')`).run(id, kind).changes > 0;
  }

  /** Un-parks a rejected message and makes it due now (inside the caller's transaction). */
  unpark(id: string): void {
    this.ctx.db.prepare(`UPDATE outbox_messages SET state = 'pending', next_attempt_at = 0, reject_code = NULL, reject_reason = NULL WHERE id = ? AND state = 'rejected'`).run(id);
  }

  /** Un-parks a rejected message (or makes a waiting one due now). */
  retry(id: string): Result<MessageRow, OutboxError> {
    const m = this.get(id);
    if (!m) return err({ code: 'not-found', message: 'No such message.' });
    if (m.state === 'acked') return err({ code: 'invalid-state', message: 'This message was already delivered.' });
    try {
      this.ctx.db.prepare(`UPDATE outbox_messages SET state = 'pending', next_attempt_at = 0, reject_code = NULL, reject_reason = NULL WHERE id = ?`).run(id);
    } catch (e) {
      return this.ctx.fail('retry-failed', e);
    }
    this.ctx.log.info('message-retry', { id, kind: m.kind });
    this.ctx.changed();
    return ok(this.get(id)!);
  }

  counts(): MessageCounts {
    const byKind = Object.fromEntries(MESSAGE_KINDS.map((k) => [k, { pending: 0, parked: 0, acked: 0 }])) as OutboxStats['byKind'];
    let pending = 0, sending = 0, parked = 0, acked = 0;
    for (const r of this.ctx.db.prepare('SELECT kind, state, COUNT(*) AS n FROM outbox_messages GROUP BY kind, state').all() as Row[]) {
      const k = byKind[r.kind as MessageKind];
      const n = r.n as number;
      if (r.state === 'pending' || r.state === 'sending') {
        pending += n;
        k.pending += n;
        if (r.state === 'sending') sending += n;
      } else if (r.state === 'rejected') {
        parked += n;
        k.parked += n;
      } else {
        acked += n;
        k.acked += n;
      }
    }
    const oldest = this.ctx.db.prepare(`SELECT MIN(created_at) AS t FROM outbox_messages WHERE state IN ('pending','sending')`).get() as Row;
    const blocked = this.ctx.db.prepare(
      `SELECT COUNT(*) AS n FROM outbox_messages m LEFT JOIN outbox_messages d ON d.id = m.depends_on
       WHERE m.state IN ('pending','sending') AND m.depends_on IS NOT NULL AND (d.state IS NULL OR d.state <> 'acked')`,
    ).get() as Row;
    return {
      pending, sending, parked, acked, blocked: blocked.n as number, byKind,
      oldestPendingAt: oldest.t == null ? null : new Date(oldest.t as number).toISOString(),
    };
  }
}
