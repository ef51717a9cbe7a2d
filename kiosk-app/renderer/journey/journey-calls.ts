import { fromPromise, type OutputFrom } from 'xstate';
import type { ApiInputs, ApiOutputs } from '../api-client/api-types';
import type { CallFailure, Settled } from '../api-client/call-failure';
import type { JourneyFailure, RatingReason, TypedIdentity } from './journey-context';

// The journey's device and network calls, each an invoked actor the screen provides (the api
// in the kiosk, journey-actors.ts; fakes in tests), declared with the api's own types; and how
// the machine reads what a call answered.
type JourneyOut = ApiOutputs['journey'];
type JourneyIn = ApiInputs['journey'];

type WithSession = { sessionId: string };
/** The actors' default: the screen (or a test) provides every one; one left out fails as unanswered. */
const notProvided = (): Promise<never> => Promise.reject(new Error('journey actor not provided'));
/** An actor answering a call's Result, or the refusal of its input that `settleRefusal` adds. */
const call = <Out, In>() => fromPromise<Settled<Out>, In>(notProvided);

/** The journey's calls, typed by the api's answers. The screen provides the api (journey-actors.ts); tests provide fakes. */
export const journeyActors = {
  startSession: call<JourneyOut['startSession'], void>(),
  consent: call<JourneyOut['consent'], WithSession>(),
  readCard: call<JourneyOut['readCard'], WithSession>(),
  /** Not a Result: the reader is told to stop; whatever it answers, the step goes back. */
  cancelCardRead: fromPromise<JourneyOut['cancelCardRead'], WithSession>(notProvided),
  readMrz: call<JourneyOut['readMrz'], WithSession>(),
  typedIdentity: call<JourneyOut['identityTyped'], WithSession & { identity: TypedIdentity }>(),
  prefill: call<JourneyOut['prefill'], JourneyIn['prefill']>(),
  validate: call<JourneyOut['validate'], JourneyIn['validate']>(),
  scan: call<JourneyOut['scanPaper'], JourneyIn['scanPaper']>(),
  removePage: call<JourneyOut['removePage'], JourneyIn['removePage']>(),
  quote: call<JourneyOut['quote'], JourneyIn['quote']>(),
  payByCard: call<JourneyOut['payByCard'], JourneyIn['payByCard']>(),
  startVietQr: call<JourneyOut['startVietQr'], JourneyIn['startVietQr']>(),
  awaitVietQr: call<JourneyOut['awaitVietQr'], JourneyIn['awaitVietQr']>(),
  extendVietQr: call<JourneyOut['extendVietQr'], JourneyIn['extendVietQr']>(),
  cancelVietQr: call<JourneyOut['cancelVietQr'], JourneyIn['cancelVietQr']>(),
  /** Resolves once the payment is settled (the transfer arrived after the kiosk stopped waiting). */
  watchPayment: fromPromise<JourneyOut['paymentStatus'] | WatchStopped, JourneyIn['paymentStatus']>(notProvided),
  printPaymentNotice: call<JourneyOut['printPaymentNotice'], Omit<JourneyIn['printPaymentNotice'], 'lang'>>(),
  submit: call<JourneyOut['submit'], JourneyIn['submit']>(),
  printReceipt: call<JourneyOut['printReceipt'], Omit<JourneyIn['printReceipt'], 'lang'>>(),
  printReceiptA4: call<JourneyOut['printReceiptA4'], Omit<JourneyIn['printReceiptA4'], 'lang'>>(),
  receiptOnScreen: call<JourneyOut['receiptOnScreen'], JourneyIn['receiptOnScreen']>(),
  rate: call<JourneyOut['rate'], { score: number; reasons: RatingReason[]; procedureCode: string }>(),
};
/** The watch over a payment ended because the citizen left its screen (the actor was stopped). */
export type WatchStopped = { readonly ok: false; readonly error: { readonly code: 'cancelled' } };
/** What each of the journey's actors answers (fakes in tests answer the same). */
export type JourneyAnswers = { [K in keyof typeof journeyActors]: OutputFrom<(typeof journeyActors)[K]> };

type Answer = { readonly ok: true } | { readonly ok: false; readonly error: JourneyFailure };
export const failed = (e: { output: Answer }) => !e.output.ok;
// The two below follow a guard that has looked at `ok` (XState cannot carry its narrowing into the action).
export const errorOf = (e: { output: Answer }): JourneyFailure => {
  if (e.output.ok) throw new Error('an answer that went well has no error');
  return e.output.error;
};
export const valueOf = <V>(e: { output: { readonly ok: true; readonly value: V } | { readonly ok: false } }): V => {
  if (!e.output.ok) throw new Error('an answer that went wrong has no value');
  return e.output.value;
};
export const network: CallFailure = { code: 'network' };
