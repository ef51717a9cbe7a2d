import { fromPromise } from 'xstate';
import { asLanguage, type Language } from '../../../common/languages';
import { api } from '../api-client/api-client';
import { callFailure } from '../api-client/call-failure';
import { i18next } from '../i18n/i18n';
import type { ApiResult, journeyActors } from './journey-machine';

// The journey's actors over the api. Every call answers a Result; a call the kiosk's own
// checks refused answers the Result error 'invalid-input' (what was sent is wrong, not the
// network); a call that throws otherwise (the kiosk's server unreachable) becomes the
// machine's onError, shown as "network".

const lang = (): Language => asLanguage(i18next.language);

/** How long the kiosk waits for a card at the reader (the bank's notification: the QR's own deadline). */
export const CARD_WAIT_MS = 60_000;
/** How often the screen asks whether a transfer arrived after the kiosk stopped waiting. */
const PAYMENT_WATCH_MS = 3_000;

const as = <T>(p: Promise<unknown>) =>
  (p as Promise<ApiResult<T>>).catch((e: unknown): ApiResult<T> => {
    const failure = callFailure(e);
    if (failure.code === 'invalid-input') return { ok: false, error: failure };
    throw e;
  });

export function apiActors(): Partial<typeof journeyActors> {
  return {
    startSession: fromPromise(() => as(api.journey.startSession.mutate({ lang: lang() }))),
    // The version agreed to is the one the kiosk showed; it travels with the dossier.
    consent: fromPromise(async ({ input }) => {
      const notice = await api.journey.notice.query();
      return as(api.journey.consent.mutate({ sessionId: input.sessionId, noticeVersion: notice.version }));
    }),
    readCard: fromPromise(({ input }) => as(api.journey.readCard.mutate({ sessionId: input.sessionId, timeoutMs: CARD_WAIT_MS }))),
    cancelCardRead: fromPromise(({ input }) => api.journey.cancelCardRead.mutate({ sessionId: input.sessionId })),
    readMrz: fromPromise(({ input }) => as(api.journey.readMrz.mutate({ sessionId: input.sessionId }))),
    typedIdentity: fromPromise(({ input }) => {
      const t = input.identity;
      return as(
        api.journey.identityTyped.mutate({
          sessionId: input.sessionId,
          idNumber: t.idNumber,
          fullName: t.fullName.trim(),
          dateOfBirth: t.dateOfBirth,
          sex: t.sex === 'female' ? 'female' : 'male',
          ...(t.address.trim().length >= 3 ? { address: t.address.trim() } : {}),
        }),
      );
    }),
    prefill: fromPromise(({ input }) => as(api.journey.prefill.query(input))),
    validate: fromPromise(({ input }) => as(api.journey.validate.query(input))),
    scan: fromPromise(({ input }) => as(api.journey.scanPaper.mutate(input))),
    removePage: fromPromise(({ input }) => as(api.journey.removePage.mutate(input))),
    quote: fromPromise(({ input }) => as(api.journey.quote.query(input))),
    payByCard: fromPromise(({ input }) => as(api.journey.payByCard.mutate(input))),
    startVietQr: fromPromise(({ input }) => as(api.journey.startVietQr.mutate(input))),
    awaitVietQr: fromPromise(({ input }) => as(api.journey.awaitVietQr.mutate(input))),
    extendVietQr: fromPromise(({ input }) => as(api.journey.extendVietQr.mutate(input))),
    cancelVietQr: fromPromise(({ input }) => as(api.journey.cancelVietQr.mutate(input))),
    printPaymentNotice: fromPromise(({ input }) => as(api.journey.printPaymentNotice.mutate({ ...input, lang: lang() }))),
    // Until the payment is settled or the citizen leaves this screen (the actor is stopped).
    watchPayment: fromPromise(async ({ input, signal }) => {
      while (!signal.aborted) {
        const r = await api.journey.paymentStatus.query(input).catch(() => null);
        if (r && (!r.ok || (r.value.status !== 'in-progress' && r.value.status !== 'unknown'))) return r;
        await new Promise((done) => setTimeout(done, PAYMENT_WATCH_MS));
      }
      return { ok: false, error: { code: 'cancelled' } };
    }),
    submit: fromPromise(({ input }) => as(api.journey.submit.mutate(input))),
    printReceipt: fromPromise(({ input }) => as(api.journey.printReceipt.mutate({ ...input, lang: lang() }))),
    printReceiptA4: fromPromise(({ input }) => as(api.journey.printReceiptA4.mutate({ ...input, lang: lang() }))),
    receiptOnScreen: fromPromise(({ input }) => as(api.journey.receiptOnScreen.query(input))),
    rate: fromPromise(({ input }) => as(api.journey.rate.mutate(input))),
  } as Partial<typeof journeyActors>;
}
