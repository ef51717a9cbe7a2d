import { assign, fromPromise, setup, type ActorRefFrom, type OutputFrom, type SnapshotFrom } from 'xstate';
import type { ApiInputs, ApiOutputs, ErrorOf, ValueOf } from '../api-client/api-types';
import type { CallFailure, Settled } from '../api-client/call-failure';

// The dossier journey, step by step: consent → identify → form → papers → review → fee →
// submit → receipt → rating → end. The machine holds everything the citizen entered, so
// going back and forth loses nothing; every device or network call is an invoked actor the
// screen provides (the api in the kiosk, fakes in tests), and every wait is a named delay.

// What the api answers is read from its router (api-client/api-types.ts), never written
// out again here; what the citizen is typing, the context and the events are the screen's own.
type JourneyOut = ApiOutputs['journey'];
type JourneyIn = ApiInputs['journey'];

export type IdentitySummary = ValueOf<JourneyOut['readCard']>;
export type PagePreview = ValueOf<JourneyOut['scanPaper']>[number];
export type FeeQuote = ValueOf<JourneyOut['quote']>;
/** The QR to pay by; its `expiresAt` (ISO) is when the kiosk stops waiting for the bank ("Thêm thời gian" moves it). */
export type VietQr = ValueOf<JourneyOut['startVietQr']>;
export type Submitted = ValueOf<JourneyOut['submit']>;
export type Printed = ValueOf<JourneyOut['printReceipt']>;
export type OnScreenReceipt = ValueOf<JourneyOut['receiptOnScreen']>;
export type FieldProblem = ValueOf<JourneyOut['validate']>[number];
/** The journey's own words for what went wrong, where no call said it. */
type JourneyOwnFailure = { readonly code: 'missing-papers' } | { readonly code: 'vietqr-cancelled' } | { readonly code: 'unknown-outcome' };
/** Whatever the journey shows went wrong: a call's typed error, a call that did not get through, or the journey's own. */
export type JourneyFailure = ErrorOf<JourneyOut[keyof JourneyOut]> | CallFailure | JourneyOwnFailure;

export interface TypedIdentity {
  idNumber: string;
  fullName: string;
  /** yyyy-mm-dd once complete. */
  dateOfBirth: string;
  sex: 'male' | 'female' | '';
  address: string;
}
export type RatingReason = 'fast' | 'easy' | 'slow' | 'hard' | 'device-problem' | 'unclear';

export interface JourneyContext {
  procedureCode: string;
  sessionId: string | null;
  identity: IdentitySummary | null;
  /** What the citizen typed to identify, kept so going back shows it again. */
  typed: TypedIdentity;
  answers: Record<string, string>;
  /** Prefill from the card is applied once, and never over an answer the citizen gave. */
  prefilled: boolean;
  problems: FieldProblem[];
  papers: Record<string, PagePreview[]>;
  /** The paper a scan or page removal is working on. */
  activePaper: string | null;
  /** Papers the procedure requires scanned (from the catalogue). */
  requiredPapers: string[];
  quote: FeeQuote | null;
  vietQr: VietQr | null;
  /** The "money may have left your account" slip: null while printing or not asked. */
  noticePrinted: boolean | null;
  paid: { method: 'card' | 'vietqr'; amount: number } | null;
  submitted: Submitted | null;
  printed: Printed | null;
  /** The thermal receipt came out (the A4 one may stand in for it). */
  thermal: boolean;
  /** The receipt's QR shown on screen to photograph (printer out of paper). */
  onScreen: OnScreenReceipt | null;
  a4: 'none' | 'printing' | 'printed' | 'failed';
  /** The last thing that went wrong, shown on the step it happened in. */
  error: JourneyFailure | null;
  rating: { score: number | null; reasons: RatingReason[] };
}

export type JourneyEvent =
  | { type: 'AGREE' }
  | { type: 'DECLINE' }
  | { type: 'READ_CARD' }
  | { type: 'READ_MRZ' }
  | { type: 'TYPE_ID' }
  | { type: 'SET_TYPED'; field: keyof TypedIdentity; value: string }
  | { type: 'SAVE_TYPED' }
  | { type: 'CANCEL' }
  | { type: 'CONFIRM' }
  | { type: 'BACK' }
  | { type: 'SET_ANSWER'; field: string; value: string }
  | { type: 'NEXT' }
  | { type: 'SCAN'; paperId: string }
  | { type: 'REMOVE_PAGE'; paperId: string; index: number }
  | { type: 'RESCAN_PAGE'; paperId: string; index: number }
  | { type: 'EDIT_FORM' }
  | { type: 'EDIT_PAPERS' }
  | { type: 'PAY_CARD' }
  | { type: 'PAY_VIETQR' }
  | { type: 'WAIT_AGAIN' }
  /** "Thêm thời gian" on the VietQR screen. */
  | { type: 'EXTEND' }
  | { type: 'SUBMIT_TO_CHECK' }
  | { type: 'RETRY' }
  | { type: 'PRINT_A4' }
  | { type: 'SHOW_QR' }
  | { type: 'RATE'; score: number }
  | { type: 'TOGGLE_REASON'; reason: RatingReason }
  | { type: 'SEND_RATING' }
  | { type: 'SKIP' }
  | { type: 'DONE' };

export interface JourneyInput {
  procedureCode: string;
  /** Papers that must have a non-blank page before review. */
  requiredPapers: string[];
}

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

/** Card outcomes after which the money may have moved: never offer to pay again. */
const UNRESOLVED = ['unknown-outcome', 'earlier-payment-unresolved', 'vietqr-amount-mismatch'];

type Answer = { readonly ok: true } | { readonly ok: false; readonly error: JourneyFailure };
const failed = (e: { output: Answer }) => !e.output.ok;
// The two below follow a guard that has looked at `ok` (XState cannot carry its narrowing into the action).
const errorOf = (e: { output: Answer }): JourneyFailure => {
  if (e.output.ok) throw new Error('an answer that went well has no error');
  return e.output.error;
};
const valueOf = <V>(e: { output: { readonly ok: true; readonly value: V } | { readonly ok: false } }): V => {
  if (!e.output.ok) throw new Error('an answer that went wrong has no value');
  return e.output.value;
};
const network: CallFailure = { code: 'network' };

export const EMPTY_TYPED: TypedIdentity = { idNumber: '', fullName: '', dateOfBirth: '', sex: '', address: '' };

export const journeyMachine = setup({
  types: { context: {} as JourneyContext, events: {} as JourneyEvent, input: {} as JourneyInput },
  actors: journeyActors,
  delays: {
    /** The thank-you screen, before the session ends by itself. */
    thanks: 6_000,
  },
  guards: {
    noFeeToPay: ({ context }) => !context.quote || !context.quote.payableAtKiosk || context.quote.amount === 0 || context.paid !== null,
    papersComplete: ({ context }) => context.requiredPapers.every((id) => (context.papers[id] ?? []).some((p) => !p.blank)),
  },
}).createMachine({
  id: 'journey',
  context: ({ input }) => ({
    procedureCode: input.procedureCode,
    sessionId: null,
    identity: null,
    typed: EMPTY_TYPED,
    answers: {},
    prefilled: false,
    problems: [],
    papers: {},
    activePaper: null,
    requiredPapers: input.requiredPapers,
    quote: null,
    vietQr: null,
    noticePrinted: null,
    paid: null,
    submitted: null,
    printed: null,
    thermal: false,
    onScreen: null,
    a4: 'none',
    error: null,
    rating: { score: null, reasons: [] },
  }),
  initial: 'starting',
  states: {
    starting: {
      invoke: {
        src: 'startSession',
        onDone: [
          { guard: ({ event }) => failed(event), target: 'fatal', actions: assign({ error: ({ event }) => errorOf(event) }) },
          { target: 'consent', actions: assign({ sessionId: ({ event }) => valueOf(event).sessionId }) },
        ],
        onError: { target: 'fatal', actions: assign({ error: network }) },
      },
    },
    fatal: { on: { RETRY: { target: 'starting', actions: assign({ error: null }) } } },
    consent: {
      on: { AGREE: 'giving-consent', DECLINE: 'declined' },
    },
    'giving-consent': {
      invoke: {
        src: 'consent',
        input: ({ context }) => ({ sessionId: context.sessionId! }),
        onDone: [
          { guard: ({ event }) => failed(event), target: 'consent', actions: assign({ error: ({ event }) => errorOf(event) }) },
          { target: 'identify', actions: assign({ error: null }) },
        ],
        onError: { target: 'consent', actions: assign({ error: network }) },
      },
    },
    declined: { on: { DONE: 'ended' } },
    identify: {
      initial: 'choose',
      on: { SET_TYPED: { actions: assign({ typed: ({ context, event }) => ({ ...context.typed, [event.field]: event.value }) }) } },
      states: {
        choose: {
          on: {
            READ_CARD: { target: 'reading-card', actions: assign({ error: null }) },
            READ_MRZ: { target: 'mrz-ready', actions: assign({ error: null }) },
            TYPE_ID: { target: 'typing', actions: assign({ error: null }) },
            BACK: { target: '#journey.consent', actions: assign({ error: null }) },
          },
        },
        'reading-card': {
          invoke: {
            src: 'readCard',
            input: ({ context }) => ({ sessionId: context.sessionId! }),
            onDone: [
              { guard: ({ event }) => failed(event), target: 'choose', actions: assign({ error: ({ event }) => errorOf(event) }) },
              { target: 'confirm', actions: assign({ identity: ({ event }) => valueOf(event), error: null }) },
            ],
            onError: { target: 'choose', actions: assign({ error: network }) },
          },
          on: { CANCEL: 'cancelling-card', BACK: 'cancelling-card', TYPE_ID: 'cancelling-card-to-typing' },
        },
        // The reader is told to stop waiting, so a card held later does not fill this session.
        'cancelling-card': {
          invoke: { src: 'cancelCardRead', input: ({ context }) => ({ sessionId: context.sessionId! }), onDone: 'choose', onError: 'choose' },
        },
        'cancelling-card-to-typing': {
          invoke: { src: 'cancelCardRead', input: ({ context }) => ({ sessionId: context.sessionId! }), onDone: 'typing', onError: 'typing' },
        },
        // The citizen lays the card's back on the glass first, then asks for the scan.
        'mrz-ready': { on: { CONFIRM: 'reading-mrz', CANCEL: 'choose', BACK: 'choose', TYPE_ID: 'typing' } },
        'reading-mrz': {
          invoke: {
            src: 'readMrz',
            input: ({ context }) => ({ sessionId: context.sessionId! }),
            onDone: [
              { guard: ({ event }) => failed(event), target: 'mrz-ready', actions: assign({ error: ({ event }) => errorOf(event) }) },
              { target: 'confirm', actions: assign({ identity: ({ event }) => valueOf(event), error: null }) },
            ],
            onError: { target: 'mrz-ready', actions: assign({ error: network }) },
          },
        },
        typing: {
          on: { SAVE_TYPED: 'saving-typed', CANCEL: 'choose', BACK: 'choose' },
        },
        'saving-typed': {
          invoke: {
            src: 'typedIdentity',
            input: ({ context }) => ({ sessionId: context.sessionId!, identity: context.typed }),
            onDone: [
              { guard: ({ event }) => failed(event), target: 'typing', actions: assign({ error: ({ event }) => errorOf(event) }) },
              { target: 'confirm', actions: assign({ identity: ({ event }) => valueOf(event), error: null }) },
            ],
            onError: { target: 'typing', actions: assign({ error: network }) },
          },
        },
        confirm: { on: { CONFIRM: '#journey.form', BACK: 'choose' } },
      },
    },
    form: {
      initial: 'prefilling',
      on: { SET_ANSWER: { actions: assign({ answers: ({ context, event }) => ({ ...context.answers, [event.field]: event.value }) }) } },
      states: {
        prefilling: {
          always: { guard: ({ context }) => context.prefilled, target: 'editing' },
          invoke: {
            src: 'prefill',
            input: ({ context }) => ({ sessionId: context.sessionId!, procedureCode: context.procedureCode }),
            onDone: {
              target: 'editing',
              actions: assign({
                prefilled: true,
                // A suggestion never replaces what the citizen already typed.
                answers: ({ context, event }) => (event.output.ok ? { ...event.output.value, ...context.answers } : context.answers),
              }),
            },
            onError: { target: 'editing', actions: assign({ prefilled: true }) },
          },
        },
        editing: { on: { NEXT: 'validating', BACK: '#journey.identify.confirm' } },
        validating: {
          invoke: {
            src: 'validate',
            input: ({ context }) => ({ procedureCode: context.procedureCode, answers: context.answers }),
            onDone: [
              { guard: ({ event }) => failed(event), target: 'editing', actions: assign({ error: ({ event }) => errorOf(event) }) },
              { guard: ({ event }) => valueOf(event).length > 0, target: 'editing', actions: assign({ problems: ({ event }) => valueOf(event), error: null }) },
              { target: '#journey.papers', actions: assign({ problems: [], error: null }) },
            ],
            onError: { target: 'editing', actions: assign({ error: network }) },
          },
        },
      },
    },
    papers: {
      initial: 'idle',
      states: {
        idle: {
          on: {
            SCAN: 'scanning',
            REMOVE_PAGE: 'removing',
            RESCAN_PAGE: 'rescanning',
            NEXT: [
              { guard: 'papersComplete', target: '#journey.review', actions: assign({ error: null }) },
              { actions: assign({ error: { code: 'missing-papers' } }) },
            ],
            BACK: { target: '#journey.form', actions: assign({ error: null }) },
          },
        },
        scanning: {
          entry: assign({ activePaper: ({ event }) => (event as { paperId: string }).paperId, error: null }),
          invoke: {
            src: 'scan',
            input: ({ context, event }) => {
              const e = event as Extract<JourneyEvent, { type: 'SCAN' }>;
              return { sessionId: context.sessionId!, paperId: e.paperId };
            },
            onDone: [
              { guard: ({ event }) => failed(event), target: 'idle', actions: assign({ error: ({ event }) => errorOf(event) }) },
              { target: 'idle', actions: assign({ papers: ({ context, event }) => ({ ...context.papers, [context.activePaper!]: valueOf(event) }), error: null }) },
            ],
            onError: { target: 'idle', actions: assign({ error: network }) },
          },
        },
        removing: {
          entry: assign({ activePaper: ({ event }) => (event as { paperId: string }).paperId, error: null }),
          invoke: {
            src: 'removePage',
            input: ({ context, event }) => {
              const e = event as Extract<JourneyEvent, { type: 'REMOVE_PAGE' }>;
              return { sessionId: context.sessionId!, paperId: e.paperId, index: e.index };
            },
            onDone: [
              { guard: ({ event }) => failed(event), target: 'idle', actions: assign({ error: ({ event }) => errorOf(event) }) },
              { target: 'idle', actions: assign({ papers: ({ context, event }) => ({ ...context.papers, [context.activePaper!]: valueOf(event) }) }) },
            ],
            onError: { target: 'idle', actions: assign({ error: network }) },
          },
        },
        // Rescanning a flagged page: remove it, then scan the paper again.
        rescanning: {
          entry: assign({ activePaper: ({ event }) => (event as { paperId: string }).paperId, error: null }),
          invoke: {
            src: 'removePage',
            input: ({ context, event }) => {
              const e = event as Extract<JourneyEvent, { type: 'RESCAN_PAGE' }>;
              return { sessionId: context.sessionId!, paperId: e.paperId, index: e.index };
            },
            onDone: [
              { guard: ({ event }) => failed(event), target: 'idle', actions: assign({ error: ({ event }) => errorOf(event) }) },
              { target: 'rescan-scanning', actions: assign({ papers: ({ context, event }) => ({ ...context.papers, [context.activePaper!]: valueOf(event) }) }) },
            ],
            onError: { target: 'idle', actions: assign({ error: network }) },
          },
        },
        'rescan-scanning': {
          invoke: {
            src: 'scan',
            input: ({ context }) => ({ sessionId: context.sessionId!, paperId: context.activePaper! }),
            onDone: [
              { guard: ({ event }) => failed(event), target: 'idle', actions: assign({ error: ({ event }) => errorOf(event) }) },
              { target: 'idle', actions: assign({ papers: ({ context, event }) => ({ ...context.papers, [context.activePaper!]: valueOf(event) }), error: null }) },
            ],
            onError: { target: 'idle', actions: assign({ error: network }) },
          },
        },
      },
    },
    review: {
      initial: 'quoting',
      states: {
        quoting: {
          invoke: {
            src: 'quote',
            input: ({ context }) => ({ sessionId: context.sessionId!, procedureCode: context.procedureCode, answers: context.answers }),
            onDone: [
              { guard: ({ event }) => failed(event), target: 'ready', actions: assign({ quote: null, error: ({ event }) => errorOf(event) }) },
              { target: 'ready', actions: assign({ quote: ({ event }) => valueOf(event), error: null }) },
            ],
            onError: { target: 'ready', actions: assign({ error: network }) },
          },
        },
        ready: {
          on: {
            CONFIRM: { guard: ({ context }) => context.quote !== null, target: '#journey.fee' },
            RETRY: 'quoting',
            EDIT_FORM: '#journey.form',
            EDIT_PAPERS: '#journey.papers',
            BACK: '#journey.papers',
          },
        },
      },
    },
    fee: {
      initial: 'deciding',
      states: {
        deciding: { always: [{ guard: 'noFeeToPay', target: '#journey.submitting' }, { target: 'choose' }] },
        choose: {
          on: {
            PAY_CARD: { target: 'card', actions: assign({ error: null }) },
            PAY_VIETQR: { target: 'vietqr-starting', actions: assign({ error: null }) },
            BACK: { target: '#journey.review', actions: assign({ error: null }) },
          },
        },
        card: {
          invoke: {
            src: 'payByCard',
            input: ({ context }) => ({ sessionId: context.sessionId!, procedureCode: context.procedureCode, answers: context.answers }),
            onDone: [
              { guard: ({ event }) => failed(event) && errorOf(event).code === 'already-paid', target: '#journey.submitting', actions: assign({ paid: ({ context }) => ({ method: 'card' as const, amount: context.quote?.amount ?? 0 }), error: null }) },
              { guard: ({ event }) => failed(event) && UNRESOLVED.includes(errorOf(event).code), target: 'staff-needed', actions: assign({ error: ({ event }) => errorOf(event) }) },
              { guard: ({ event }) => failed(event), target: 'card-failed', actions: assign({ error: ({ event }) => errorOf(event) }) },
              { target: '#journey.submitting', actions: assign({ paid: ({ event }) => ({ method: 'card' as const, amount: valueOf(event).amount }), error: null }) },
            ],
            // The answer was lost on the way: the terminal may have charged. Staff check.
            onError: { target: 'staff-needed', actions: assign({ error: { code: 'unknown-outcome' } }) },
          },
        },
        // Declined, timed out or terminal unreachable: nothing was charged; try again or VietQR.
        'card-failed': {
          on: {
            RETRY: { target: 'card', actions: assign({ error: null }) },
            PAY_CARD: { target: 'card', actions: assign({ error: null }) },
            PAY_VIETQR: { target: 'vietqr-starting', actions: assign({ error: null }) },
            BACK: { target: 'choose', actions: assign({ error: null }) },
          },
        },
        'vietqr-starting': {
          invoke: {
            src: 'startVietQr',
            input: ({ context }) => ({ sessionId: context.sessionId!, procedureCode: context.procedureCode, answers: context.answers }),
            onDone: [
              { guard: ({ event }) => failed(event) && UNRESOLVED.includes(errorOf(event).code), target: 'staff-needed', actions: assign({ error: ({ event }) => errorOf(event) }) },
              { guard: ({ event }) => failed(event), target: 'card-failed', actions: assign({ error: ({ event }) => errorOf(event) }) },
              { target: 'vietqr-waiting', actions: assign({ vietQr: ({ event }) => valueOf(event), error: null }) },
            ],
            onError: { target: 'choose', actions: assign({ error: network }) },
          },
        },
        'vietqr-waiting': {
          invoke: {
            src: 'awaitVietQr',
            input: ({ context }) => ({ sessionId: context.sessionId!, paymentId: context.vietQr!.paymentId }),
            onDone: [
              { guard: ({ event }) => failed(event) && errorOf(event).code === 'vietqr-timeout', target: 'vietqr-timeout', actions: assign({ error: ({ event }) => errorOf(event) }) },
              { guard: ({ event }) => failed(event) && errorOf(event).code === 'cancelled', target: 'vietqr-timeout', actions: assign({ error: { code: 'vietqr-cancelled' } }) },
              { guard: ({ event }) => failed(event), target: 'staff-needed', actions: assign({ error: ({ event }) => errorOf(event) }) },
              { target: '#journey.submitting', actions: assign({ paid: ({ event }) => ({ method: 'vietqr' as const, amount: valueOf(event).amount }), error: null }) },
            ],
            onError: { target: 'vietqr-timeout', actions: assign({ error: network }) },
          },
          // Leaving the QR is allowed; the transfer may still arrive, so card is then refused
          // by the kiosk (earlier payment unresolved) and the citizen is sent to staff.
          on: { BACK: 'choose', EXTEND: 'vietqr-extending', CANCEL: 'vietqr-cancelling' },
        },
        // "Thêm thời gian": the deadline moves (up to a limit), then the kiosk waits again.
        'vietqr-extending': {
          invoke: {
            src: 'extendVietQr',
            input: ({ context }) => ({ sessionId: context.sessionId!, paymentId: context.vietQr!.paymentId }),
            onDone: [
              { guard: ({ event }) => !failed(event), target: 'vietqr-waiting', actions: assign({ vietQr: ({ context, event }) => ({ ...context.vietQr!, expiresAt: valueOf(event).expiresAt }), error: null }) },
              { target: 'vietqr-waiting', actions: assign({ error: ({ event }) => errorOf(event) }) },
            ],
            onError: { target: 'vietqr-waiting' },
          },
        },
        'vietqr-cancelling': {
          invoke: {
            src: 'cancelVietQr',
            input: ({ context }) => ({ sessionId: context.sessionId!, paymentId: context.vietQr!.paymentId }),
            onDone: { target: 'vietqr-timeout', actions: assign({ error: { code: 'vietqr-cancelled' } }) },
            onError: { target: 'vietqr-timeout', actions: assign({ error: { code: 'vietqr-cancelled' } }) },
          },
        },
        // The kiosk stopped waiting, or the citizen did. The money may have left their account:
        // a slip with the reference and amount is printed, and a transfer that still arrives
        // while they are here is taken and the dossier submitted. Or: more time, or staff.
        'vietqr-timeout': {
          entry: assign({ noticePrinted: null }),
          invoke: [
            {
              src: 'watchPayment',
              input: ({ context }) => ({ sessionId: context.sessionId!, paymentId: context.vietQr!.paymentId }),
              onDone: { guard: ({ event }) => !failed(event) && valueOf(event).status === 'approved', target: '#journey.submitting', actions: assign({ paid: ({ context }) => ({ method: 'vietqr' as const, amount: context.vietQr!.amount }), error: null }) },
            },
            {
              src: 'printPaymentNotice',
              input: ({ context }) => ({ sessionId: context.sessionId!, paymentId: context.vietQr!.paymentId }),
              onDone: { actions: assign({ noticePrinted: ({ event }) => !failed(event) }) },
              onError: { actions: assign({ noticePrinted: false }) },
            },
          ],
          on: {
            WAIT_AGAIN: { target: 'vietqr-extending', actions: assign({ error: null }) },
            SUBMIT_TO_CHECK: '#journey.submitting',
          },
        },
        'staff-needed': { on: { SUBMIT_TO_CHECK: '#journey.submitting' } },
      },
    },
    submitting: {
      invoke: {
        src: 'submit',
        input: ({ context }) => ({ sessionId: context.sessionId!, procedureCode: context.procedureCode, answers: context.answers }),
        onDone: [
          { guard: ({ event }) => failed(event), target: 'submit-failed', actions: assign({ error: ({ event }) => errorOf(event) }) },
          { target: 'receipt', actions: assign({ submitted: ({ event }) => valueOf(event), error: null }) },
        ],
        onError: { target: 'submit-failed', actions: assign({ error: network }) },
      },
    },
    'submit-failed': {
      on: {
        RETRY: 'submitting',
        EDIT_FORM: { target: 'form', actions: assign({ error: null }) },
        EDIT_PAPERS: { target: 'papers', actions: assign({ error: null }) },
      },
    },
    receipt: {
      initial: 'printing',
      states: {
        printing: {
          invoke: {
            src: 'printReceipt',
            input: ({ context }) => ({ sessionId: context.sessionId!, dossierId: context.submitted!.dossierId }),
            onDone: [
              { guard: ({ event }) => failed(event), target: 'print-failed', actions: assign({ error: ({ event }) => errorOf(event) }) },
              { target: 'printed', actions: assign({ printed: ({ event }) => valueOf(event), thermal: true, error: null }) },
            ],
            onError: { target: 'print-failed', actions: assign({ error: network }) },
          },
        },
        printed: { on: { PRINT_A4: { guard: ({ context }) => context.a4 !== 'printed', target: 'printing-a4' }, NEXT: '#journey.rating' } },
        // The thermal printer failed: the A4 receipt or the code on screen instead.
        'print-failed': { on: { RETRY: 'printing', PRINT_A4: 'printing-a4', SHOW_QR: 'on-screen', NEXT: '#journey.rating' } },
        'printing-a4': {
          entry: assign({ a4: 'printing' }),
          invoke: {
            src: 'printReceiptA4',
            input: ({ context }) => ({ sessionId: context.sessionId!, dossierId: context.submitted!.dossierId, answers: context.answers }),
            onDone: [
              // The thermal receipt printed earlier stays the citizen's receipt either way.
              { guard: ({ event, context }) => failed(event) && context.printed !== null, target: 'printed', actions: assign({ a4: 'failed', error: ({ event }) => errorOf(event) }) },
              { guard: ({ event }) => failed(event), target: 'print-failed', actions: assign({ a4: 'failed', error: ({ event }) => errorOf(event) }) },
              { target: 'printed', actions: assign({ a4: 'printed', printed: ({ context, event }) => context.printed ?? valueOf(event), error: null }) },
            ],
            onError: [
              { guard: ({ context }) => context.printed !== null, target: 'printed', actions: assign({ a4: 'failed', error: network }) },
              { target: 'print-failed', actions: assign({ a4: 'failed', error: network }) },
            ],
          },
        },
        'on-screen': {
          invoke: {
            src: 'receiptOnScreen',
            input: ({ context }) => ({ sessionId: context.sessionId!, dossierId: context.submitted!.dossierId }),
            onDone: [
              { guard: ({ event }) => failed(event), target: 'print-failed', actions: assign({ error: ({ event }) => errorOf(event) }) },
              { target: 'showing-qr', actions: assign({ onScreen: ({ event }) => valueOf(event) }) },
            ],
            onError: { target: 'print-failed', actions: assign({ error: network }) },
          },
        },
        'showing-qr': { on: { RETRY: 'printing', PRINT_A4: 'printing-a4', NEXT: '#journey.rating' } },
      },
    },
    rating: {
      initial: 'choosing',
      on: {
        RATE: { actions: assign({ rating: ({ context, event }) => ({ ...context.rating, score: Math.min(5, Math.max(1, Math.round(event.score))) }) }) },
        TOGGLE_REASON: {
          actions: assign({
            rating: ({ context, event }) => ({
              ...context.rating,
              reasons: context.rating.reasons.includes(event.reason) ? context.rating.reasons.filter((r) => r !== event.reason) : [...context.rating.reasons, event.reason],
            }),
          }),
        },
      },
      states: {
        choosing: {
          on: {
            SEND_RATING: { guard: ({ context }) => context.rating.score !== null, target: 'sending' },
            SKIP: '#journey.thanks',
          },
        },
        sending: {
          invoke: {
            src: 'rate',
            input: ({ context }) => ({ score: context.rating.score!, reasons: context.rating.reasons, procedureCode: context.procedureCode }),
            // A rating that could not be kept is not worth keeping the citizen for.
            onDone: '#journey.thanks',
            onError: '#journey.thanks',
          },
        },
      },
    },
    thanks: {
      after: { thanks: 'ended' },
      on: { DONE: 'ended' },
    },
    ended: { type: 'final' },
  },
});

export type JourneyMachine = typeof journeyMachine;
export type JourneyActor = ActorRefFrom<JourneyMachine>;
export type JourneySnapshot = SnapshotFrom<JourneyMachine>;

/** The screen a state shows (one per step; failure screens are their own). */
export function stepOf(s: JourneySnapshot): string {
  if (s.matches('starting') || s.matches('fatal')) return 'starting';
  if (s.matches('consent') || s.matches('giving-consent')) return 'consent';
  if (s.matches('declined')) return 'declined';
  if (s.matches({ identify: 'reading-card' }) || s.matches({ identify: 'cancelling-card' }) || s.matches({ identify: 'cancelling-card-to-typing' })) return 'card-wait';
  if (s.matches({ identify: 'reading-mrz' }) || s.matches({ identify: 'mrz-ready' })) return 'mrz';
  if (s.matches({ identify: 'typing' }) || s.matches({ identify: 'saving-typed' })) return 'typing';
  if (s.matches({ identify: 'confirm' })) return 'confirm';
  if (s.matches('identify')) return 'identify';
  if (s.matches('form')) return 'form';
  if (s.matches('papers')) return 'papers';
  if (s.matches('review')) return 'review';
  if (s.matches({ fee: 'card' })) return 'card-pay';
  if (s.matches({ fee: 'card-failed' })) return 'card-failed';
  if (s.matches({ fee: 'vietqr-starting' }) || s.matches({ fee: 'vietqr-waiting' }) || s.matches({ fee: 'vietqr-extending' }) || s.matches({ fee: 'vietqr-cancelling' })) return 'vietqr';
  if (s.matches({ fee: 'vietqr-timeout' })) return 'vietqr-timeout';
  if (s.matches({ fee: 'staff-needed' })) return 'staff';
  if (s.matches('fee')) return 'fee';
  if (s.matches('submitting')) return 'submitting';
  if (s.matches('submit-failed')) return 'submit-failed';
  if (s.matches('receipt')) return 'receipt';
  if (s.matches('rating')) return 'rating';
  return 'thanks';
}

/** States the citizen waits in without touching the screen (the idle timer must not run). */
export function isWaitingOnDevice(s: JourneySnapshot): boolean {
  return s.matches({ fee: 'card' }) || s.matches({ fee: 'vietqr-waiting' }) || s.matches({ fee: 'vietqr-extending' }) || s.matches({ identify: 'reading-mrz' }) || s.matches({ papers: 'scanning' }) || s.matches({ papers: 'rescan-scanning' }) || s.matches('submitting') || s.matches({ receipt: 'printing' }) || s.matches({ receipt: 'printing-a4' });
}

/** Once submitted, the journey cannot be undone by "back". */
export function isSubmitted(s: JourneySnapshot): boolean {
  return s.context.submitted !== null;
}

/**
 * Where leaving the journey by "back" would lose what cannot be redone: a submitted
 * dossier's receipt, or a payment in flight or of unknown outcome (the money may have moved).
 */
export function isBackLocked(s: JourneySnapshot): boolean {
  return isSubmitted(s) || s.matches('submitting') || s.matches({ fee: 'card' }) || s.matches({ fee: 'staff-needed' }) || s.matches({ fee: 'vietqr-timeout' });
}
