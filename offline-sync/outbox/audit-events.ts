// Audit events: what staff and the kiosk did (sign-in and out, lock, assisted submissions,
// consent, check-ins, maintenance), appended and never changed. One row an event and its outbox
// message in one transaction; the database refuses UPDATE and DELETE itself (migration 6), but
// for retention's removal of acknowledged events older than AUDIT_RETENTION_DAYS. The contract
// allows no personal data beyond ids, so an event that looks like it carries one is refused.
import * as z from 'zod';
import { ok, err, type Result } from '../../common/result';
import { newId } from '../../common/ids';
import { PERSONAL_FIELD_KEYS, scrubPersonalData } from '../../common/personal-data';
import { DAY_MS, inputError, type OutboxContext, type Row } from './outbox-context';
import type { MessageQueue } from './messages';
import type { MessageState, OutboxError } from './types';

/** Acknowledged events are kept this long; the delete trigger of migration 6 holds the same number. */
export const AUDIT_RETENTION_DAYS = 400;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const PERSONAL_KEYS = new Set(PERSONAL_FIELD_KEYS.map((k) => k.toLowerCase()));

/**
 * An ID, card or phone number: any run of 9 or more digits, or what the log scrubber finds
 * (grouped phones and cards). UUIDs are ids, whose last group may be twelve digits by chance.
 */
function looksPersonal(text: string): boolean {
  const t = text.replace(UUID, 'uuid');
  return /\d{9,}/.test(t) || scrubPersonalData(t) !== t;
}

const NO_PERSONAL = 'looks like personal data (an ID, card or phone number)';

const detailValue = z.union([
  z.string().max(200).refine((s) => !looksPersonal(s), NO_PERSONAL),
  z.number().finite().refine((n) => Math.abs(Math.trunc(n)) < 1e8, NO_PERSONAL),
  z.boolean(),
]);

export const auditEventInputSchema = z.object({
  /** `kiosk`, `staff:P001`, `technician`… */
  actor: z.string().regex(/^[a-z][a-z0-9-]{0,31}(:[A-Za-z0-9._-]{1,64})?$/, 'actor: kiosk or role:id'),
  /** kebab-case: staff-sign-in, assisted-submit, citizen-consent, appointment-check-in… */
  action: z.string().max(64).regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'action: kebab-case'),
  /** An id (dossier, appointment, consent reference): id characters only, so no name fits. */
  subject: z.string().regex(/^[A-Za-z0-9._:/-]{1,128}$/, 'subject: an id').refine((s) => !looksPersonal(s), NO_PERSONAL).optional(),
  /** Flat and small: at most 20 short keys, strings of 200 characters at most. */
  detail: z.record(z.string(), detailValue).superRefine((d, c) => {
    const keys = Object.keys(d);
    if (keys.length > 20) c.addIssue({ code: 'custom', message: 'at most 20 keys' });
    for (const k of keys) {
      if (!/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(k)) c.addIssue({ code: 'custom', path: [k], message: 'a key is a short name' });
      else if (PERSONAL_KEYS.has(k.toLowerCase())) c.addIssue({ code: 'custom', path: [k], message: 'this key holds personal data' });
    }
  }).optional(),
  /** When it happened (default: now). */
  at: z.union([z.date(), z.iso.datetime({ offset: true })]).optional(),
});
export type AuditEventInput = z.input<typeof auditEventInputSchema>;
export type AuditDetail = Readonly<Record<string, string | number | boolean>>;

/** One event as it is sent (POST /v1/audit) and listed. */
export interface AuditEvent {
  readonly eventId: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject?: string;
  readonly detail?: AuditDetail;
}

/** An event as the maintenance panel and reports list it: the event and whether the city has it. */
export interface AuditEventView extends AuditEvent {
  readonly delivery: MessageState;
}

function toEvent(r: Row): AuditEvent {
  return {
    eventId: r.id as string, at: r.at as string, actor: r.actor as string, action: r.action as string,
    ...(r.subject != null ? { subject: r.subject as string } : {}),
    ...(r.detail_json != null ? { detail: JSON.parse(r.detail_json as string) as AuditDetail } : {}),
  };
}

export class AuditEvents {
  constructor(
    private readonly ctx: OutboxContext,
    private readonly messages: MessageQueue,
  ) {}

  /** Appends one event and queues it for the city, in one transaction. */
  append(input: AuditEventInput): Result<{ eventId: string; at: string }, OutboxError> {
    const parsed = auditEventInputSchema.safeParse(input);
    if (!parsed.success) return err(inputError(parsed.error));
    const e = parsed.data;
    const eventId = newId();
    const now = this.ctx.now();
    const at = e.at === undefined ? new Date(now).toISOString() : new Date(e.at).toISOString();
    const detail = e.detail && Object.keys(e.detail).length ? JSON.stringify(e.detail) : null;
    try {
      this.ctx.transaction(() => {
        this.ctx.db.prepare('INSERT INTO audit_events (id, at, actor, action, subject, detail_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(eventId, at, e.actor, e.action, e.subject ?? null, detail, now);
        this.messages.insert(eventId, 'audit', null, now);
      });
    } catch (x) {
      return this.ctx.fail('audit-append-failed', x);
    }
    this.ctx.log.info('audit-appended', { eventId, action: e.action });
    this.ctx.changed();
    return ok({ eventId, at });
  }

  /** Events at or after `since` (oldest first), at most `limit` (200, up to 1000). */
  list(filter: { since?: Date | string; limit?: number } = {}): AuditEventView[] {
    const since = filter.since === undefined ? '' : new Date(filter.since).toISOString();
    const limit = Math.min(Math.max(1, filter.limit ?? 200), 1000);
    return (this.ctx.db.prepare(
      `SELECT a.*, m.state FROM audit_events a JOIN outbox_messages m ON m.id = a.id WHERE a.at >= ? ORDER BY a.at, a.id LIMIT ?`,
    ).all(since, limit) as Row[]).map((r) => ({ ...toEvent(r), delivery: r.state as MessageState }));
  }

  /** One stored event; null when there is none (or it was removed by retention). */
  get(eventId: string): AuditEvent | null {
    const r = this.ctx.db.prepare('SELECT * FROM audit_events WHERE id = ?').get(eventId) as Row | undefined;
    return r ? toEvent(r) : null;
  }

  /**
   * The deliverer's batch: the audit messages due now besides `first`, in seq order, up to
   * `limit` in all, leaving out those another batch is sending.
   */
  dueBatch(first: string, now: number, limit: number, exclude: ReadonlySet<string>): AuditEvent[] {
    const head = this.get(first);
    const rest = (this.ctx.db.prepare(
      `SELECT a.* FROM outbox_messages m JOIN audit_events a ON a.id = m.id
       WHERE m.kind = 'audit' AND m.state IN ('pending','sending') AND m.next_attempt_at <= ? AND m.id <> ?
       ORDER BY m.seq LIMIT ?`,
    ).all(now, first, limit + exclude.size) as Row[]).map(toEvent).filter((e) => !exclude.has(e.eventId));
    return [...(head ? [head] : []), ...rest].slice(0, limit);
  }

  /** The city took these events: every message acked in one transaction. */
  recordDelivered(eventIds: readonly string[]): void {
    this.messages.markAckedAll(eventIds);
  }

  /**
   * Retention: acknowledged events older than AUDIT_RETENTION_DAYS go, with their messages, in
   * one transaction. The delete trigger checks the same two conditions against SQLite's clock.
   */
  purgeDelivered(): number {
    const cutoff = this.ctx.now() - AUDIT_RETENTION_DAYS * DAY_MS;
    return this.ctx.transaction(() => {
      // SQLite's clock too, as the trigger reads it: a kiosk clock running ahead removes nothing early and raises nothing.
      const n = this.ctx.db.prepare(
        `DELETE FROM audit_events WHERE created_at < ? AND created_at < (CAST(strftime('%s', 'now') AS INTEGER) - ? * 86400) * 1000
         AND id IN (SELECT id FROM outbox_messages WHERE kind = 'audit' AND state = 'acked')`,
      ).run(cutoff, AUDIT_RETENTION_DAYS).changes;
      if (n) this.ctx.db.prepare(`DELETE FROM outbox_messages WHERE kind = 'audit' AND state = 'acked' AND id NOT IN (SELECT id FROM audit_events)`).run();
      return n;
    });
  }
}
