import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../common/clock';
import { hanoiDate } from '../../../common/hanoi-time';
import type { Logger } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import type { Outbox } from '../../../offline-sync/outbox/outbox';
import type { CatalogService } from '../catalog/catalog-service';
import type { Procedure } from '../catalog/catalog-schema';
import type { KioskConfig } from '../config/config-schema';
import { computeFee } from '../payment/fees';
import type { PaymentService } from '../payment/payment-service';
import type { CitizenSession, Identity, SessionStore } from '../session/citizen-session';
import { validateForm, normalizePhone, type FieldProblem, type FormAnswers } from './form-validation';
import type { A4PrinterPort, DeviceError, IdentityReader, PaperScanner, PaymentNoticePrint, ReceiptData, ReceiptPrinterPort } from './journey-ports';

// The citizen's dossier journey as the core sees it: every step checks the session,
// nothing personal is logged, and "submitted" is said only once the outbox has it on disk.

export type JourneyError =
  | { code: 'no-session' }
  | { code: 'no-consent' }
  | { code: 'no-identity' }
  | { code: 'unknown-procedure' }
  | { code: 'not-at-kiosk' }
  | { code: 'invalid-form'; problems: FieldProblem[] }
  | { code: 'missing-papers'; papers: string[] }
  | { code: 'fee-not-paid' }
  | { code: 'not-payable-at-kiosk' }
  | { code: 'storage'; detail: string }
  /** The disk is nearly full: no new dossier is begun (those under way still finish). */
  | { code: 'storage-full' }
  | { code: 'not-found' }
  | ({ code: 'device' } & { device: string; reason: string });

export interface IdentitySummary {
  readonly fullName: string;
  /** Shown masked so people behind the citizen cannot read it. */
  readonly idNumberMasked: string;
  readonly dateOfBirth: string;
  readonly sex: 'male' | 'female' | null;
  readonly address: string | null;
  readonly source: Identity['source'];
}

export interface PagePreview {
  readonly index: number;
  readonly previewDataUrl: string;
  readonly blank: boolean;
  readonly readable: boolean | null;
}

export interface FeeQuote {
  readonly amount: number;
  readonly pages: number;
  readonly copies: number;
  readonly payableAtKiosk: boolean;
}

export interface SubmitResult {
  readonly dossierId: string;
  readonly receiptCode: string;
  readonly localRef: string;
  readonly submittedAt: string;
  /** Whether the city has acknowledged it yet (never at the moment of submitting). */
  readonly sentToCity: boolean;
  /** False while the kiosk is offline: the dossier is safe on this machine and will be sent. */
  readonly online: boolean;
  /** The card or bank payment whose outcome staff must check (the citizen must not pay again). */
  readonly paymentToCheck: boolean;
}

export interface PrintedReceipt {
  /** The code printed under the QR: the city's receipt code once it answered, else the kiosk's reference. */
  readonly receiptCode: string;
  /** The receipt says the dossier is waiting to be sent. */
  readonly queued: boolean;
}

/** A fee paid with no dossier submitted, as staff see it in the maintenance panel. */
export interface PaidNotSubmittedView {
  readonly paymentId: string;
  readonly method: 'card' | 'vietqr';
  readonly amount: number;
  readonly reference: string | null;
  readonly paidAt: string | null;
  readonly procedureCode: string | null;
  readonly procedureName: string | null;
  /**
   * Whether what the citizen entered is still kept (encrypted, until retention), to complete
   * the dossier at the counter. The panel shows no personal data; the slip carries the reference.
   */
  readonly entriesKept: boolean;
}

export interface JourneyDeps {
  readonly config: KioskConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sessions: SessionStore;
  readonly catalog: CatalogService;
  readonly outbox: Outbox;
  readonly payments: PaymentService;
  readonly idReader: IdentityReader;
  readonly scanner: PaperScanner;
  readonly receiptPrinter: ReceiptPrinterPort;
  readonly a4Printer: A4PrinterPort;
  /** Whether the city answered recently (from the sync worker). */
  readonly isOnline: () => boolean;
  /** Whether the disk has room for a new dossier (core/storage's StorageMonitor). */
  readonly storage: { admitNewDossier(): Result<void, { code: 'storage-full' }> };
  /**
   * How long printing waits for the city's receipt code right after submitting (the sync
   * worker usually has it within a second), so the receipt carries the official code.
   */
  readonly receiptCodeWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export function maskIdNumber(id: string): string {
  return id.length === 12 ? `${id.slice(0, 3)}******${id.slice(9)}` : '************';
}

export function summarizeIdentity(i: Identity): IdentitySummary {
  return { fullName: i.fullName, idNumberMasked: maskIdNumber(i.idNumber), dateOfBirth: i.dateOfBirth, sex: i.sex, address: i.address, source: i.source };
}

function deviceError(device: string, e: DeviceError): JourneyError {
  return { code: 'device', device, reason: e.code };
}

/** "Thêm thời gian" on the VietQR screen adds this much. */
export const VIETQR_EXTEND_MS = 2 * 60_000;

/** Payment errors whose money may have moved: never charge again, let staff check. */
const UNRESOLVED_PAYMENT = new Set(['unknown-outcome', 'earlier-payment-unresolved', 'vietqr-timeout', 'vietqr-amount-mismatch']);

export class JourneyService {
  constructor(private readonly d: JourneyDeps) {}

  /** A card read in progress per session, so a new read or the end of the session stops it. */
  readonly #cardReads = new Map<string, AbortController>();
  /** A payment of the session's dossier with no known outcome. */
  readonly #unresolvedPayment = new WeakMap<CitizenSession, string>();

  #session(id: string): Result<CitizenSession, JourneyError> {
    const s = this.d.sessions.get(id);
    return s ? ok(s) : err({ code: 'no-session' });
  }

  #procedure(code: string): Result<Procedure, JourneyError> {
    const p = this.d.catalog.get(code);
    if (!p) return err({ code: 'unknown-procedure' });
    return ok(p);
  }

  /** Refused before the citizen types anything when the disk could not hold their dossier. */
  startSession(lang: string): Result<{ sessionId: string }, JourneyError> {
    const room = this.d.storage.admitNewDossier();
    if (!room.ok) return room;
    return ok({ sessionId: this.d.sessions.start(lang).id });
  }

  endSession(sessionId: string): void {
    this.#cardReads.get(sessionId)?.abort();
    this.#cardReads.delete(sessionId);
    this.d.sessions.end(sessionId);
  }

  /**
   * The citizen is still at the kiosk (the screen saw a touch, or is showing a wait): the
   * core's session lives as long as the screen's. Answers no-session once it was wiped.
   */
  stillHere(sessionId: string): Result<{ open: true }, JourneyError> {
    const s = this.#session(sessionId);
    return s.ok ? ok({ open: true }) : s;
  }

  /** A wait on the citizen's behalf: the session cannot expire under it (SessionStore.hold). */
  async #whileWaiting<T>(s: CitizenSession, work: () => Promise<T>): Promise<T> {
    const release = this.d.sessions.hold(s);
    try {
      return await work();
    } finally {
      release();
    }
  }

  giveConsent(sessionId: string, noticeVersion: string): Result<{ at: string }, JourneyError> {
    const s = this.#session(sessionId);
    if (!s.ok) return s;
    const at = this.d.clock.now().toISOString();
    s.value.consent = { noticeVersion, at };
    return ok({ at });
  }

  #withConsent(sessionId: string): Result<CitizenSession, JourneyError> {
    const s = this.#session(sessionId);
    if (!s.ok) return s;
    if (!s.value.consent) return err({ code: 'no-consent' });
    return s;
  }

  typedIdentity(sessionId: string, input: Omit<Identity, 'source' | 'oldIdNumber' | 'issueDate' | 'expiryDate'>): Result<IdentitySummary, JourneyError> {
    const s = this.#withConsent(sessionId);
    if (!s.ok) return s;
    const identity: Identity = { ...input, oldIdNumber: null, issueDate: null, expiryDate: null, source: 'typed' };
    s.value.identity = identity;
    return ok(summarizeIdentity(identity));
  }

  async readCard(sessionId: string, timeoutMs: number): Promise<Result<IdentitySummary, JourneyError>> {
    const s = this.#withConsent(sessionId);
    if (!s.ok) return s;
    this.#cardReads.get(sessionId)?.abort();
    const controller = new AbortController();
    this.#cardReads.set(sessionId, controller);
    const r = await this.#whileWaiting(s.value, () => this.d.idReader.readCard(timeoutMs, controller.signal));
    if (this.#cardReads.get(sessionId) === controller) this.#cardReads.delete(sessionId);
    if (!r.ok) return err(deviceError('idreader', r.error));
    // The session may have ended while the reader waited: nothing is kept then.
    if (controller.signal.aborted || this.d.sessions.get(sessionId) !== s.value) return err({ code: 'no-session' });
    s.value.identity = r.value;
    return ok(summarizeIdentity(r.value));
  }

  /** Stops waiting for a card (the citizen chose another way to identify). */
  cancelCardRead(sessionId: string): void {
    this.#cardReads.get(sessionId)?.abort();
    this.#cardReads.delete(sessionId);
  }

  async readMrz(sessionId: string): Promise<Result<IdentitySummary, JourneyError>> {
    const s = this.#withConsent(sessionId);
    if (!s.ok) return s;
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-mrz-'));
    s.value.tempDirs.push(dir);
    const r = await this.#whileWaiting(s.value, () => this.d.scanner.readMrz(dir));
    if (!r.ok) return err(deviceError('scanner', r.error));
    s.value.identity = r.value;
    return ok(summarizeIdentity(r.value));
  }

  /**
   * Answers prefilled from the card for the procedure's form: only fields that are plainly
   * the applicant's own (by their id), so the citizen checks a suggestion, not a guess.
   */
  prefill(sessionId: string, procedureCode: string): Result<FormAnswers, JourneyError> {
    const s = this.#withConsent(sessionId);
    if (!s.ok) return s;
    const p = this.#procedure(procedureCode);
    if (!p.ok) return p;
    const identity = s.value.identity;
    if (!identity) return ok({});
    const ids = new Set(p.value.formFields.map((f) => f.id));
    const out: FormAnswers = {};
    const own: Record<string, string | null> = {
      fullName: identity.fullName,
      applicantName: identity.fullName,
      dateOfBirth: identity.dateOfBirth,
      idNumber: identity.idNumber,
      permanentAddress: identity.address,
    };
    for (const [id, value] of Object.entries(own)) if (ids.has(id) && value) out[id] = value;
    // Birth registration: most often a parent registers; the card says which one.
    const relation = p.value.formFields.find((f) => f.id === 'relation');
    if (relation?.options && identity.sex) {
      const parent = identity.sex === 'female' ? { rel: 'me', field: 'motherName' } : { rel: 'cha', field: 'fatherName' };
      if (relation.options.some((o) => o.value === parent.rel) && ids.has(parent.field)) {
        out['relation'] = parent.rel;
        out[parent.field] = identity.fullName;
      }
    }
    return ok(out);
  }

  validate(procedureCode: string, answers: FormAnswers): Result<FieldProblem[], JourneyError> {
    const p = this.#procedure(procedureCode);
    if (!p.ok) return p;
    return ok(validateForm(p.value.formFields, answers, this.#today()));
  }

  #today(): string {
    // Dates are Hanoi dates whatever the machine's zone.
    return hanoiDate(this.d.clock.now());
  }

  async scanPaper(sessionId: string, paperId: string): Promise<Result<PagePreview[], JourneyError>> {
    const s = this.#withConsent(sessionId);
    if (!s.ok) return s;
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-scan-'));
    s.value.tempDirs.push(dir);
    const r = await this.#whileWaiting(s.value, () => this.d.scanner.scan({ dir, source: 'flatbed' }));
    if (!r.ok) return err(deviceError('scanner', r.error));
    const existing = s.value.papers.get(paperId)?.pages ?? [];
    const pages = [...existing, ...r.value.map((p) => ({ file: p.file, previewPng: p.previewPng, blank: p.blank, readable: p.readable }))];
    s.value.papers.set(paperId, { paperId, pages });
    return ok(this.#previews(s.value, paperId));
  }

  removePage(sessionId: string, paperId: string, index: number): Result<PagePreview[], JourneyError> {
    const s = this.#session(sessionId);
    if (!s.ok) return s;
    const paper = s.value.papers.get(paperId);
    if (!paper || !paper.pages[index]) return err({ code: 'not-found' });
    s.value.papers.set(paperId, { paperId, pages: paper.pages.filter((_, i) => i !== index) });
    return ok(this.#previews(s.value, paperId));
  }

  #previews(s: CitizenSession, paperId: string): PagePreview[] {
    return (s.papers.get(paperId)?.pages ?? []).map((p, index) => ({
      index,
      previewDataUrl: `data:image/png;base64,${p.previewPng.toString('base64')}`,
      blank: p.blank,
      readable: p.readable,
    }));
  }

  #scannedPages(s: CitizenSession): number {
    let n = 0;
    for (const p of s.papers.values()) n += p.pages.filter((pg) => !pg.blank).length;
    return n;
  }

  quoteFee(sessionId: string, procedureCode: string, answers: FormAnswers): Result<FeeQuote, JourneyError> {
    const s = this.#session(sessionId);
    if (!s.ok) return s;
    const p = this.#procedure(procedureCode);
    if (!p.ok) return p;
    const pages = Math.max(1, this.#scannedPages(s.value));
    const copies = Math.max(1, Number.parseInt(answers['copies'] ?? '1', 10) || 1);
    const fee = computeFee(p.value.fee, { pages, copies, online: true });
    if (!fee.ok) {
      if (fee.error.code === 'not-payable-at-kiosk') return ok({ amount: 0, pages, copies, payableAtKiosk: false });
      return err({ code: 'storage', detail: fee.error.detail });
    }
    return ok({ amount: fee.value.amount, pages, copies, payableAtKiosk: true });
  }

  #reserveDossierId(s: CitizenSession): string {
    s.dossierId ??= this.d.outbox.reserveId();
    return s.dossierId;
  }

  async payByCard(sessionId: string, procedureCode: string, answers: FormAnswers) {
    const s = this.#withConsent(sessionId);
    if (!s.ok) return s;
    const quote = this.quoteFee(sessionId, procedureCode, answers);
    if (!quote.ok) return quote;
    const dossierId = this.#reserveDossierId(s.value);
    const draft = this.#saveDraft(s.value, dossierId, procedureCode, answers);
    if (!draft.ok) return draft;
    const r = await this.#whileWaiting(s.value, () => this.d.payments.payByCard({ dossierId, amount: quote.value.amount }));
    if (r.ok) s.value.paymentId = r.value.paymentId;
    else this.#notePaymentError(s.value, r.error);
    return ok(r);
  }

  #notePaymentError(session: CitizenSession, e: { code: string; paymentId?: string }): void {
    // Paid already (a retry after a lost reply): the fee is settled, nothing more to charge.
    if (e.code === 'already-paid' && e.paymentId) session.paymentId = e.paymentId;
    else if (UNRESOLVED_PAYMENT.has(e.code) && e.paymentId) this.#unresolvedPayment.set(session, e.paymentId);
  }

  startVietQr(sessionId: string, procedureCode: string, answers: FormAnswers) {
    const s = this.#withConsent(sessionId);
    if (!s.ok) return s;
    const quote = this.quoteFee(sessionId, procedureCode, answers);
    if (!quote.ok) return quote;
    const dossierId = this.#reserveDossierId(s.value);
    const draft = this.#saveDraft(s.value, dossierId, procedureCode, answers);
    if (!draft.ok) return draft;
    const reference = dossierId.replace(/-/g, '').slice(-12).toUpperCase();
    const r = this.d.payments.startVietQr(reference, quote.value.amount, dossierId);
    if (!r.ok) this.#notePaymentError(s.value, r.error);
    return ok(r.ok ? ok({ ...r.value, reference }) : r);
  }

  /**
   * What the citizen entered, kept before any money moves: a payment that lands after they
   * left is "paid, not submitted" with this, never money without a name (outbox.paidNotSubmitted).
   */
  #saveDraft(s: CitizenSession, dossierId: string, procedureCode: string, answers: FormAnswers): Result<void, JourneyError> {
    const identity = s.identity;
    if (!identity) return err({ code: 'no-identity' });
    const phone = normalizePhone(answers['phone'] ?? '') ?? undefined;
    const r = this.d.outbox.savePaymentDraft({
      dossierId,
      procedureCode,
      draft: {
        applicant: { idNumber: identity.idNumber, fullName: identity.fullName, dateOfBirth: identity.dateOfBirth, ...(phone ? { phone } : {}) },
        form: { ...answers },
        lang: s.lang,
        papers: this.#scannedPages(s),
      },
    });
    if (!r.ok) {
      this.d.logger.error('payment-draft-failed', { code: r.error.code });
      return err({ code: 'storage', detail: r.error.code });
    }
    return ok(undefined);
  }

  /** Waits for the bank until the QR's deadline (moved by extendVietQr); timeoutMs only for tests and tools. */
  async awaitVietQr(sessionId: string, paymentId: string, timeoutMs?: number) {
    const s = this.#withConsent(sessionId);
    if (!s.ok) return s;
    const r = await this.#whileWaiting(s.value, () => this.d.payments.awaitVietQr(paymentId, timeoutMs));
    if (r.ok) {
      s.value.paymentId = r.value.paymentId;
      this.#unresolvedPayment.delete(s.value);
    } else this.#notePaymentError(s.value, r.error);
    return ok(r);
  }

  /**
   * Fees paid with no dossier kept: the citizen left, or the kiosk restarted, before the
   * transfer arrived. A payment of a session still open (the citizen may yet submit) is not one.
   */
  paidNotSubmitted(): PaidNotSubmittedView[] {
    const open = new Set(this.d.sessions.openSessions().map((s) => s.dossierId).filter((id): id is string => id !== undefined));
    return this.d.outbox
      .paidNotSubmitted()
      .filter((x) => !open.has(x.payment.dossierId))
      .map((x) => ({
        paymentId: x.payment.id,
        method: x.payment.method === 'vietqr' ? 'vietqr' : 'card',
        amount: x.payment.amount,
        reference: x.payment.reference,
        paidAt: x.payment.paidAt,
        procedureCode: x.procedureCode,
        procedureName: x.procedureCode ? (this.d.catalog.get(x.procedureCode)?.name.vi ?? null) : null,
        entriesKept: x.draft !== null,
      }));
  }

  /**
   * The slip a citizen keeps when the kiosk stopped waiting for their transfer (or cancelled):
   * the reference and amount, and whom to call if the money left their account.
   */
  async printPaymentNotice(sessionId: string, paymentId: string, lang?: string): Promise<Result<{ kind: PaymentNoticePrint['kind'] }, JourneyError>> {
    const s = this.#withConsent(sessionId);
    if (!s.ok) return s;
    const payment = this.d.outbox.getPayment(paymentId);
    if (!payment || payment.dossierId !== s.value.dossierId) return err({ code: 'not-found' });
    const draft = this.d.catalog.get(this.#procedureOfDraft(payment.dossierId) ?? '');
    return this.#printNotice(payment, payment.outcome === 'approved' ? 'paid' : 'unconfirmed', lang ?? s.value.lang, draft?.name ?? null);
  }

  /** Staff print the slip of a fee paid with no dossier, for a refund or to complete it at the counter. */
  async printPaidNotSubmitted(paymentId: string): Promise<Result<{ kind: PaymentNoticePrint['kind'] }, JourneyError>> {
    const item = this.paidNotSubmitted().find((x) => x.paymentId === paymentId);
    const payment = item ? this.d.outbox.getPayment(paymentId) : null;
    if (!item || !payment) return err({ code: 'not-found' });
    return this.#printNotice(payment, 'paid', 'vi', item.procedureCode ? (this.d.catalog.get(item.procedureCode)?.name ?? null) : null);
  }

  #procedureOfDraft(dossierId: string): string | null {
    return this.d.outbox.paymentDraftProcedure(dossierId);
  }

  async #printNotice(
    payment: { id: string; method: string; amount: number; reference: string | null; paidAt: string | null; createdAt: string },
    kind: PaymentNoticePrint['kind'],
    lang: string,
    procedureName: { vi: string; en: string } | null,
  ): Promise<Result<{ kind: PaymentNoticePrint['kind'] }, JourneyError>> {
    const r = await this.d.receiptPrinter.printPaymentNotice({
      lang,
      kind,
      amount: payment.amount,
      method: payment.method === 'vietqr' ? 'vietqr' : 'card',
      reference: payment.reference ?? payment.id.replace(/-/g, '').slice(-10).toUpperCase(),
      at: payment.paidAt ?? payment.createdAt,
      procedureName: procedureName ? (lang === 'vi' ? procedureName.vi : procedureName.en) : '',
    });
    if (!r.ok) return err(deviceError('printer', r.error));
    this.d.logger.info('payment-notice-printed', { paymentId: payment.id, kind });
    return ok({ kind });
  }

  /** "Thêm thời gian": the citizen needs longer in their bank app. */
  extendVietQr(sessionId: string, paymentId: string) {
    const s = this.#withConsent(sessionId);
    if (!s.ok) return s;
    if (s.value.dossierId === undefined || this.d.payments.statusOf(paymentId, s.value.dossierId) === null) return err({ code: 'not-found' as const });
    return ok(this.d.payments.extendVietQr(paymentId, VIETQR_EXTEND_MS));
  }

  /** The citizen stopped waiting for the bank; a transfer that still comes is recorded. */
  cancelVietQr(sessionId: string, paymentId: string): Result<{ cancelled: boolean }, JourneyError> {
    const s = this.#withConsent(sessionId);
    if (!s.ok) return s;
    if (s.value.dossierId === undefined || this.d.payments.statusOf(paymentId, s.value.dossierId) === null) return err({ code: 'not-found' });
    this.#unresolvedPayment.set(s.value, paymentId);
    return ok({ cancelled: this.d.payments.cancelVietQr(paymentId) });
  }

  /**
   * Has this session's payment been settled since the kiosk stopped waiting? A transfer that
   * arrives while the citizen is still on the screen is taken, and the dossier submitted.
   */
  paymentStatus(sessionId: string, paymentId: string): Result<{ status: 'approved' | 'declined' | 'cancelled' | 'unknown' | 'in-progress' }, JourneyError> {
    const s = this.#withConsent(sessionId);
    if (!s.ok) return s;
    const status = s.value.dossierId === undefined ? null : this.d.payments.statusOf(paymentId, s.value.dossierId);
    if (status === null) return err({ code: 'not-found' });
    if (status === 'approved') {
      s.value.paymentId = paymentId;
      this.#unresolvedPayment.delete(s.value);
    }
    return ok({ status });
  }

  submit(sessionId: string, procedureCode: string, answers: FormAnswers): Result<SubmitResult, JourneyError> {
    const s = this.#withConsent(sessionId);
    if (!s.ok) return s;
    const session = s.value;
    // Submitting again (a retry after a lost answer) returns the dossier already kept.
    const kept = session.dossierId ? this.d.outbox.getDossier(session.dossierId) : null;
    if (kept) {
      return ok({ dossierId: kept.id, receiptCode: kept.receiptCode ?? kept.localRef, localRef: kept.localRef, submittedAt: kept.createdAt, sentToCity: kept.receiptCode !== null, online: this.d.isOnline(), paymentToCheck: !session.paymentId && this.#unresolvedPayment.has(session) });
    }
    const identity = session.identity;
    if (!identity) return err({ code: 'no-identity' });
    const p = this.#procedure(procedureCode);
    if (!p.ok) return p;
    if (!p.value.kioskSubmission) return err({ code: 'not-at-kiosk' });
    const problems = validateForm(p.value.formFields, answers, this.#today());
    if (problems.length > 0) return err({ code: 'invalid-form', problems });
    const missing = p.value.papers.filter((paper) => paper.required && paper.scan && !(session.papers.get(paper.id)?.pages.some((pg) => !pg.blank)));
    if (missing.length > 0) return err({ code: 'missing-papers', papers: missing.map((m) => m.id) });
    const quote = this.quoteFee(sessionId, procedureCode, answers);
    if (!quote.ok) return quote;
    // A payment whose outcome is unknown goes with the dossier for staff to check: the
    // citizen's work is not lost, and nobody is asked to pay twice.
    const toCheck = session.paymentId ? undefined : this.#unresolvedPayment.get(session);
    if (quote.value.payableAtKiosk && quote.value.amount > 0 && !session.paymentId && !toCheck) return err({ code: 'fee-not-paid' });
    const paymentId = session.paymentId ?? toCheck;

    const attachments = [...session.papers.values()].flatMap((paper) =>
      paper.pages
        .filter((pg) => !pg.blank)
        .map((pg) => ({ bytes: readFileSync(pg.file), mediaType: pg.file.endsWith('.pdf') ? 'application/pdf' : pg.file.endsWith('.jpg') ? 'image/jpeg' : 'image/png', pages: 1, documentType: paper.paperId })),
    );
    const phone = normalizePhone(answers['phone'] ?? '') ?? undefined;
    const { phone: _p, email, ...form } = answers;
    const submitted = this.d.outbox.submitDossier({
      ...(session.dossierId ? { id: session.dossierId } : {}),
      procedureCode,
      channel: this.d.config.kiosk.mode,
      applicant: {
        idNumber: identity.idNumber,
        fullName: identity.fullName,
        dateOfBirth: identity.dateOfBirth,
        sex: identity.sex ?? 'male',
        address: identity.address ?? (answers['address'] || 'Không ghi'),
        ...(phone ? { phone } : {}),
        ...(email ? { email } : {}),
      },
      form: { ...form, consent: { noticeVersion: session.consent!.noticeVersion, at: session.consent!.at }, ...(toCheck ? { paymentToCheck: true } : {}) },
      attachments,
      fee: { amount: quote.value.payableAtKiosk ? quote.value.amount : 0, ...(paymentId ? { paymentId } : {}) },
    });
    if (!submitted.ok) {
      this.d.logger.error('submit-failed', { code: submitted.error.code });
      return err({ code: 'storage', detail: submitted.error.code });
    }
    this.d.logger.info('dossier-submitted', { procedureCode, attachments: attachments.length, fee: quote.value.amount, paymentToCheck: Boolean(toCheck) });
    session.dossierId = submitted.value.id;
    return ok({
      dossierId: submitted.value.id,
      receiptCode: submitted.value.localRef,
      localRef: submitted.value.localRef,
      submittedAt: submitted.value.createdAt,
      sentToCity: false,
      online: this.d.isOnline(),
      paymentToCheck: Boolean(toCheck),
    });
  }

  #receiptData(session: CitizenSession, dossierId: string, lang: string): Result<ReceiptData, JourneyError> {
    const view = this.d.outbox.getDossier(dossierId);
    if (!view) return err({ code: 'not-found' });
    const p = this.#procedure(view.procedureCode);
    if (!p.ok) return p;
    const l = (t: { vi: string; en: string }) => (lang === 'vi' ? t.vi : t.en);
    const payment = view.paymentId ? this.d.outbox.getPayment(view.paymentId) : null;
    return ok({
      lang,
      procedureName: l(p.value.name),
      receiptCode: view.receiptCode ?? view.localRef,
      submittedAt: view.createdAt,
      ...(view.appointmentDate ? { appointmentDate: view.appointmentDate } : {}),
      ...(payment && payment.outcome === 'approved' ? { feePaid: payment.amount, paymentMethod: payment.method === 'card' ? 'card' : 'vietqr' } : {}),
      queued: view.receiptCode === null,
      agency: l(p.value.agency),
      applicantName: session.identity?.fullName ?? '',
      papers: [...session.papers.values()].filter((paper) => paper.pages.some((pg) => !pg.blank)).map((paper) => paper.paperId).map((id) => l(p.value.papers.find((pp) => pp.id === id)?.name ?? { vi: id, en: id })),
    });
  }

  /** Waits briefly for the city's receipt code while online; a kiosk offline prints at once. */
  async #awaitCityCode(dossierId: string): Promise<void> {
    const wait = this.d.receiptCodeWaitMs ?? 3000;
    const sleep = this.d.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let waited = 0; waited < wait && this.d.isOnline(); waited += 200) {
      const v = this.d.outbox.getDossier(dossierId);
      if (!v || v.receiptCode !== null || v.delivery === 'rejected') return;
      await sleep(200);
    }
  }

  async printReceipt(sessionId: string, dossierId: string, lang?: string): Promise<Result<PrintedReceipt, JourneyError>> {
    const s = this.#session(sessionId);
    if (!s.ok) return s;
    // Only this session's own dossier: nobody prints another citizen's receipt.
    if (s.value.dossierId !== dossierId) return err({ code: 'not-found' });
    if (lang) s.value.lang = lang;
    await this.#awaitCityCode(dossierId);
    const data = this.#receiptData(s.value, dossierId, s.value.lang);
    if (!data.ok) return data;
    const r = await this.d.receiptPrinter.printDossierReceipt(data.value);
    return r.ok ? ok({ receiptCode: data.value.receiptCode, queued: data.value.queued }) : err(deviceError('printer', r.error));
  }

  /** The receipt code to show on screen (to photograph) when no printer can print it. */
  receiptCodeOf(sessionId: string, dossierId: string): Result<PrintedReceipt, JourneyError> {
    const s = this.#session(sessionId);
    if (!s.ok) return s;
    if (s.value.dossierId !== dossierId) return err({ code: 'not-found' });
    const view = this.d.outbox.getDossier(dossierId);
    if (!view) return err({ code: 'not-found' });
    return ok({ receiptCode: view.receiptCode ?? view.localRef, queued: view.receiptCode === null });
  }

  async printReceiptA4(sessionId: string, dossierId: string, answers: FormAnswers, lang?: string): Promise<Result<PrintedReceipt, JourneyError>> {
    const s = this.#session(sessionId);
    if (!s.ok) return s;
    if (s.value.dossierId !== dossierId) return err({ code: 'not-found' });
    if (lang) s.value.lang = lang;
    const data = this.#receiptData(s.value, dossierId, s.value.lang);
    if (!data.ok) return data;
    const identity = s.value.identity;
    if (!identity) return err({ code: 'no-identity' });
    const r = await this.d.a4Printer.printReceiptA4({
      ...data.value,
      applicantIdNumber: identity.idNumber,
      ...(identity.address ? { applicantAddress: identity.address } : {}),
      ...(answers['phone'] ? { phone: answers['phone'] } : {}),
    });
    return r.ok ? ok({ receiptCode: data.value.receiptCode, queued: data.value.queued }) : err(deviceError('a4', r.error));
  }

  rate(score: number, reasons: readonly string[], procedureCode?: string): Result<void, JourneyError> {
    // Ratings are telemetry: no session, no dossier, no identity travels with them.
    const counters = Object.fromEntries(reasons.map((r) => [`rating-reason:${r}`, 1]));
    const r = this.d.outbox.enqueueTelemetry({ ratings: [{ score, ...(procedureCode ? { procedureCode } : {}) }], counters });
    return r.ok ? ok(undefined) : err({ code: 'storage', detail: r.error.code });
  }
}
