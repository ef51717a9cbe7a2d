// The durable outbox: every dossier, attachment, payment, queue ticket, supplement and telemetry
// report is committed here (files fsynced first, then one SQLite transaction) before the caller
// is told it is submitted. The sync worker drains it; technicians inspect it.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ok, err, type Result } from '../../common/result';
import { systemClock, type Clock } from '../../common/clock';
import { silentLogger, type Logger } from '../../common/logger';
import { newId } from '../../common/ids';
import type { KioskStore } from '../store/store';
import { classifyStorageError } from '../store/errors';
import { fsyncDir } from '../store/keys';
import { decryptAttachment, encryptAttachment, sha256Hex } from '../store/file-crypto';
import { localRefFromId, normalizeLocalRef, normalizeReceiptCode } from './local-ref';
import {
  dossierInputSchema, paymentIntentSchema, paymentOutcomeSchema, queueTicketInputSchema, supplementInputSchema, telemetryInputSchema,
  type AttachmentInput, type AttachmentRow, type DossierInput, type DossierView, type LocalStatus, type MessageKind, type MessageRow,
  type MessageState, type OutboxError, type OutboxStats, type PaymentIntentInput, type PaymentOutcomeInput, type PaymentRow,
  type QueueTicketInput, type QueueTicketRow, type SubmittedDossier, type SupplementInput, type TelemetryInput, type Channel,
  type PaymentMethod, type PaymentOutcome, type QueuePriority, type PaymentDraft, type PaidNotSubmitted,
} from './types';

const DAY_MS = 86_400_000;

export interface OutboxOptions {
  clock?: Clock;
  logger?: Logger;
  /** Days after the city confirmed receipt before a dossier's personal data is purged. */
  retentionDays?: number;
  /** Test hook: called between the file writes and the transaction (crash and disk tests). */
  beforeCommit?: () => void;
}

/** The body PUT to /v1/dossiers/{id}, minus uploadIds (known only after upload). */
export interface StoredDossierPayload {
  procedureCode: string;
  channel: Channel;
  applicant: { idNumber: string; fullName: string; dateOfBirth: string; sex: 'male' | 'female'; address: string; phone?: string; email?: string };
  onBehalfOf?: { staffId: string; consentRef: string };
  form: Record<string, unknown>;
  fee: { amount: number; paymentId?: string };
  createdAt: string;
}

type Row = Record<string, unknown>;

const inputError = (e: { issues: { path: PropertyKey[]; message: string }[] }): OutboxError => ({
  code: 'invalid-input',
  // Field paths and messages only: never the offending value, which may be personal data.
  message: e.issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; '),
});

function toMessage(r: Row): MessageRow {
  return {
    seq: r.seq as number, id: r.id as string, kind: r.kind as MessageKind, state: r.state as MessageState,
    dependsOn: (r.depends_on as string | null) ?? null, attempts: r.attempts as number, nextAttemptAt: r.next_attempt_at as number,
    lastError: (r.last_error as string | null) ?? null, rejectCode: (r.reject_code as string | null) ?? null,
    rejectReason: (r.reject_reason as string | null) ?? null, createdAt: r.created_at as number,
    lastAttemptAt: (r.last_attempt_at as number | null) ?? null, ackedAt: (r.acked_at as number | null) ?? null,
  };
}

function toAttachment(r: Row): AttachmentRow {
  return {
    id: r.id as string, dossierId: r.dossier_id as string, supplementId: (r.supplement_id as string | null) ?? null, ord: r.ord as number,
    sha256: r.sha256 as string, size: r.size as number, mediaType: r.media_type as string, pages: r.pages as number,
    documentType: r.document_type as string, uploadUrl: (r.upload_url as string | null) ?? null, uploadId: (r.upload_id as string | null) ?? null,
  };
}

function toPayment(r: Row): PaymentRow {
  return {
    id: r.id as string, dossierId: r.dossier_id as string, method: r.method as PaymentMethod, amount: r.amount as number,
    outcome: r.outcome as PaymentOutcome, terminalRef: (r.terminal_ref as string | null) ?? null,
    approvalCode: (r.approval_code as string | null) ?? null, maskedPan: (r.masked_pan as string | null) ?? null,
    paidAt: (r.paid_at as string | null) ?? null, createdAt: new Date(r.created_at as number).toISOString(),
    reference: (r.reference as string | null) ?? null,
  };
}

export class Outbox {
  readonly #store: KioskStore;
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #retentionDays: number;
  readonly #beforeCommit?: () => void;
  readonly #listeners = new Set<() => void>();

  constructor(store: KioskStore, opts: OutboxOptions = {}) {
    this.#store = store;
    this.#db = store.db;
    this.#clock = opts.clock ?? systemClock;
    this.#log = (opts.logger ?? silentLogger).child('outbox');
    this.#retentionDays = opts.retentionDays ?? 30;
    this.#beforeCommit = opts.beforeCommit;
  }

  get store(): KioskStore {
    return this.#store;
  }

  /** Called after every committed change, e.g. so the worker wakes up. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const l of this.#listeners) {
      try {
        l();
      } catch {
        /* a listener's failure is not the outbox's */
      }
    }
  }

  /** A fresh time-ordered id, for a dossier whose fee is paid before it is submitted. */
  reserveId(): string {
    return newId();
  }

  #now(): number {
    return this.#clock.now().getTime();
  }

  /** Encrypts and fsyncs each file under attachments/<sha256>.koa before any row points at it. */
  #writeAttachmentFiles(files: readonly AttachmentInput[]): Result<{ sha256: string; size: number }[], OutboxError> {
    const out: { sha256: string; size: number }[] = [];
    const written: string[] = [];
    try {
      for (const f of files) {
        const sha = sha256Hex(f.bytes);
        const final = path.join(this.#store.attachmentsDir, `${sha}.koa`);
        if (!fs.existsSync(final)) {
          const tmp = `${final}.${crypto.randomBytes(4).toString('hex')}.tmp`;
          written.push(tmp);
          const fd = fs.openSync(tmp, 'wx', 0o600);
          try {
            fs.writeSync(fd, encryptAttachment(this.#store.attachmentKey, f.bytes, sha));
            fs.fsyncSync(fd);
          } finally {
            fs.closeSync(fd);
          }
          fs.renameSync(tmp, final);
          written.pop();
        }
        out.push({ sha256: sha, size: f.bytes.byteLength });
      }
      if (files.length) fsyncDir(this.#store.attachmentsDir);
      return ok(out);
    } catch (e) {
      for (const t of written) fs.rmSync(t, { force: true });
      const se = classifyStorageError(e);
      this.#log.error('attachment-write-failed', { code: se.code });
      return err(se);
    }
  }

  #fail(event: string, e: unknown): Result<never, OutboxError> {
    const se = classifyStorageError(e);
    if ((e as { code?: string })?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || (e as { code?: string })?.code === 'SQLITE_CONSTRAINT_UNIQUE') {
      return err({ code: 'duplicate', message: 'This id was already used.' });
    }
    this.#log.error(event, { code: se.code });
    return err(se);
  }

  /**
   * Commits a dossier, its attachments and its outbox message in one transaction. Returns only
   * once durable (synchronous=FULL): a success means the citizen may be told "submitted".
   */
  submitDossier(input: DossierInput): Result<SubmittedDossier, OutboxError> {
    const parsed = dossierInputSchema.safeParse(input);
    if (!parsed.success) return err(inputError(parsed.error));
    const d = parsed.data;
    const files = this.#writeAttachmentFiles(d.attachments);
    if (!files.ok) return files;
    const id = d.id ?? newId();
    const now = this.#now();
    const createdAt = new Date(now).toISOString();
    const localRef = localRefFromId(id);
    const payload: StoredDossierPayload = {
      procedureCode: d.procedureCode, channel: d.channel, applicant: d.applicant, form: d.form,
      fee: d.fee, createdAt, ...(d.onBehalfOf ? { onBehalfOf: d.onBehalfOf } : {}),
    };
    const attachments = files.value.map((f) => ({ id: newId(), ...f }));
    try {
      this.#beforeCommit?.();
      this.#db.transaction(() => {
        this.#db.prepare(
          `INSERT INTO dossiers (id, local_ref, procedure_code, channel, fee_amount, payment_id, payload_json, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(id, localRef, d.procedureCode, d.channel, d.fee.amount, d.fee.paymentId ?? null, JSON.stringify(payload), now);
        const ins = this.#db.prepare(
          `INSERT INTO attachments (id, dossier_id, ord, sha256, size, media_type, pages, document_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        attachments.forEach((a, i) => {
          const src = d.attachments[i]!;
          ins.run(a.id, id, i, a.sha256, a.size, src.mediaType, src.pages, src.documentType);
        });
        this.#insertMessage(id, 'dossier', null, now);
        // Payments settled before the dossier existed become sendable now.
        for (const p of this.#db.prepare('SELECT id FROM payments WHERE dossier_id = ?').all(id) as Row[]) this.#activatePaymentMessage(p.id as string, now);
      }).immediate();
    } catch (e) {
      return this.#fail('submit-failed', e);
    }
    this.#log.info('dossier-submitted', { dossierId: id, attachments: attachments.length });
    this.#changed();
    return ok({ id, localRef, createdAt, attachments: attachments.map((a) => ({ id: a.id, sha256: a.sha256, size: a.size })) });
  }

  #insertMessage(id: string, kind: MessageKind, dependsOn: string | null, now: number): void {
    this.#db.prepare(`INSERT INTO outbox_messages (id, kind, state, depends_on, created_at) VALUES (?, ?, 'pending', ?, ?)`).run(id, kind, dependsOn, now);
  }

  #activatePaymentMessage(paymentId: string, now: number): void {
    const p = this.#db.prepare('SELECT outcome, dossier_id FROM payments WHERE id = ?').get(paymentId) as Row | undefined;
    if (!p || p.outcome === 'in_progress' || p.outcome === 'unknown') return;
    this.#db.prepare(
      `INSERT INTO outbox_messages (id, kind, state, depends_on, created_at) VALUES (?, 'payment', 'pending', ?, ?) ON CONFLICT(id) DO NOTHING`,
    ).run(paymentId, p.dossier_id, now);
  }

  /** Extra attachments the city asked for (needs_supplement). */
  submitSupplement(input: SupplementInput): Result<{ id: string; attachments: readonly { id: string; sha256: string }[] }, OutboxError> {
    const parsed = supplementInputSchema.safeParse(input);
    if (!parsed.success) return err(inputError(parsed.error));
    const s = parsed.data;
    const dossier = this.#db.prepare('SELECT id, purged_at FROM dossiers WHERE id = ?').get(s.dossierId) as Row | undefined;
    if (!dossier) return err({ code: 'not-found', message: 'No such dossier on this kiosk.' });
    const files = this.#writeAttachmentFiles(s.attachments);
    if (!files.ok) return files;
    const id = s.id ?? newId();
    const now = this.#now();
    const atts = files.value.map((f) => ({ id: newId(), ...f }));
    try {
      this.#beforeCommit?.();
      this.#db.transaction(() => {
        this.#db.prepare('INSERT INTO supplements (id, dossier_id, note, created_at) VALUES (?, ?, ?, ?)').run(id, s.dossierId, s.note ?? null, now);
        const ins = this.#db.prepare(
          `INSERT INTO attachments (id, dossier_id, supplement_id, ord, sha256, size, media_type, pages, document_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        atts.forEach((a, i) => {
          const src = s.attachments[i]!;
          ins.run(a.id, s.dossierId, id, i, a.sha256, a.size, src.mediaType, src.pages, src.documentType);
        });
        this.#insertMessage(id, 'supplement', s.dossierId, now);
      }).immediate();
    } catch (e) {
      return this.#fail('supplement-failed', e);
    }
    this.#log.info('supplement-submitted', { dossierId: s.dossierId, supplementId: id, attachments: atts.length });
    this.#changed();
    return ok({ id, attachments: atts.map((a) => ({ id: a.id, sha256: a.sha256 })) });
  }

  /**
   * Written BEFORE the terminal is asked to charge: if the kiosk dies mid-sale, the sale is found
   * on restart (unresolvedPayments) and reconciled with the terminal, never repeated blindly.
   */
  recordPaymentIntent(input: PaymentIntentInput): Result<{ paymentId: string }, OutboxError> {
    const parsed = paymentIntentSchema.safeParse(input);
    if (!parsed.success) return err(inputError(parsed.error));
    const p = parsed.data;
    const id = p.id ?? newId();
    try {
      this.#db.prepare(`INSERT INTO payments (id, dossier_id, method, amount, outcome, created_at, reference) VALUES (?, ?, ?, ?, 'in_progress', ?, ?)`)
        .run(id, p.dossierId, p.method, p.amount, p.createdAt?.getTime() ?? this.#now(), p.reference ?? null);
    } catch (e) {
      return this.#fail('payment-intent-failed', e);
    }
    this.#log.info('payment-intent', { paymentId: id, method: p.method });
    return ok({ paymentId: id });
  }

  /**
   * What the citizen entered, written before a payment of the reserved dossier starts (see
   * migration 5); a later payment attempt of the same dossier updates it.
   */
  savePaymentDraft(input: { dossierId: string; procedureCode: string; draft: PaymentDraft }): Result<void, OutboxError> {
    try {
      this.#db
        .prepare(`INSERT INTO payment_drafts (dossier_id, procedure_code, payload_json, created_at) VALUES (?, ?, ?, ?)
                  ON CONFLICT(dossier_id) DO UPDATE SET procedure_code = excluded.procedure_code, payload_json = excluded.payload_json WHERE settled_at IS NULL`)
        .run(input.dossierId, input.procedureCode, JSON.stringify(input.draft), this.#now());
      return ok(undefined);
    } catch (e) {
      return this.#fail('payment-draft-failed', e);
    }
  }

  /**
   * Approved payments whose dossier this kiosk never kept: the citizen paid and left (or the
   * kiosk restarted) before submitting. Oldest first, with what they had entered.
   */
  paidNotSubmitted(): PaidNotSubmitted[] {
    const rows = this.#db
      .prepare(
        `SELECT p.*, d.procedure_code AS draft_procedure, d.payload_json AS draft_json FROM payments p
         LEFT JOIN payment_drafts d ON d.dossier_id = p.dossier_id
         WHERE p.outcome = 'approved' AND d.settled_at IS NULL AND NOT EXISTS (SELECT 1 FROM dossiers x WHERE x.id = p.dossier_id)
         ORDER BY p.created_at`,
      )
      .all() as Row[];
    return rows.map((r) => ({
      payment: toPayment(r),
      procedureCode: (r.draft_procedure as string | null) || null,
      draft: r.draft_json ? (JSON.parse(r.draft_json as string) as PaymentDraft) : null,
    }));
  }

  /** The procedure the citizen was paying for (from the draft), if one was kept. */
  paymentDraftProcedure(dossierId: string): string | null {
    const r = this.#db.prepare('SELECT procedure_code FROM payment_drafts WHERE dossier_id = ?').get(dossierId) as Row | undefined;
    return (r?.procedure_code as string | undefined) || null;
  }

  /** Staff completed the dossier at the counter or refunded the fee: no longer listed. */
  settlePaidNotSubmitted(paymentId: string): Result<void, OutboxError> {
    try {
      const p = this.getPayment(paymentId);
      if (!p) return err({ code: 'not-found', message: 'No such payment.' });
      const now = this.#now();
      // A payment without a draft row gets one, settled, so it leaves the list all the same.
      this.#db
        .prepare(`INSERT INTO payment_drafts (dossier_id, procedure_code, payload_json, created_at, settled_at) VALUES (?, '', NULL, ?, ?)
                  ON CONFLICT(dossier_id) DO UPDATE SET settled_at = COALESCE(settled_at, excluded.settled_at)`)
        .run(p.dossierId, now, now);
      this.#log.info('paid-not-submitted-settled', { paymentId });
      return ok(undefined);
    } catch (e) {
      return this.#fail('payment-draft-failed', e);
    }
  }

  /** The terminal's (or reconciliation's) final answer. Queued for the city once the dossier exists. */
  recordPaymentOutcome(paymentId: string, input: PaymentOutcomeInput): Result<PaymentRow, OutboxError> {
    const parsed = paymentOutcomeSchema.safeParse(input);
    if (!parsed.success) return err(inputError(parsed.error));
    const o = parsed.data;
    const now = this.#now();
    try {
      const row = this.#db.transaction(() => {
        const cur = this.#db.prepare('SELECT * FROM payments WHERE id = ?').get(paymentId) as Row | undefined;
        if (!cur) return 'not-found' as const;
        if (cur.outcome !== 'in_progress' && cur.outcome !== 'unknown') {
          // Only a refund may follow an approval; anything else would rewrite a settled sale.
          if (!(cur.outcome === 'approved' && o.status === 'refunded')) return 'invalid-state' as const;
        }
        this.#db.prepare(
          `UPDATE payments SET outcome = ?, terminal_ref = COALESCE(?, terminal_ref), approval_code = COALESCE(?, approval_code),
           masked_pan = COALESCE(?, masked_pan), paid_at = ?, outcome_at = ? WHERE id = ?`,
        ).run(o.status, o.terminalRef ?? null, o.approvalCode ?? null, o.maskedPan ?? null, o.paidAt ?? new Date(now).toISOString(), now, paymentId);
        const hasDossier = this.#db.prepare('SELECT 1 FROM dossiers WHERE id = ?').get(cur.dossier_id);
        const msg = this.#db.prepare('SELECT state FROM outbox_messages WHERE id = ?').get(paymentId) as Row | undefined;
        if (msg) {
          // A refund after the approval was sent: send the payment again with its new status.
          this.#db.prepare(`UPDATE outbox_messages SET state = 'pending', next_attempt_at = 0, acked_at = NULL WHERE id = ?`).run(paymentId);
        } else if (hasDossier) {
          this.#activatePaymentMessage(paymentId, now);
        }
        return toPayment(this.#db.prepare('SELECT * FROM payments WHERE id = ?').get(paymentId) as Row);
      }).immediate();
      if (row === 'not-found') return err({ code: 'not-found', message: 'No such payment.' });
      if (row === 'invalid-state') return err({ code: 'invalid-state', message: 'This payment already has a final outcome.' });
      this.#log.info('payment-outcome', { paymentId, status: o.status });
      this.#changed();
      return ok(row);
    } catch (e) {
      return this.#fail('payment-outcome-failed', e);
    }
  }

  /** Sales started but not settled (in progress when the kiosk stopped, or marked unknown). */
  unresolvedPayments(): PaymentRow[] {
    return (this.#db.prepare(`SELECT * FROM payments WHERE outcome IN ('in_progress','unknown') ORDER BY created_at`).all() as Row[]).map(toPayment);
  }

  paymentByReference(reference: string): PaymentRow | null {
    const r = this.#db.prepare('SELECT * FROM payments WHERE reference = ?').get(reference) as Row | undefined;
    return r ? toPayment(r) : null;
  }

  /** Every payment of one dossier (so a fee is never taken twice). */
  paymentsForDossier(dossierId: string): PaymentRow[] {
    return (this.#db.prepare('SELECT * FROM payments WHERE dossier_id = ? ORDER BY created_at, id').all(dossierId) as Row[]).map(toPayment);
  }

  /** Nobody knows how the sale ended (terminal silent, kiosk restarted): staff must check. */
  markPaymentUnknown(paymentId: string): Result<PaymentRow, OutboxError> {
    try {
      const r = this.#db.prepare(`UPDATE payments SET outcome = 'unknown' WHERE id = ? AND outcome IN ('in_progress','unknown')`).run(paymentId);
      const row = this.getPayment(paymentId);
      if (!row) return err({ code: 'not-found', message: 'No such payment.' });
      if (r.changes === 0) return err({ code: 'invalid-state', message: 'This payment already has a final outcome.' });
      this.#log.warn('payment-unknown', { paymentId });
      this.#changed();
      return ok(row);
    } catch (e) {
      return this.#fail('payment-unknown-failed', e);
    }
  }

  /** At start-up: any sale still "in progress" belongs to a previous run, so its outcome is unknown. */
  markInterruptedPaymentsUnknown(): number {
    return this.#db.prepare(`UPDATE payments SET outcome = 'unknown' WHERE outcome = 'in_progress'`).run().changes;
  }

  getPayment(id: string): PaymentRow | null {
    const r = this.#db.prepare('SELECT * FROM payments WHERE id = ?').get(id) as Row | undefined;
    return r ? toPayment(r) : null;
  }

  enqueueQueueTicket(input: QueueTicketInput): Result<QueueTicketRow, OutboxError> {
    const parsed = queueTicketInputSchema.safeParse(input);
    if (!parsed.success) return err(inputError(parsed.error));
    const t = parsed.data;
    const id = t.id ?? newId();
    const now = this.#now();
    try {
      this.#db.transaction(() => {
        this.#db.prepare(`INSERT INTO queue_tickets (id, branch_code, service_code, priority, requested_at) VALUES (?, ?, ?, ?, ?)`)
          .run(id, t.branchCode, t.serviceCode, t.priority, new Date(now).toISOString());
        this.#insertMessage(id, 'queue_ticket', null, now);
      }).immediate();
    } catch (e) {
      return this.#fail('queue-ticket-failed', e);
    }
    this.#changed();
    return ok(this.getQueueTicket(id)!);
  }

  getQueueTicket(id: string): QueueTicketRow | null {
    const r = this.#db.prepare('SELECT * FROM queue_tickets WHERE id = ?').get(id) as Row | undefined;
    if (!r) return null;
    return {
      id: r.id as string, branchCode: r.branch_code as string, serviceCode: r.service_code as string, priority: r.priority as QueuePriority,
      requestedAt: r.requested_at as string, number: (r.number as number | null) ?? null, counterHint: (r.counter_hint as string | null) ?? null,
      issuedAt: (r.issued_at as string | null) ?? null, estimatedWaitMinutes: (r.estimated_wait_minutes as number | null) ?? null,
    };
  }

  /** Device health and ratings. Ratings carry no dossier or session id, and their time is cut to the hour. */
  enqueueTelemetry(input: TelemetryInput): Result<{ id: string }, OutboxError> {
    const parsed = telemetryInputSchema.safeParse(input);
    if (!parsed.success) return err(inputError(parsed.error));
    const id = newId();
    const now = this.#now();
    const hour = new Date(Math.floor(now / 3_600_000) * 3_600_000).toISOString();
    const payload = { at: hour, ...parsed.data };
    try {
      this.#db.transaction(() => {
        this.#db.prepare('INSERT INTO telemetry (id, payload_json, created_at) VALUES (?, ?, ?)').run(id, JSON.stringify(payload), now);
        this.#insertMessage(id, 'telemetry', null, now);
      }).immediate();
    } catch (e) {
      return this.#fail('telemetry-failed', e);
    }
    this.#changed();
    return ok({ id });
  }

  // ---- lookups (no personal data) ----

  getDossier(id: string): DossierView | null {
    const r = this.#db.prepare(
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

  /** Accepts either the city's receiptCode or the local reference printed before the city answered. */
  findDossierByReceiptCode(code: string): DossierView | null {
    const byCity = this.#db.prepare('SELECT id FROM dossiers WHERE receipt_code = ?').get(normalizeReceiptCode(code)) as Row | undefined;
    if (byCity) return this.getDossier(byCity.id as string);
    const ref = normalizeLocalRef(code);
    if (!ref) return null;
    const byRef = this.#db.prepare('SELECT id FROM dossiers WHERE local_ref = ?').get(ref) as Row | undefined;
    return byRef ? this.getDossier(byRef.id as string) : null;
  }

  localStatus(idOrCode: string): LocalStatus | null {
    const d = this.getDossier(idOrCode) ?? this.findDossierByReceiptCode(idOrCode);
    if (!d) return null;
    const phase = d.delivery === 'acked' ? 'sent' : d.delivery === 'rejected' ? 'rejected' : d.delivery === 'sending' ? 'sending' : 'waiting-to-send';
    return {
      dossierId: d.id, printedCode: d.receiptCode ?? d.localRef, localRef: d.localRef, receiptCode: d.receiptCode, phase,
      cityStatus: d.cityStatus, cityStatusCode: d.cityStatusCode, appointmentDate: d.appointmentDate,
    };
  }

  // ---- technicians ----

  stats(): OutboxStats {
    const kinds: MessageKind[] = ['dossier', 'payment', 'queue_ticket', 'telemetry', 'supplement'];
    const byKind = Object.fromEntries(kinds.map((k) => [k, { pending: 0, parked: 0, acked: 0 }])) as OutboxStats['byKind'];
    let pending = 0, sending = 0, parked = 0, acked = 0;
    for (const r of this.#db.prepare('SELECT kind, state, COUNT(*) AS n FROM outbox_messages GROUP BY kind, state').all() as Row[]) {
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
    const oldest = this.#db.prepare(`SELECT MIN(created_at) AS t FROM outbox_messages WHERE state IN ('pending','sending')`).get() as Row;
    const blocked = this.#db.prepare(
      `SELECT COUNT(*) AS n FROM outbox_messages m LEFT JOIN outbox_messages d ON d.id = m.depends_on
       WHERE m.state IN ('pending','sending') AND m.depends_on IS NOT NULL AND (d.state IS NULL OR d.state <> 'acked')`,
    ).get() as Row;
    const unresolved = this.#db.prepare(`SELECT COUNT(*) AS n FROM payments WHERE outcome IN ('in_progress','unknown')`).get() as Row;
    const purged = this.#db.prepare('SELECT COUNT(*) AS n FROM dossiers WHERE purged_at IS NOT NULL').get() as Row;
    const paidNotSubmitted = this.#db.prepare(
      `SELECT COUNT(*) AS n FROM payments p LEFT JOIN payment_drafts d ON d.dossier_id = p.dossier_id
       WHERE p.outcome = 'approved' AND d.settled_at IS NULL AND NOT EXISTS (SELECT 1 FROM dossiers x WHERE x.id = p.dossier_id)`,
    ).get() as Row;
    return {
      pending, sending, parked, acked, blocked: blocked.n as number, byKind,
      oldestPendingAt: oldest.t == null ? null : new Date(oldest.t as number).toISOString(),
      unresolvedPayments: unresolved.n as number, paidNotSubmitted: paidNotSubmitted.n as number, purgedDossiers: purged.n as number,
    };
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
    return (this.#db.prepare(sql).all(...args, filter.limit ?? 1000) as Row[]).map(toMessage);
  }

  getMessage(id: string): MessageRow | null {
    const r = this.#db.prepare('SELECT * FROM outbox_messages WHERE id = ?').get(id) as Row | undefined;
    return r ? toMessage(r) : null;
  }

  /** Everything a technician may see about one message: state and metadata, never personal data. */
  show(id: string): { message: MessageRow; dossier?: DossierView; payment?: PaymentRow; queueTicket?: QueueTicketRow; attachments?: AttachmentRow[] } | null {
    const message = this.getMessage(id);
    if (!message) return null;
    switch (message.kind) {
      case 'dossier':
        return { message, dossier: this.getDossier(id) ?? undefined, attachments: this.attachmentsFor(id, null) };
      case 'supplement': {
        const s = this.#db.prepare('SELECT dossier_id FROM supplements WHERE id = ?').get(id) as Row | undefined;
        return { message, attachments: s ? this.attachmentsFor(s.dossier_id as string, id) : [] };
      }
      case 'payment':
        return { message, payment: this.getPayment(id) ?? undefined };
      case 'queue_ticket':
        return { message, queueTicket: this.getQueueTicket(id) ?? undefined };
      default:
        return { message };
    }
  }

  /** Un-parks a rejected message (or makes a waiting one due now). */
  retry(id: string): Result<MessageRow, OutboxError> {
    const m = this.getMessage(id);
    if (!m) return err({ code: 'not-found', message: 'No such message.' });
    if (m.state === 'acked') return err({ code: 'invalid-state', message: 'This message was already delivered.' });
    try {
      this.#db.prepare(`UPDATE outbox_messages SET state = 'pending', next_attempt_at = 0, reject_code = NULL, reject_reason = NULL WHERE id = ?`).run(id);
    } catch (e) {
      return this.#fail('retry-failed', e);
    }
    this.#log.info('message-retry', { id, kind: m.kind });
    this.#changed();
    return ok(this.getMessage(id)!);
  }

  /** Writes a metadata-only report (states, errors, codes; no personal data) for support. */
  exportReport(dir: string): Result<{ file: string; messages: number }, OutboxError> {
    try {
      fs.mkdirSync(dir, { recursive: true });
      const messages = this.list({ limit: 1_000_000 });
      const report = {
        exportedAt: this.#clock.now().toISOString(),
        schemaVersion: this.#store.schemaVersion,
        stats: this.stats(),
        messages: messages.map((m) => ({ ...m, ...(m.kind === 'dossier' ? { dossier: this.getDossier(m.id) } : {}) })),
        unresolvedPayments: this.unresolvedPayments(),
      };
      const file = path.join(dir, `outbox-export-${this.#clock.now().toISOString().replace(/[:.]/g, '-')}.json`);
      fs.writeFileSync(file, JSON.stringify(report, null, 2), { mode: 0o600 });
      return ok({ file, messages: messages.length });
    } catch (e) {
      return this.#fail('export-failed', e);
    }
  }

  // ---- for the sync worker ----

  /** Messages due now, in order; a message waiting on an un-acked one is skipped, never blocks others. */
  dueMessages(now: number, limit = 50): MessageRow[] {
    return (this.#db.prepare(
      `SELECT m.* FROM outbox_messages m LEFT JOIN outbox_messages d ON d.id = m.depends_on
       WHERE m.state IN ('pending','sending') AND m.next_attempt_at <= ? AND (m.depends_on IS NULL OR d.state = 'acked')
       ORDER BY m.seq LIMIT ?`,
    ).all(now, limit) as Row[]).map(toMessage);
  }

  /** Earliest next attempt among sendable messages, or null when nothing is waiting. */
  nextDueAt(): number | null {
    const r = this.#db.prepare(
      `SELECT MIN(m.next_attempt_at) AS t FROM outbox_messages m LEFT JOIN outbox_messages d ON d.id = m.depends_on
       WHERE m.state IN ('pending','sending') AND (m.depends_on IS NULL OR d.state = 'acked')`,
    ).get() as Row;
    return (r.t as number | null) ?? null;
  }

  /** At start-up: nothing is being sent yet, so "sending" rows left by a crash are pending again. */
  requeueInterrupted(): number {
    return this.#db.prepare(`UPDATE outbox_messages SET state = 'pending' WHERE state = 'sending'`).run().changes;
  }

  markSending(id: string): void {
    this.#db.prepare(`UPDATE outbox_messages SET state = 'sending', attempts = attempts + 1, last_attempt_at = ? WHERE id = ? AND state <> 'acked'`)
      .run(this.#now(), id);
  }

  markRetry(id: string, nextAttemptAt: number, error: string): void {
    this.#db.prepare(`UPDATE outbox_messages SET state = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ? AND state <> 'acked'`)
      .run(nextAttemptAt, error.slice(0, 300), id);
    this.#changed();
  }

  markRejected(id: string, code: string, reason: string): void {
    this.#db.prepare(`UPDATE outbox_messages SET state = 'rejected', reject_code = ?, reject_reason = ?, last_error = ? WHERE id = ?`)
      .run(code.slice(0, 64), reason.slice(0, 500), `${code}: ${reason}`.slice(0, 300), id);
    this.#log.warn('message-parked', { id, code: code.slice(0, 64) });
    this.#changed();
  }

  /**
   * A queue-number request the city did not answer in time: the citizen was given a local
   * number or sent to reception, so asking the city later would issue a number nobody holds.
   * Removes the unsent message; the ticket row stays as the record. False if already sent.
   */
  withdrawQueueTicket(id: string): boolean {
    const r = this.#db.prepare(`DELETE FROM outbox_messages WHERE id = ? AND kind = 'queue_ticket' AND state IN ('pending','sending')`).run(id);
    if (r.changes > 0) {
      this.#log.info('queue-ticket-withdrawn', { id });
      this.#changed();
    }
    return r.changes > 0;
  }

  markAcked(id: string): void {
    this.#db.prepare(`UPDATE outbox_messages SET state = 'acked', acked_at = ?, last_error = NULL WHERE id = ?`).run(this.#now(), id);
    this.#changed();
  }

  dossierPayload(id: string): StoredDossierPayload | null {
    const r = this.#db.prepare('SELECT payload_json FROM dossiers WHERE id = ?').get(id) as Row | undefined;
    return r?.payload_json ? (JSON.parse(r.payload_json as string) as StoredDossierPayload) : null;
  }

  supplement(id: string): { dossierId: string; note: string | null; createdAt: string } | null {
    const r = this.#db.prepare('SELECT * FROM supplements WHERE id = ?').get(id) as Row | undefined;
    return r ? { dossierId: r.dossier_id as string, note: (r.note as string | null) ?? null, createdAt: new Date(r.created_at as number).toISOString() } : null;
  }

  telemetryPayload(id: string): Record<string, unknown> | null {
    const r = this.#db.prepare('SELECT payload_json FROM telemetry WHERE id = ?').get(id) as Row | undefined;
    return r ? (JSON.parse(r.payload_json as string) as Record<string, unknown>) : null;
  }

  attachmentsFor(dossierId: string, supplementId: string | null): AttachmentRow[] {
    const rows = supplementId
      ? this.#db.prepare('SELECT * FROM attachments WHERE dossier_id = ? AND supplement_id = ? ORDER BY ord').all(dossierId, supplementId)
      : this.#db.prepare('SELECT * FROM attachments WHERE dossier_id = ? AND supplement_id IS NULL ORDER BY ord').all(dossierId);
    return (rows as Row[]).map(toAttachment);
  }

  /** Decrypted bytes of an attachment (verified against its sha256 by GCM and by hash). */
  readAttachment(a: AttachmentRow): Buffer {
    const blob = fs.readFileSync(path.join(this.#store.attachmentsDir, `${a.sha256}.koa`));
    const plain = decryptAttachment(this.#store.attachmentKey, blob, a.sha256);
    if (sha256Hex(plain) !== a.sha256) throw new Error('attachment hash mismatch');
    return plain;
  }

  setUploadUrl(attachmentId: string, url: string | null): void {
    this.#db.prepare('UPDATE attachments SET upload_url = ? WHERE id = ?').run(url, attachmentId);
  }

  setUploaded(attachmentId: string, uploadId: string | null): void {
    this.#db.prepare('UPDATE attachments SET upload_id = ? WHERE id = ?').run(uploadId, attachmentId);
  }

  /** Stores the city's answer and acks the message in one transaction. */
  recordDossierAck(id: string, a: { receiptCode: string; receivedAt: string; appointmentDate: string | null; status: string; statusCode: number | null }): void {
    this.#db.transaction(() => {
      this.#db.prepare(
        `UPDATE dossiers SET receipt_code = ?, received_at = ?, appointment_date = ?,
         city_status = COALESCE(city_status, ?), city_status_code = COALESCE(city_status_code, ?), city_status_at = COALESCE(city_status_at, ?) WHERE id = ?`,
      ).run(normalizeReceiptCode(a.receiptCode), a.receivedAt, a.appointmentDate, a.status, a.statusCode, a.receivedAt, id);
      this.markAcked(id);
    }).immediate();
  }

  recordQueueTicketAck(id: string, t: { number: number; counterHint: string | null; issuedAt: string; estimatedWaitMinutes: number | null }): void {
    this.#db.transaction(() => {
      this.#db.prepare('UPDATE queue_tickets SET number = ?, counter_hint = ?, issued_at = ?, estimated_wait_minutes = ? WHERE id = ?')
        .run(t.number, t.counterHint, t.issuedAt, t.estimatedWaitMinutes, id);
      this.markAcked(id);
    }).immediate();
  }

  changesCursor(): string | null {
    const r = this.#db.prepare(`SELECT value FROM kv WHERE key = 'changes_cursor'`).get() as Row | undefined;
    return (r?.value as string | undefined) ?? null;
  }

  /** Applies status changes and advances the cursor atomically, so a crash re-pulls rather than skips. */
  applyChanges(changes: readonly { dossierId: string; status: string; statusCode: number; note?: string; at: string }[], cursor: string): number {
    let applied = 0;
    this.#db.transaction(() => {
      const upd = this.#db.prepare(
        `UPDATE dossiers SET city_status = ?, city_status_code = ?, city_status_note = ?, city_status_at = ?
         WHERE id = ? AND (city_status_at IS NULL OR city_status_at <= ?)`,
      );
      for (const c of changes) applied += upd.run(c.status, c.statusCode, c.note ?? null, c.at, c.dossierId, c.at).changes;
      this.#db.prepare(`INSERT INTO kv (key, value) VALUES ('changes_cursor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(cursor);
    }).immediate();
    if (applied) this.#changed();
    return applied;
  }

  // ---- retention ----

  /**
   * Drops identity, form answers and scans of dossiers the city confirmed more than retentionDays
   * ago (and which have nothing left to send). Keeps ids, codes and statuses for lookups.
   */
  purgeExpired(): Result<{ purged: number }, OutboxError> {
    const cutoff = this.#now() - this.#retentionDays * DAY_MS;
    try {
      const ids = (this.#db.prepare(
        `SELECT d.id FROM dossiers d JOIN outbox_messages m ON m.id = d.id
         WHERE d.purged_at IS NULL AND m.state = 'acked' AND m.acked_at <= ?
           AND NOT EXISTS (SELECT 1 FROM supplements s JOIN outbox_messages sm ON sm.id = s.id WHERE s.dossier_id = d.id AND sm.state <> 'acked')`,
      ).all(cutoff) as Row[]).map((r) => r.id as string);
      // Drafts: once their dossier exists or staff settled them, kept retentionDays, then emptied.
      this.#db.prepare(
        `UPDATE payment_drafts SET payload_json = NULL, purged_at = ? WHERE purged_at IS NULL AND created_at <= ?
           AND (settled_at IS NOT NULL OR EXISTS (SELECT 1 FROM dossiers x WHERE x.id = payment_drafts.dossier_id))`,
      ).run(this.#now(), cutoff);
      if (!ids.length) return ok({ purged: 0 });
      const shas = new Set<string>();
      this.#db.transaction(() => {
        const now = this.#now();
        for (const id of ids) {
          for (const a of this.#db.prepare('SELECT sha256 FROM attachments WHERE dossier_id = ? AND purged_at IS NULL').all(id) as Row[]) shas.add(a.sha256 as string);
          this.#db.prepare('UPDATE dossiers SET payload_json = NULL, purged_at = ? WHERE id = ?').run(now, id);
          this.#db.prepare('UPDATE attachments SET purged_at = ? WHERE dossier_id = ?').run(now, id);
          this.#db.prepare('UPDATE supplements SET note = NULL WHERE dossier_id = ?').run(id);
        }
      }).immediate();
      // Files go after the commit; a file still referenced by an unpurged row (same scan twice) stays.
      for (const sha of shas) {
        const still = this.#db.prepare('SELECT 1 FROM attachments WHERE sha256 = ? AND purged_at IS NULL').get(sha);
        if (!still) fs.rmSync(path.join(this.#store.attachmentsDir, `${sha}.koa`), { force: true });
      }
      // Overwrite freed pages so purged data does not linger in the file (it is encrypted anyway).
      this.#db.pragma('wal_checkpoint(TRUNCATE)');
      this.#log.info('retention-purged', { dossiers: ids.length, files: shas.size, retentionDays: this.#retentionDays });
      return ok({ purged: ids.length });
    } catch (e) {
      return this.#fail('purge-failed', e);
    }
  }

  /** Removes leftover temp files and attachment files no row points at (a crash between write and commit). */
  sweepOrphanFiles(minAgeMs = 10 * 60_000): number {
    let removed = 0;
    const now = Date.now();
    for (const name of fs.readdirSync(this.#store.attachmentsDir)) {
      const full = path.join(this.#store.attachmentsDir, name);
      try {
        const st = fs.statSync(full);
        if (now - st.mtimeMs < minAgeMs) continue;
        if (name.endsWith('.tmp')) {
          fs.rmSync(full, { force: true });
          removed++;
        } else if (name.endsWith('.koa')) {
          const sha = name.slice(0, -4);
          if (!this.#db.prepare('SELECT 1 FROM attachments WHERE sha256 = ? AND purged_at IS NULL').get(sha)) {
            fs.rmSync(full, { force: true });
            removed++;
          }
        }
      } catch {
        /* vanished meanwhile */
      }
    }
    if (removed) this.#log.info('orphan-files-removed', { count: removed });
    return removed;
  }
}
