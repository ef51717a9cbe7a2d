import { err, ok, type Result } from '../../../common/result';
import type { CitizenSession } from '../session/citizen-session';
import type { FormAnswers } from './form-validation';
import { deviceError, procedureOf, sessionOf, type JourneyDeps, type JourneyError } from './journey-context';
import type { ReceiptData } from './journey-ports';

// The receipt of a submitted dossier: printed (receipt printer or A4) or shown on screen, and
// only for the session's own dossier. It carries the city's code when the city answered in time.

export interface PrintedReceipt {
  /** The code printed under the QR: the city's receipt code once it answered, else the kiosk's reference. */
  readonly receiptCode: string;
  /** The receipt says the dossier is waiting to be sent. */
  readonly queued: boolean;
}

export class ReceiptSteps {
  constructor(private readonly d: JourneyDeps) {}

  #receiptData(session: CitizenSession, dossierId: string, lang: string): Result<ReceiptData, JourneyError> {
    const view = this.d.outbox.getDossier(dossierId);
    if (!view) return err({ code: 'not-found' });
    const p = procedureOf(this.d, view.procedureCode);
    if (!p.ok) return p;
    const l = (t: { vi: string; en: string }) => (lang === 'vi' ? t.vi : t.en);
    const payment = view.paymentId ? this.d.outbox.getPayment(view.paymentId) : null;
    return ok({
      lang,
      procedureName: l(p.value.name),
      receiptCode: view.receiptCode ?? view.localRef,
      submittedAt: view.createdAt,
      ...(view.appointmentDate ? { appointmentDate: view.appointmentDate } : {}),
      ...(payment && payment.outcome === 'approved' ? { feePaid: payment.amount, paymentMethod: payment.method } : {}),
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
    const s = sessionOf(this.d, sessionId);
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
    const s = sessionOf(this.d, sessionId);
    if (!s.ok) return s;
    if (s.value.dossierId !== dossierId) return err({ code: 'not-found' });
    const view = this.d.outbox.getDossier(dossierId);
    if (!view) return err({ code: 'not-found' });
    return ok({ receiptCode: view.receiptCode ?? view.localRef, queued: view.receiptCode === null });
  }

  async printReceiptA4(sessionId: string, dossierId: string, answers: FormAnswers, lang?: string): Promise<Result<PrintedReceipt, JourneyError>> {
    const s = sessionOf(this.d, sessionId);
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
}
