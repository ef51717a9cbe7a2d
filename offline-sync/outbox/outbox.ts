// The durable outbox: every dossier, attachment, payment, queue ticket, supplement, telemetry
// report and audit event is committed here (files fsynced first, then one SQLite transaction) before the caller
// is told it is submitted. The sync worker drains it; technicians inspect it.
//
// Outbox is the one object callers hold; it only forwards. Each aggregate keeps its own rows
// (dossiers.ts, supplements.ts, payments.ts, payment-drafts.ts, queue-tickets.ts, telemetry.ts,
// audit-events.ts, attachments.ts, messages.ts), retention.ts purges, outbox-report.ts counts and exports, and
// every one of them commits through the store's one transaction helper (outbox-context.ts).
import type { Result } from '../../common/result';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { newId } from '../../common/ids';
import type { KioskStore } from '../store/store';
import { OutboxContext } from './outbox-context';
import { MessageQueue } from './messages';
import { AttachmentFiles } from './attachments';
import { Dossiers, type DossierAck, type StatusChange, type StoredDossierPayload } from './dossiers';
import { Supplements, type SupplementRow } from './supplements';
import { Payments } from './payments';
import { PaymentDrafts } from './payment-drafts';
import { QueueTickets, type QueueTicketAck } from './queue-tickets';
import { TelemetryReports, type TelemetryReport } from './telemetry';
import { AuditEvents } from './audit-events';
import { Retention } from './retention';
import { OutboxReport, type MessageDetail } from './outbox-report';
import type {
  AttachmentRow, DossierInput, DossierView, LocalStatus, MessageKind, MessageRow, MessageState, OutboxError, OutboxStats, PaidNotSubmitted,
  PaymentDraft, PaymentIntentInput, PaymentOutcomeInput, PaymentRow, QueueTicketInput, QueueTicketRow, SubmittedDossier, SupplementInput, TelemetryInput,
} from './types';

export type { StoredDossierPayload } from './dossiers';

export interface OutboxOptions {
  clock?: Clock;
  logger?: Logger;
  /** Days after the city confirmed receipt before a dossier's personal data is purged. */
  retentionDays?: number;
  /** Test hook: called between the file writes and the transaction (crash and disk tests). */
  beforeCommit?: () => void;
}

export class Outbox {
  readonly #ctx: OutboxContext;
  readonly messages: MessageQueue;
  readonly attachments: AttachmentFiles;
  readonly dossiers: Dossiers;
  readonly supplements: Supplements;
  readonly payments: Payments;
  readonly drafts: PaymentDrafts;
  readonly queueTickets: QueueTickets;
  readonly telemetry: TelemetryReports;
  /** Append-only device audit events (staff, assisted submissions, consent, maintenance). */
  readonly audit: AuditEvents;
  readonly retention: Retention;
  readonly report: OutboxReport;

  constructor(store: KioskStore, opts: OutboxOptions = {}) {
    const ctx = (this.#ctx = new OutboxContext(store, opts));
    this.messages = new MessageQueue(ctx);
    this.attachments = new AttachmentFiles(ctx);
    this.payments = new Payments(ctx, this.messages);
    this.drafts = new PaymentDrafts(ctx, this.payments);
    this.dossiers = new Dossiers(ctx, this.messages, this.attachments, this.payments);
    this.supplements = new Supplements(ctx, this.messages, this.attachments);
    this.queueTickets = new QueueTickets(ctx, this.messages);
    this.telemetry = new TelemetryReports(ctx, this.messages);
    this.audit = new AuditEvents(ctx, this.messages);
    this.retention = new Retention(ctx, this.attachments, this.supplements, this.drafts, this.audit, opts.retentionDays ?? 30);
    this.report = new OutboxReport(ctx, {
      messages: this.messages, attachments: this.attachments, dossiers: this.dossiers, supplements: this.supplements, payments: this.payments, drafts: this.drafts, queueTickets: this.queueTickets,
    });
  }

  get store(): KioskStore {
    return this.#ctx.store;
  }

  /** Called after every committed change, e.g. so the worker wakes up. */
  onChange(listener: () => void): () => void {
    return this.#ctx.onChange(listener);
  }

  /** A fresh time-ordered id, for a dossier whose fee is paid before it is submitted. */
  reserveId(): string {
    return newId();
  }

  // ---- dossiers and supplements ----
  /** Durable when it answers ok: the citizen may be told "submitted". */
  submitDossier(input: DossierInput): Result<SubmittedDossier, OutboxError> { return this.dossiers.submit(input); }
  submitSupplement(input: SupplementInput): Result<{ id: string; attachments: readonly { id: string; sha256: string }[] }, OutboxError> { return this.supplements.submit(input); }
  getDossier(id: string): DossierView | null { return this.dossiers.get(id); }
  /** Accepts either the city's receiptCode or the local reference printed before the city answered. */
  findDossierByReceiptCode(code: string): DossierView | null { return this.dossiers.findByCode(code); }
  localStatus(idOrCode: string): LocalStatus | null { return this.dossiers.localStatus(idOrCode); }
  dossierPayload(id: string): StoredDossierPayload | null { return this.dossiers.payload(id); }
  supplement(id: string): SupplementRow | null { return this.supplements.get(id); }
  recordDossierAck(id: string, a: DossierAck): void { this.dossiers.recordAck(id, a); }
  changesCursor(): string | null { return this.dossiers.changesCursor(); }
  applyChanges(changes: readonly StatusChange[], cursor: string): number { return this.dossiers.applyChanges(changes, cursor); }

  // ---- payments ----
  /** Written BEFORE the terminal is asked to charge. */
  recordPaymentIntent(input: PaymentIntentInput): Result<{ paymentId: string }, OutboxError> { return this.payments.recordIntent(input); }
  recordPaymentOutcome(paymentId: string, input: PaymentOutcomeInput): Result<PaymentRow, OutboxError> { return this.payments.recordOutcome(paymentId, input); }
  markPaymentUnknown(paymentId: string): Result<PaymentRow, OutboxError> { return this.payments.markUnknown(paymentId); }
  markInterruptedPaymentsUnknown(): number { return this.payments.markInterruptedUnknown(); }
  unresolvedPayments(): PaymentRow[] { return this.payments.unresolved(); }
  paymentByReference(reference: string): PaymentRow | null { return this.payments.byReference(reference); }
  paymentsForDossier(dossierId: string): PaymentRow[] { return this.payments.forDossier(dossierId); }
  getPayment(id: string): PaymentRow | null { return this.payments.get(id); }
  savePaymentDraft(input: { dossierId: string; procedureCode: string; draft: PaymentDraft }): Result<void, OutboxError> { return this.drafts.save(input); }
  paidNotSubmitted(): PaidNotSubmitted[] { return this.drafts.paidNotSubmitted(); }
  paymentDraftProcedure(dossierId: string): string | null { return this.drafts.procedureFor(dossierId); }
  settlePaidNotSubmitted(paymentId: string): Result<void, OutboxError> { return this.drafts.settle(paymentId); }

  // ---- queue tickets and telemetry ----
  enqueueQueueTicket(input: QueueTicketInput): Result<QueueTicketRow, OutboxError> { return this.queueTickets.enqueue(input); }
  getQueueTicket(id: string): QueueTicketRow | null { return this.queueTickets.get(id); }
  recordQueueTicketAck(id: string, t: QueueTicketAck): void { this.queueTickets.recordAck(id, t); }
  withdrawQueueTicket(id: string): boolean { return this.queueTickets.withdraw(id); }
  enqueueTelemetry(input: TelemetryInput): Result<{ id: string }, OutboxError> { return this.telemetry.enqueue(input); }
  telemetryPayload(id: string): TelemetryReport | null { return this.telemetry.payload(id); }

  // ---- attachments ----
  attachmentsFor(dossierId: string, supplementId: string | null): AttachmentRow[] { return this.attachments.listFor(dossierId, supplementId); }
  readAttachment(a: AttachmentRow): Buffer { return this.attachments.read(a); }
  setUploadUrl(attachmentId: string, url: string | null): void { this.attachments.setUploadUrl(attachmentId, url); }
  setUploaded(attachmentId: string, uploadId: string | null): void { this.attachments.setUploaded(attachmentId, uploadId); }

  // ---- the message queue (the sync worker and technicians) ----
  dueMessages(now: number, limit?: number): MessageRow[] { return this.messages.due(now, limit); }
  nextDueAt(): number | null { return this.messages.nextDueAt(); }
  requeueInterrupted(): number { return this.messages.requeueInterrupted(); }
  markSending(id: string): void { this.messages.markSending(id); }
  markRetry(id: string, nextAttemptAt: number, error: string): void { this.messages.markRetry(id, nextAttemptAt, error); }
  makeWaitingDue(now: number): number { return this.messages.makeWaitingDue(now); }
  markRejected(id: string, code: string, reason: string): void { this.messages.markRejected(id, code, reason); }
  markAcked(id: string): void { this.messages.markAcked(id); }
  /** Un-parks a rejected message (or makes a waiting one due now). */
  retry(id: string): Result<MessageRow, OutboxError> { return this.messages.retry(id); }
  list(filter?: { state?: MessageState; kind?: MessageKind; limit?: number }): MessageRow[] { return this.messages.list(filter); }
  getMessage(id: string): MessageRow | null { return this.messages.get(id); }

  // ---- technicians and retention ----
  stats(): OutboxStats { return this.report.stats(); }
  show(id: string): MessageDetail | null { return this.report.show(id); }
  exportReport(dir: string): Result<{ file: string; messages: number }, OutboxError> { return this.report.export(dir); }
  purgeExpired(): Result<{ purged: number }, OutboxError> { return this.retention.purgeExpired(); }
  sweepOrphanFiles(minAgeMs?: number): number { return this.retention.sweepOrphanFiles(minAgeMs); }
}
