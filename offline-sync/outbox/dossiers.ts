// Dossiers: committed with their attachments and their message in one transaction (files
// fsynced first), looked up by id, local reference or the city's receipt code, acknowledged
// with the city's answer, and kept up to date by the city's changes feed.
import { ok, err, type Result } from '../../common/result';
import { newId } from '../../common/ids';
import { localRefFromId, normalizeLocalRef, normalizeReceiptCode } from './local-ref';
import { inputError, type OutboxContext, type Row } from './outbox-context';
import type { MessageQueue } from './messages';
import type { AttachmentFiles } from './attachments';
import type { Payments } from './payments';
import {
  dossierInputSchema,
  type Channel, type DossierInput, type DossierView, type LocalStatus, type MessageState, type OutboxError, type SubmittedDossier,
} from './types';

/** Assisted mode: the staff member, the city's staff session of their sign-in, the citizen's consent. */
export interface OnBehalfOf {
  staffId: string;
  staffSessionId: string;
  consentRef: string;
}

/** The body PUT to /v1/dossiers/{id}, minus uploadIds (known only after upload). */
export interface StoredDossierPayload {
  procedureCode: string;
  channel: Channel;
  applicant: { idNumber: string; fullName: string; dateOfBirth: string; sex: 'male' | 'female'; address: string; phone?: string; email?: string };
  onBehalfOf?: OnBehalfOf;
  form: Record<string, unknown>;
  fee: { amount: number; paymentId?: string };
  createdAt: string;
}

/** The city's code for an onBehalfOf whose staff session is unknown, expired or another device's (422). */
export const STAFF_SESSION_INVALID = 'staff_session_invalid';

/** A dossier parked with STAFF_SESSION_INVALID: what the staff screen may show. */
export interface StaffSessionParked {
  readonly id: string;
  readonly localRef: string;
  readonly staffId: string;
}

const restampSchema = dossierInputSchema.shape.onBehalfOf.unwrap().pick({ staffId: true, staffSessionId: true });

/** The city's answer to PUT /v1/dossiers/{id}, as stored. */
export interface DossierAck {
  readonly receiptCode: string;
  readonly receivedAt: string;
  readonly appointmentDate: string | null;
  readonly status: string;
  readonly statusCode: number | null;
}

/** One entry of the city's changes feed, already validated. */
export interface StatusChange {
  readonly dossierId: string;
  readonly status: string;
  readonly statusCode: number;
  readonly note?: string;
  readonly at: string;
}

export class Dossiers {
  constructor(
    private readonly ctx: OutboxContext,
    private readonly messages: MessageQueue,
    private readonly attachments: AttachmentFiles,
    private readonly payments: Payments,
  ) {}

  /**
   * Commits a dossier, its attachments and its outbox message in one transaction. Returns only
   * once durable (synchronous=FULL): a success means the citizen may be told "submitted".
   */
  submit(input: DossierInput): Result<SubmittedDossier, OutboxError> {
    const parsed = dossierInputSchema.safeParse(input);
    if (!parsed.success) return err(inputError(parsed.error));
    const d = parsed.data;
    const files = this.attachments.write(d.attachments);
    if (!files.ok) return files;
    const id = d.id ?? newId();
    const now = this.ctx.now();
    const createdAt = new Date(now).toISOString();
    const localRef = localRefFromId(id);
    const payload: StoredDossierPayload = {
      procedureCode: d.procedureCode, channel: d.channel, applicant: d.applicant, form: d.form,
      fee: d.fee, createdAt, ...(d.onBehalfOf ? { onBehalfOf: d.onBehalfOf } : {}),
    };
    const rows = files.value.map((f) => ({ id: newId(), ...f }));
    try {
      this.ctx.beforeCommit();
      this.ctx.transaction(() => {
        this.ctx.db.prepare(
          `INSERT INTO dossiers (id, local_ref, procedure_code, channel, fee_amount, payment_id, payload_json, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(id, localRef, d.procedureCode, d.channel, d.fee.amount, d.fee.paymentId ?? null, JSON.stringify(payload), now);
        this.attachments.insertRows(id, null, rows, d.attachments);
        this.messages.insert(id, 'dossier', null, now);
        // Payments settled before the dossier existed become sendable now.
        this.payments.activateForDossier(id, now);
      });
    } catch (e) {
      return this.ctx.fail('submit-failed', e);
    }
    this.ctx.log.info('dossier-submitted', { dossierId: id, attachments: rows.length });
    this.ctx.changed();
    return ok({ id, localRef, createdAt, attachments: rows.map((a) => ({ id: a.id, sha256: a.sha256, size: a.size })) });
  }

  /** A dossier as the kiosk may show it: no personal data. */
  get(id: string): DossierView | null {
    const r = this.ctx.db.prepare(
      `SELECT d.*, m.state, m.attempts, m.last_error, m.reject_code, m.reject_reason,
              (SELECT COUNT(*) FROM attachments a WHERE a.dossier_id = d.id) AS n_att
       FROM dossiers d JOIN outbox_messages m ON m.id = d.id WHERE d.id = ?`,
    ).get(id) as Row | undefined;
    if (!r) return null;
    return {
      id: r.id as string, localRef: r.local_ref as string, procedureCode: r.procedure_code as string, channel: r.channel as Channel,
      createdAt: new Date(r.created_at as number).toISOString(), feeAmount: r.fee_amount as number, paymentId: (r.payment_id as string | null) ?? null,
      delivery: r.state as MessageState, attempts: r.attempts as number, lastError: (r.last_error as string | null) ?? null,
      rejectCode: (r.reject_code as string | null) ?? null, rejectReason: (r.reject_reason as string | null) ?? null,
      receiptCode: (r.receipt_code as string | null) ?? null, receivedAt: (r.received_at as string | null) ?? null,
      appointmentDate: (r.appointment_date as string | null) ?? null, cityStatus: (r.city_status as string | null) ?? null,
      cityStatusCode: (r.city_status_code as number | null) ?? null, cityStatusNote: (r.city_status_note as string | null) ?? null,
      cityStatusAt: (r.city_status_at as string | null) ?? null, attachments: r.n_att as number, purged: r.purged_at != null,
    };
  }

  /** Dossiers submitted here in [from, to) (epoch ms), oldest first: a shift's or a day's report. */
  createdBetween(from: number, to: number): DossierView[] {
    const ids = this.ctx.db.prepare('SELECT id FROM dossiers WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id').all(from, to) as Row[];
    return ids.map((r) => this.get(r.id as string)).filter((d): d is DossierView => d !== null);
  }

  /** Accepts either the city's receiptCode or the local reference printed before the city answered. */
  findByCode(code: string): DossierView | null {
    const byCity = this.ctx.db.prepare('SELECT id FROM dossiers WHERE receipt_code = ?').get(normalizeReceiptCode(code)) as Row | undefined;
    if (byCity) return this.get(byCity.id as string);
    const ref = normalizeLocalRef(code);
    if (!ref) return null;
    const byRef = this.ctx.db.prepare('SELECT id FROM dossiers WHERE local_ref = ?').get(ref) as Row | undefined;
    return byRef ? this.get(byRef.id as string) : null;
  }

  /** What the kiosk tells a citizen who looks a dossier up (by id, receipt code or local reference). */
  localStatus(idOrCode: string): LocalStatus | null {
    const d = this.get(idOrCode) ?? this.findByCode(idOrCode);
    if (!d) return null;
    const phase = d.delivery === 'acked' ? 'sent' : d.delivery === 'rejected' ? 'rejected' : d.delivery === 'sending' ? 'sending' : 'waiting-to-send';
    return {
      dossierId: d.id, printedCode: d.receiptCode ?? d.localRef, localRef: d.localRef, receiptCode: d.receiptCode, phase,
      cityStatus: d.cityStatus, cityStatusCode: d.cityStatusCode, appointmentDate: d.appointmentDate,
    };
  }

  /** What is sent to the city; null once purged. */
  payload(id: string): StoredDossierPayload | null {
    const r = this.ctx.db.prepare('SELECT payload_json FROM dossiers WHERE id = ?').get(id) as Row | undefined;
    return r?.payload_json ? (JSON.parse(r.payload_json as string) as StoredDossierPayload) : null;
  }

  /** Stores the city's answer and acks the message in one transaction. */
  recordAck(id: string, a: DossierAck): void {
    this.ctx.transaction(() => {
      this.ctx.db.prepare(
        `UPDATE dossiers SET receipt_code = ?, received_at = ?, appointment_date = ?,
         city_status = COALESCE(city_status, ?), city_status_code = COALESCE(city_status_code, ?), city_status_at = COALESCE(city_status_at, ?) WHERE id = ?`,
      ).run(normalizeReceiptCode(a.receiptCode), a.receivedAt, a.appointmentDate, a.status, a.statusCode, a.receivedAt, id);
      this.messages.markAcked(id);
    });
  }

  /** Where the changes feed was last read up to; null before the first page. */
  changesCursor(): string | null {
    const r = this.ctx.db.prepare(`SELECT value FROM kv WHERE key = 'changes_cursor'`).get() as Row | undefined;
    return (r?.value as string | undefined) ?? null;
  }

  /** Applies status changes and advances the cursor atomically, so a crash re-pulls rather than skips. */
  applyChanges(changes: readonly StatusChange[], cursor: string): number {
    let applied = 0;
    this.ctx.transaction(() => {
      const upd = this.ctx.db.prepare(
        `UPDATE dossiers SET city_status = ?, city_status_code = ?, city_status_note = ?, city_status_at = ?
         WHERE id = ? AND (city_status_at IS NULL OR city_status_at <= ?)`,
      );
      for (const c of changes) applied += upd.run(c.status, c.statusCode, c.note ?? null, c.at, c.dossierId, c.at).changes;
      this.ctx.db.prepare(`INSERT INTO kv (key, value) VALUES ('changes_cursor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(cursor);
    });
    if (applied) this.ctx.changed();
    return applied;
  }

  /**
   * Assisted dossiers the city refused because their staff session was unknown, expired or of
   * another device (422 staff_session_invalid): parked, never lost, waiting for that staff
   * member's next sign-in. Ids and staff ids only, for the staff screen.
   */
  parkedForStaffSession(staffId?: string): StaffSessionParked[] {
    return this.#parkedForStaffSession().filter((p) => staffId === undefined || p.staffId === staffId)
      .map(({ id, localRef, staffId: s }) => ({ id, localRef, staffId: s }));
  }

  /**
   * At a staff member's sign-in: every dossier of theirs parked with staff_session_invalid
   * carries the new session instead and is due now (un-parked as `kiosk outbox retry` does), in
   * one transaction; answers how many. A new body under the same dossier id is safe: the city
   * stores nothing when it answers 422, so the next PUT is its first for that id.
   */
  restampStaffSession(input: { staffId: string; staffSessionId: string }): Result<number, OutboxError> {
    const parsed = restampSchema.safeParse(input);
    if (!parsed.success) return err(inputError(parsed.error));
    const { staffId, staffSessionId } = parsed.data;
    let n = 0;
    try {
      this.ctx.transaction(() => {
        const save = this.ctx.db.prepare('UPDATE dossiers SET payload_json = ? WHERE id = ?');
        for (const p of this.#parkedForStaffSession()) {
          if (p.staffId !== staffId) continue;
          save.run(JSON.stringify({ ...p.payload, onBehalfOf: { ...p.onBehalfOf, staffSessionId } }), p.id);
          this.messages.unpark(p.id);
          n++;
        }
      });
    } catch (e) {
      return this.ctx.fail('restamp-failed', e);
    }
    if (n) {
      this.ctx.log.info('staff-session-restamped', { staffId, dossiers: n });
      this.ctx.changed();
    }
    return ok(n);
  }

  /** The parked assisted dossiers with what restamping rewrites. */
  #parkedForStaffSession(): (StaffSessionParked & { payload: StoredDossierPayload; onBehalfOf: OnBehalfOf })[] {
    const rows = this.ctx.db.prepare(
      `SELECT d.id, d.local_ref, d.payload_json FROM dossiers d JOIN outbox_messages m ON m.id = d.id
       WHERE m.state = 'rejected' AND m.reject_code = ? AND d.payload_json IS NOT NULL ORDER BY m.seq`,
    ).all(STAFF_SESSION_INVALID) as Row[];
    const out = [];
    for (const r of rows) {
      const payload = JSON.parse(r.payload_json as string) as StoredDossierPayload;
      const o = payload.onBehalfOf;
      if (o) out.push({ id: r.id as string, localRef: r.local_ref as string, staffId: o.staffId, payload, onBehalfOf: o });
    }
    return out;
  }

  purgedCount(): number {
    return (this.ctx.db.prepare('SELECT COUNT(*) AS n FROM dossiers WHERE purged_at IS NOT NULL').get() as Row).n as number;
  }
}
