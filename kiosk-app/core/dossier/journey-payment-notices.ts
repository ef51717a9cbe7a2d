import { err, ok, type Result } from '../../../common/result';
import { consentedSession, deviceError, type JourneyDeps, type JourneyError } from './journey-context';
import type { PaymentNoticePrint } from './journey-ports';

// A fee that may be paid with no dossier to show for it: the slip the citizen keeps when the
// kiosk stopped waiting for their transfer, and the "paid, not submitted" list staff settle.

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

export class PaymentNotices {
  constructor(private readonly d: JourneyDeps) {}

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
    const s = consentedSession(this.d, sessionId);
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
}
