import { err, ok, type Result } from '../../../common/result';
import { computeFee } from '../payment/fees';
import type { CitizenSession } from '../session/citizen-session';
import { normalizePhone, type FormAnswers } from './form-validation';
import { staffRefusal } from './journey-assisted';
import type { StaffError } from '../staff/staff-service';
import { consentedSession, procedureOf, sessionOf, whileWaiting, type JourneyDeps, type JourneyError } from './journey-context';

// The fee: its quote, and paying it by card or VietQR through the payment service. Before any
// money moves the dossier's id is reserved and what the citizen entered is kept; a payment
// whose outcome is unknown is remembered, so the dossier goes to staff and nobody pays twice.

export interface FeeQuote {
  readonly amount: number;
  readonly pages: number;
  readonly copies: number;
  readonly payableAtKiosk: boolean;
}

/** "Thêm thời gian" on the VietQR screen adds this much. */
export const VIETQR_EXTEND_MS = 2 * 60_000;

/** Payment errors whose money may have moved: never charge again, let staff check. */
const UNRESOLVED_PAYMENT = new Set(['unknown-outcome', 'earlier-payment-unresolved', 'vietqr-timeout', 'vietqr-amount-mismatch']);

/** Pages that count for the fee (and the draft): every scanned page that is not blank. */
export function scannedPages(s: CitizenSession): number {
  let n = 0;
  for (const p of s.papers.values()) n += p.pages.filter((pg) => !pg.blank).length;
  return n;
}

export class FeeSteps {
  constructor(private readonly d: JourneyDeps) {}

  /** A payment of the session's dossier with no known outcome. */
  readonly #unresolvedPayment = new WeakMap<CitizenSession, string>();

  /** The payment staff must check before this session's dossier is settled, if there is one. */
  unresolvedPaymentOf(session: CitizenSession): string | undefined {
    return this.#unresolvedPayment.get(session);
  }

  quoteFee(sessionId: string, procedureCode: string, answers: FormAnswers): Result<FeeQuote, JourneyError> {
    const s = sessionOf(this.d, sessionId);
    if (!s.ok) return s;
    const p = procedureOf(this.d, procedureCode);
    if (!p.ok) return p;
    const pages = Math.max(1, scannedPages(s.value));
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

  /** What both ways of paying need first: a consented session, the fee, the dossier's id and its draft kept. */
  #beforePaying(sessionId: string, procedureCode: string, answers: FormAnswers) {
    const s = consentedSession(this.d, sessionId);
    if (!s.ok) return s;
    const quote = this.quoteFee(sessionId, procedureCode, answers);
    if (!quote.ok) return quote;
    const dossierId = this.#reserveDossierId(s.value);
    const draft = this.#saveDraft(s.value, dossierId, procedureCode, answers);
    if (!draft.ok) return draft;
    return ok({ session: s.value, amount: quote.value.amount, dossierId });
  }

  async payByCard(sessionId: string, procedureCode: string, answers: FormAnswers) {
    const before = this.#beforePaying(sessionId, procedureCode, answers);
    if (!before.ok) return before;
    const { session, amount, dossierId } = before.value;
    const r = await whileWaiting(this.d, session, () => this.d.payments.payByCard({ dossierId, amount }));
    if (r.ok) session.paymentId = r.value.paymentId;
    else this.#notePaymentError(session, r.error);
    return ok(r);
  }

  #notePaymentError(session: CitizenSession, e: { code: string; paymentId?: string }): void {
    // Paid already (a retry after a lost reply): the fee is settled, nothing more to charge.
    if (e.code === 'already-paid' && e.paymentId) session.paymentId = e.paymentId;
    else if (UNRESOLVED_PAYMENT.has(e.code) && e.paymentId) this.#unresolvedPayment.set(session, e.paymentId);
  }

  startVietQr(sessionId: string, procedureCode: string, answers: FormAnswers) {
    const before = this.#beforePaying(sessionId, procedureCode, answers);
    if (!before.ok) return before;
    const { session, amount, dossierId } = before.value;
    const reference = dossierId.replace(/-/g, '').slice(-12).toUpperCase();
    const r = this.d.payments.startVietQr(reference, amount, dossierId);
    if (!r.ok) this.#notePaymentError(session, r.error);
    return ok(r.ok ? ok({ ...r.value, reference }) : r);
  }

  /**
   * Assisted mode: the clerk took the fee in cash and records it (the receipt says so). Only a
   * role allowed to take cash; once per dossier (a repeat answers the payment already recorded).
   */
  recordCash(sessionId: string, procedureCode: string, answers: FormAnswers): Result<{ paymentId: string; amount: number }, JourneyError> {
    const s = consentedSession(this.d, sessionId);
    if (!s.ok) return s;
    if (!s.value.assisted) return err({ code: 'not-assisted' });
    const shift = this.d.staff ? this.d.staff.require('take-cash') : err<StaffError>({ code: 'not-signed-in' });
    if (!shift.ok) return err(staffRefusal(shift.error));
    const before = this.#beforePaying(sessionId, procedureCode, answers);
    if (!before.ok) return before;
    const { session, amount, dossierId } = before.value;
    if (session.paymentId) {
      const paid = this.d.outbox.getPayment(session.paymentId);
      if (paid) return ok({ paymentId: paid.id, amount: paid.amount });
    }
    if (amount <= 0) return err({ code: 'not-payable-at-kiosk' });
    const intent = this.d.outbox.recordPaymentIntent({ dossierId, method: 'cash', amount });
    if (!intent.ok) return err({ code: 'storage', detail: intent.error.code });
    const outcome = this.d.outbox.recordPaymentOutcome(intent.value.paymentId, { status: 'approved', paidAt: this.d.clock.now().toISOString() });
    if (!outcome.ok) return err({ code: 'storage', detail: outcome.error.code });
    session.paymentId = intent.value.paymentId;
    this.d.staff?.audit('cash-taken', intent.value.paymentId, { amount, procedureCode });
    return ok({ paymentId: intent.value.paymentId, amount });
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
        papers: scannedPages(s),
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
    const s = consentedSession(this.d, sessionId);
    if (!s.ok) return s;
    const r = await whileWaiting(this.d, s.value, () => this.d.payments.awaitVietQr(paymentId, timeoutMs));
    if (r.ok) {
      s.value.paymentId = r.value.paymentId;
      this.#unresolvedPayment.delete(s.value);
    } else this.#notePaymentError(s.value, r.error);
    return ok(r);
  }

  /** "Thêm thời gian": the citizen needs longer in their bank app. */
  extendVietQr(sessionId: string, paymentId: string) {
    const s = consentedSession(this.d, sessionId);
    if (!s.ok) return s;
    if (s.value.dossierId === undefined || this.d.payments.statusOf(paymentId, s.value.dossierId) === null) return err({ code: 'not-found' as const });
    return ok(this.d.payments.extendVietQr(paymentId, VIETQR_EXTEND_MS));
  }

  /** The citizen stopped waiting for the bank; a transfer that still comes is recorded. */
  cancelVietQr(sessionId: string, paymentId: string): Result<{ cancelled: boolean }, JourneyError> {
    const s = consentedSession(this.d, sessionId);
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
    const s = consentedSession(this.d, sessionId);
    if (!s.ok) return s;
    const status = s.value.dossierId === undefined ? null : this.d.payments.statusOf(paymentId, s.value.dossierId);
    if (status === null) return err({ code: 'not-found' });
    if (status === 'approved') {
      s.value.paymentId = paymentId;
      this.#unresolvedPayment.delete(s.value);
    }
    return ok({ status });
  }
}
