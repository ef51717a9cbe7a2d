import { fromPromise } from 'xstate';
import { asLanguage, type Language } from '../../../common/languages';
import { api } from '../api-client/api-client';
import { settleRefusal } from '../api-client/call-failure';
import { i18next } from '../i18n/i18n';
import type { journeyActors, WatchStopped } from './journey-calls';

// The journey's actors over the api. Every call answers a Result, typed by the router, and
// each actor is exactly the machine's declaration (journeyActors in journey-calls.ts): no cast
// between them. A call the kiosk's own checks refused answers the Result error 'invalid-input'
// (what was sent is wrong, not the network); a call that throws otherwise (the kiosk's server
// unreachable) becomes the machine's onError, shown as "network".

const lang = (): Language => asLanguage(i18next.language);

/** How long the kiosk waits for a card at the reader (the bank's notification: the QR's own deadline). */
export const CARD_WAIT_MS = 60_000;
/** How often the screen asks whether a transfer arrived after the kiosk stopped waiting. */
const PAYMENT_WATCH_MS = 3_000;

export function apiActors(): typeof journeyActors {
  return {
    startSession: fromPromise(() => settleRefusal(api.journey.startSession.mutate({ lang: lang() }))),
    // The version agreed to is the one the kiosk showed; it travels with the dossier.
    consent: fromPromise(async ({ input }) => {
      const notice = await api.journey.notice.query();
      return settleRefusal(api.journey.consent.mutate({ sessionId: input.sessionId, noticeVersion: notice.version }));
    }),
    readCard: fromPromise(({ input }) => settleRefusal(api.journey.readCard.mutate({ sessionId: input.sessionId, timeoutMs: CARD_WAIT_MS }))),
    cancelCardRead: fromPromise(({ input }) => api.journey.cancelCardRead.mutate({ sessionId: input.sessionId })),
    readMrz: fromPromise(({ input }) => settleRefusal(api.journey.readMrz.mutate({ sessionId: input.sessionId }))),
    typedIdentity: fromPromise(({ input }) => {
      const t = input.identity;
      return settleRefusal(
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
    prefill: fromPromise(({ input }) => settleRefusal(api.journey.prefill.query(input))),
    validate: fromPromise(({ input }) => settleRefusal(api.journey.validate.query(input))),
    scan: fromPromise(({ input }) => settleRefusal(api.journey.scanPaper.mutate(input))),
    removePage: fromPromise(({ input }) => settleRefusal(api.journey.removePage.mutate(input))),
    quote: fromPromise(({ input }) => settleRefusal(api.journey.quote.query(input))),
    payByCard: fromPromise(({ input }) => settleRefusal(api.journey.payByCard.mutate(input))),
    startVietQr: fromPromise(({ input }) => settleRefusal(api.journey.startVietQr.mutate(input))),
    awaitVietQr: fromPromise(({ input }) => settleRefusal(api.journey.awaitVietQr.mutate(input))),
    extendVietQr: fromPromise(({ input }) => settleRefusal(api.journey.extendVietQr.mutate(input))),
    cancelVietQr: fromPromise(({ input }) => settleRefusal(api.journey.cancelVietQr.mutate(input))),
    printPaymentNotice: fromPromise(({ input }) => settleRefusal(api.journey.printPaymentNotice.mutate({ ...input, lang: lang() }))),
    // Until the payment is settled or the citizen leaves this screen (the actor is stopped).
    watchPayment: fromPromise(async ({ input, signal }) => {
      while (!signal.aborted) {
        const r = await api.journey.paymentStatus.query(input).catch(() => null);
        if (r && (!r.ok || (r.value.status !== 'in-progress' && r.value.status !== 'unknown'))) return r;
        await new Promise((done) => setTimeout(done, PAYMENT_WATCH_MS));
      }
      const stopped: WatchStopped = { ok: false, error: { code: 'cancelled' } };
      return stopped;
    }),
    submit: fromPromise(({ input }) => settleRefusal(api.journey.submit.mutate(input))),
    printReceipt: fromPromise(({ input }) => settleRefusal(api.journey.printReceipt.mutate({ ...input, lang: lang() }))),
    printReceiptA4: fromPromise(({ input }) => settleRefusal(api.journey.printReceiptA4.mutate({ ...input, lang: lang() }))),
    receiptOnScreen: fromPromise(({ input }) => settleRefusal(api.journey.receiptOnScreen.query(input))),
    rate: fromPromise(({ input }) => settleRefusal(api.journey.rate.mutate(input))),
  };
}
