import { readFileSync } from 'node:fs';
import { err, ok, type Result } from '../../../common/result';
import { validateForm, normalizePhone, type FormAnswers } from './form-validation';
import { consentedSession, procedureOf, today, type JourneyDeps, type JourneyError } from './journey-context';
import type { FeeSteps } from './journey-fee';
import { staffRefusal } from './journey-assisted';
import type { StaffError } from '../staff/staff-service';

// Submitting: session, consent, form, papers and fee checked, then the dossier with its
// attachments and payment link written to the outbox. "Submitted" is said only once the
// outbox has it on disk.

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

export class SubmitStep {
  constructor(
    private readonly d: JourneyDeps,
    /** The fee's quote and the payment whose outcome is unknown, both checked before submitting. */
    private readonly fee: FeeSteps,
  ) {}

  submit(sessionId: string, procedureCode: string, answers: FormAnswers): Result<SubmitResult, JourneyError> {
    const s = consentedSession(this.d, sessionId);
    if (!s.ok) return s;
    const session = s.value;
    // Submitting again (a retry after a lost answer) returns the dossier already kept.
    const kept = session.dossierId ? this.d.outbox.getDossier(session.dossierId) : null;
    if (kept) {
      return ok({ dossierId: kept.id, receiptCode: kept.receiptCode ?? kept.localRef, localRef: kept.localRef, submittedAt: kept.createdAt, sentToCity: kept.receiptCode !== null, online: this.d.isOnline(), paymentToCheck: !session.paymentId && this.fee.unresolvedPaymentOf(session) !== undefined });
    }
    // Assisted: the staff member's shift must be open and allowed to submit; the consent is the citizen's own (by their card).
    let onBehalfOf: { staffId: string; staffSessionId: string; consentRef: string } | undefined;
    if (session.assisted) {
      const shift = this.d.staff ? this.d.staff.require('submit') : err<StaffError>({ code: 'not-signed-in' });
      if (!shift.ok) return err(staffRefusal(shift.error));
      if (!session.consent?.ref) return err({ code: 'no-consent' });
      onBehalfOf = { staffId: shift.value.staffId, staffSessionId: shift.value.sessionId, consentRef: session.consent.ref };
    }
    const identity = session.identity;
    if (!identity) return err({ code: 'no-identity' });
    const p = procedureOf(this.d, procedureCode);
    if (!p.ok) return p;
    if (!p.value.kioskSubmission) return err({ code: 'not-at-kiosk' });
    const problems = validateForm(p.value.formFields, answers, today(this.d));
    if (problems.length > 0) return err({ code: 'invalid-form', problems });
    const missing = p.value.papers.filter((paper) => paper.required && paper.scan && !(session.papers.get(paper.id)?.pages.some((pg) => !pg.blank)));
    if (missing.length > 0) return err({ code: 'missing-papers', papers: missing.map((m) => m.id) });
    const quote = this.fee.quoteFee(sessionId, procedureCode, answers);
    if (!quote.ok) return quote;
    // A payment whose outcome is unknown goes with the dossier for staff to check: the
    // citizen's work is not lost, and nobody is asked to pay twice.
    const toCheck = session.paymentId ? undefined : this.fee.unresolvedPaymentOf(session);
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
      channel: session.assisted && this.d.config.kiosk.mode === 'kiosk' ? 'community' : this.d.config.kiosk.mode,
      ...(onBehalfOf ? { onBehalfOf } : {}),
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
    if (onBehalfOf) this.d.staff?.audit('assisted-submit', submitted.value.id, { procedureCode, consentRef: onBehalfOf.consentRef, fee: quote.value.amount });
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
}
