import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { err, ok, type Result } from '../../../common/result';
import type { CitizenSession, Identity } from '../session/citizen-session';
import type { FieldProblem, FormAnswers } from './form-validation';
import { consentedSession, deviceError, sessionOf, whileWaiting, type JourneyDeps, type JourneyError } from './journey-context';
import { FeeSteps, type FeeQuote } from './journey-fee';
import { FormSteps } from './journey-form';
import { IdentitySteps, type IdentitySummary } from './journey-identity';
import { PaymentNotices, type PaidNotSubmittedView } from './journey-payment-notices';
import type { PaymentNoticePrint } from './journey-ports';
import { ReceiptSteps, type PrintedReceipt } from './journey-receipts';
import { AssistedSteps } from './journey-assisted';
import { SubmitStep, type SubmitResult } from './journey-submit';

// The citizen's dossier journey as the core sees it: every step checks the session,
// nothing personal is logged, and "submitted" is said only once the outbox has it on disk.
//
// JourneyService is the one object callers hold (the api's journey router, the maintenance
// panel). It keeps the session's lifecycle and its scanned papers itself and hands every other
// step to the module of its concept: journey-identity.ts, journey-form.ts, journey-fee.ts (the
// quote, card and VietQR), journey-payment-notices.ts (slips, "paid, not submitted"),
// journey-submit.ts and journey-receipts.ts. What they all share is in journey-context.ts.

export type { JourneyDeps, JourneyError } from './journey-context';
export { maskIdNumber, summarizeIdentity, type IdentitySummary } from './journey-identity';
export { VIETQR_EXTEND_MS, type FeeQuote } from './journey-fee';
export type { PaidNotSubmittedView } from './journey-payment-notices';
export type { SubmitResult } from './journey-submit';
export type { PrintedReceipt } from './journey-receipts';

export interface PagePreview {
  readonly index: number;
  readonly previewDataUrl: string;
  readonly blank: boolean;
  readonly readable: boolean | null;
}

export class JourneyService {
  readonly #identity: IdentitySteps;
  readonly #form: FormSteps;
  readonly #fee: FeeSteps;
  readonly #notices: PaymentNotices;
  readonly #submit: SubmitStep;
  readonly #receipts: ReceiptSteps;
  readonly #assisted: AssistedSteps;

  constructor(private readonly d: JourneyDeps) {
    this.#identity = new IdentitySteps(d);
    this.#form = new FormSteps(d);
    this.#fee = new FeeSteps(d);
    this.#notices = new PaymentNotices(d);
    this.#submit = new SubmitStep(d, this.#fee);
    this.#receipts = new ReceiptSteps(d);
    this.#assisted = new AssistedSteps(d);
  }

  #session(id: string): Result<CitizenSession, JourneyError> {
    return sessionOf(this.d, id);
  }

  #withConsent(sessionId: string): Result<CitizenSession, JourneyError> {
    return consentedSession(this.d, sessionId);
  }

  #whileWaiting<T>(s: CitizenSession, work: () => Promise<T>): Promise<T> {
    return whileWaiting(this.d, s, work);
  }

  /** Refused before the citizen types anything when the disk could not hold their dossier. */
  startSession(lang: string): Result<{ sessionId: string }, JourneyError> {
    const room = this.d.storage.admitNewDossier();
    if (!room.ok) return room;
    return ok({ sessionId: this.d.sessions.start(lang).id });
  }

  // Assisted mode (journey-assisted.ts): a staff member runs the journey; the citizen consents with their own card.

  startAssisted(lang: string, from: { appointmentId?: string; expected?: { maskedId: string; fullName: string } } = {}): Result<{ sessionId: string }, JourneyError> {
    return this.#assisted.start(lang, from);
  }

  consentByCard(sessionId: string, noticeVersion: string, timeoutMs: number) {
    return this.#assisted.consentByCard(sessionId, noticeVersion, timeoutMs);
  }

  cancelConsentRead(sessionId: string): void {
    this.#assisted.cancelConsentRead(sessionId);
  }

  recordCash(sessionId: string, procedureCode: string, answers: FormAnswers) {
    return this.#fee.recordCash(sessionId, procedureCode, answers);
  }

  endSession(sessionId: string): void {
    this.#assisted.cancelConsentRead(sessionId);
    this.#identity.cancelCardRead(sessionId);
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

  giveConsent(sessionId: string, noticeVersion: string): Result<{ at: string }, JourneyError> {
    const s = this.#session(sessionId);
    if (!s.ok) return s;
    const at = this.d.clock.now().toISOString();
    s.value.consent = { noticeVersion, at };
    return ok({ at });
  }

  // Identification and the form (journey-identity.ts, journey-form.ts).

  typedIdentity(sessionId: string, input: Omit<Identity, 'source' | 'oldIdNumber' | 'issueDate' | 'expiryDate'>): Result<IdentitySummary, JourneyError> {
    return this.#identity.typedIdentity(sessionId, input);
  }

  readCard(sessionId: string, timeoutMs: number): Promise<Result<IdentitySummary, JourneyError>> {
    return this.#identity.readCard(sessionId, timeoutMs);
  }

  /** Stops waiting for a card (the citizen chose another way to identify). */
  cancelCardRead(sessionId: string): void {
    this.#identity.cancelCardRead(sessionId);
  }

  readMrz(sessionId: string): Promise<Result<IdentitySummary, JourneyError>> {
    return this.#identity.readMrz(sessionId);
  }

  prefill(sessionId: string, procedureCode: string): Result<FormAnswers, JourneyError> {
    return this.#form.prefill(sessionId, procedureCode);
  }

  validate(procedureCode: string, answers: FormAnswers): Result<FieldProblem[], JourneyError> {
    return this.#form.validate(procedureCode, answers);
  }

  // The papers, kept in the session (scans in its temp folders, wiped with it).

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

  // The fee and its payment (journey-fee.ts).

  quoteFee(sessionId: string, procedureCode: string, answers: FormAnswers): Result<FeeQuote, JourneyError> {
    return this.#fee.quoteFee(sessionId, procedureCode, answers);
  }

  payByCard(sessionId: string, procedureCode: string, answers: FormAnswers) {
    return this.#fee.payByCard(sessionId, procedureCode, answers);
  }

  startVietQr(sessionId: string, procedureCode: string, answers: FormAnswers) {
    return this.#fee.startVietQr(sessionId, procedureCode, answers);
  }

  awaitVietQr(sessionId: string, paymentId: string, timeoutMs?: number) {
    return this.#fee.awaitVietQr(sessionId, paymentId, timeoutMs);
  }

  extendVietQr(sessionId: string, paymentId: string) {
    return this.#fee.extendVietQr(sessionId, paymentId);
  }

  cancelVietQr(sessionId: string, paymentId: string): Result<{ cancelled: boolean }, JourneyError> {
    return this.#fee.cancelVietQr(sessionId, paymentId);
  }

  paymentStatus(sessionId: string, paymentId: string): Result<{ status: 'approved' | 'declined' | 'cancelled' | 'unknown' | 'in-progress' }, JourneyError> {
    return this.#fee.paymentStatus(sessionId, paymentId);
  }

  // A fee with no dossier to show for it (journey-payment-notices.ts).

  paidNotSubmitted(): PaidNotSubmittedView[] {
    return this.#notices.paidNotSubmitted();
  }

  printPaymentNotice(sessionId: string, paymentId: string, lang?: string): Promise<Result<{ kind: PaymentNoticePrint['kind'] }, JourneyError>> {
    return this.#notices.printPaymentNotice(sessionId, paymentId, lang);
  }

  printPaidNotSubmitted(paymentId: string): Promise<Result<{ kind: PaymentNoticePrint['kind'] }, JourneyError>> {
    return this.#notices.printPaidNotSubmitted(paymentId);
  }

  // Submitting and the receipt (journey-submit.ts, journey-receipts.ts).

  submit(sessionId: string, procedureCode: string, answers: FormAnswers): Result<SubmitResult, JourneyError> {
    return this.#submit.submit(sessionId, procedureCode, answers);
  }

  printReceipt(sessionId: string, dossierId: string, lang?: string): Promise<Result<PrintedReceipt, JourneyError>> {
    return this.#receipts.printReceipt(sessionId, dossierId, lang);
  }

  receiptCodeOf(sessionId: string, dossierId: string): Result<PrintedReceipt, JourneyError> {
    return this.#receipts.receiptCodeOf(sessionId, dossierId);
  }

  printReceiptA4(sessionId: string, dossierId: string, answers: FormAnswers, lang?: string): Promise<Result<PrintedReceipt, JourneyError>> {
    return this.#receipts.printReceiptA4(sessionId, dossierId, answers, lang);
  }

  rate(score: number, reasons: readonly string[], procedureCode?: string): Result<void, JourneyError> {
    // Ratings are telemetry: no session, no dossier, no identity travels with them.
    // The channel counts a community point's ratings apart from the self-service kiosks'.
    const counters = { ...Object.fromEntries(reasons.map((r) => [`rating-reason:${r}`, 1])), [`rating-channel:${this.d.config.kiosk.mode}`]: 1 };
    const r = this.d.outbox.enqueueTelemetry({ ratings: [{ score, ...(procedureCode ? { procedureCode } : {}) }], counters });
    return r.ok ? ok(undefined) : err({ code: 'storage', detail: r.error.code });
  }
}
