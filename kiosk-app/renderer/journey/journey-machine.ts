import { assign, fromPromise, setup } from 'xstate';

// The dossier journey, step by step. The machine holds everything the citizen entered,
// so going back and forth loses nothing; async work (card reader, scanner, terminal,
// outbox, printer) runs as invoked actors the UI provides, so tests can swap them.

export type ApiError = { code: string; [k: string]: unknown };
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface IdentitySummary {
  fullName: string;
  idNumberMasked: string;
  dateOfBirth: string;
  sex: 'male' | 'female' | null;
  address: string | null;
  source: string;
}
export interface PagePreview {
  index: number;
  previewDataUrl: string;
  blank: boolean;
  readable: boolean | null;
}
export interface FeeQuote {
  amount: number;
  pages: number;
  copies: number;
  payableAtKiosk: boolean;
}
export interface VietQr {
  paymentId: string;
  qrDataUrl: string;
  amount: number;
  accountName: string;
  payload: string;
}
export interface Submitted {
  dossierId: string;
  receiptCode: string;
  submittedAt: string;
  sentToCity: boolean;
}

export interface JourneyContext {
  procedureCode: string;
  sessionId: string | null;
  identity: IdentitySummary | null;
  answers: Record<string, string>;
  problems: Array<{ field: string; code: string; [k: string]: unknown }>;
  papers: Record<string, PagePreview[]>;
  quote: FeeQuote | null;
  vietQr: VietQr | null;
  paid: { method: 'card' | 'vietqr'; amount: number } | null;
  submitted: Submitted | null;
  /** The last thing that went wrong, shown on the step it happened in. */
  error: ApiError | null;
  printed: 'pending' | 'printed' | 'failed' | 'a4-printed';
  /** The paper a scan or page removal is working on. */
  scanningPaper: string | null;
}

export type JourneyEvent =
  | { type: 'AGREE' }
  | { type: 'DECLINE' }
  | { type: 'READ_CARD' }
  | { type: 'READ_MRZ' }
  | { type: 'TYPE_ID' }
  | { type: 'TYPED'; identity: { idNumber: string; fullName: string; dateOfBirth: string; sex: 'male' | 'female'; address: string } }
  | { type: 'CANCEL' }
  | { type: 'CONFIRM' }
  | { type: 'BACK' }
  | { type: 'SET_ANSWER'; field: string; value: string }
  | { type: 'NEXT' }
  | { type: 'SCAN'; paperId: string }
  | { type: 'REMOVE_PAGE'; paperId: string; index: number }
  | { type: 'EDIT_FORM' }
  | { type: 'EDIT_PAPERS' }
  | { type: 'PAY_CARD' }
  | { type: 'PAY_VIETQR' }
  | { type: 'PRINT_A4' }
  | { type: 'RETRY' };

type Input = { procedureCode: string };
type Ctx = { context: JourneyContext };

const failed = <T>(r: ApiResult<T>): r is { ok: false; error: ApiError } => !r.ok;

export const journeyMachine = setup({
  types: { context: {} as JourneyContext, events: {} as JourneyEvent, input: {} as Input },
  actors: {
    startSession: fromPromise<ApiResult<{ sessionId: string }>, void>(async () => ({ ok: false, error: { code: 'not-provided' } })),
    consent: fromPromise<ApiResult<unknown>, { sessionId: string }>(async () => ({ ok: false, error: { code: 'not-provided' } })),
    readCard: fromPromise<ApiResult<IdentitySummary>, { sessionId: string }>(async () => ({ ok: false, error: { code: 'not-provided' } })),
    readMrz: fromPromise<ApiResult<IdentitySummary>, { sessionId: string }>(async () => ({ ok: false, error: { code: 'not-provided' } })),
    typedIdentity: fromPromise<ApiResult<IdentitySummary>, { sessionId: string; identity: Extract<JourneyEvent, { type: 'TYPED' }>['identity'] }>(async () => ({ ok: false, error: { code: 'not-provided' } })),
    validate: fromPromise<ApiResult<JourneyContext['problems']>, { procedureCode: string; answers: Record<string, string> }>(async () => ({ ok: false, error: { code: 'not-provided' } })),
    scan: fromPromise<ApiResult<PagePreview[]>, { sessionId: string; paperId: string }>(async () => ({ ok: false, error: { code: 'not-provided' } })),
    removePage: fromPromise<ApiResult<PagePreview[]>, { sessionId: string; paperId: string; index: number }>(async () => ({ ok: false, error: { code: 'not-provided' } })),
    quote: fromPromise<ApiResult<FeeQuote>, { sessionId: string; procedureCode: string; answers: Record<string, string> }>(async () => ({ ok: false, error: { code: 'not-provided' } })),
    payByCard: fromPromise<ApiResult<{ amount: number }>, { sessionId: string; procedureCode: string; answers: Record<string, string> }>(async () => ({ ok: false, error: { code: 'not-provided' } })),
    startVietQr: fromPromise<ApiResult<VietQr>, { sessionId: string; procedureCode: string; answers: Record<string, string> }>(async () => ({ ok: false, error: { code: 'not-provided' } })),
    awaitVietQr: fromPromise<ApiResult<{ amount: number }>, { sessionId: string; paymentId: string }>(async () => ({ ok: false, error: { code: 'not-provided' } })),
    submit: fromPromise<ApiResult<Submitted>, { sessionId: string; procedureCode: string; answers: Record<string, string> }>(async () => ({ ok: false, error: { code: 'not-provided' } })),
    printReceipt: fromPromise<ApiResult<unknown>, { sessionId: string; dossierId: string }>(async () => ({ ok: false, error: { code: 'not-provided' } })),
    printReceiptA4: fromPromise<ApiResult<unknown>, { sessionId: string; dossierId: string; answers: Record<string, string> }>(async () => ({ ok: false, error: { code: 'not-provided' } })),
  },
  guards: {
    noFeeToPay: ({ context }: Ctx) => !context.quote || !context.quote.payableAtKiosk || context.quote.amount === 0 || context.paid !== null,
  },
}).createMachine({
  id: 'journey',
  context: ({ input }) => ({
    procedureCode: input.procedureCode,
    sessionId: null,
    identity: null,
    answers: {},
    problems: [],
    papers: {},
    quote: null,
    vietQr: null,
    paid: null,
    submitted: null,
    error: null,
    printed: 'pending',
    scanningPaper: null,
  }),
  initial: 'starting',
  states: {
    starting: {
      invoke: {
        src: 'startSession',
        onDone: [
          { guard: ({ event }) => failed(event.output), target: 'fatal', actions: assign({ error: ({ event }) => (event.output as { error: ApiError }).error }) },
          { target: 'consent', actions: assign({ sessionId: ({ event }) => (event.output as { value: { sessionId: string } }).value.sessionId }) },
        ],
        onError: { target: 'fatal', actions: assign({ error: { code: 'network' } }) },
      },
    },
    consent: {
      on: { AGREE: 'giving-consent', DECLINE: 'declined' },
    },
    'giving-consent': {
      invoke: {
        src: 'consent',
        input: ({ context }) => ({ sessionId: context.sessionId! }),
        onDone: [
          { guard: ({ event }) => failed(event.output), target: 'consent', actions: assign({ error: ({ event }) => (event.output as { error: ApiError }).error }) },
          { target: 'identify', actions: assign({ error: null }) },
        ],
        onError: { target: 'consent', actions: assign({ error: { code: 'network' } }) },
      },
    },
    declined: { type: 'final' },
    identify: {
      initial: 'choose',
      states: {
        choose: { on: { READ_CARD: 'reading-card', READ_MRZ: 'reading-mrz', TYPE_ID: 'typing' } },
        'reading-card': {
          invoke: {
            src: 'readCard',
            input: ({ context }) => ({ sessionId: context.sessionId! }),
            onDone: [
              { guard: ({ event }) => failed(event.output), target: 'choose', actions: assign({ error: ({ event }) => (event.output as { error: ApiError }).error }) },
              { target: 'confirm', actions: assign({ identity: ({ event }) => (event.output as { value: IdentitySummary }).value, error: null }) },
            ],
            onError: { target: 'choose', actions: assign({ error: { code: 'network' } }) },
          },
          on: { CANCEL: 'choose' },
        },
        'reading-mrz': {
          invoke: {
            src: 'readMrz',
            input: ({ context }) => ({ sessionId: context.sessionId! }),
            onDone: [
              { guard: ({ event }) => failed(event.output), target: 'choose', actions: assign({ error: ({ event }) => (event.output as { error: ApiError }).error }) },
              { target: 'confirm', actions: assign({ identity: ({ event }) => (event.output as { value: IdentitySummary }).value, error: null }) },
            ],
            onError: { target: 'choose', actions: assign({ error: { code: 'network' } }) },
          },
        },
        typing: {
          on: { TYPED: 'saving-typed', CANCEL: 'choose' },
        },
        'saving-typed': {
          invoke: {
            src: 'typedIdentity',
            input: ({ context, event }) => ({ sessionId: context.sessionId!, identity: (event as Extract<JourneyEvent, { type: 'TYPED' }>).identity }),
            onDone: [
              { guard: ({ event }) => failed(event.output), target: 'typing', actions: assign({ error: ({ event }) => (event.output as { error: ApiError }).error }) },
              { target: 'confirm', actions: assign({ identity: ({ event }) => (event.output as { value: IdentitySummary }).value, error: null }) },
            ],
            onError: { target: 'typing', actions: assign({ error: { code: 'network' } }) },
          },
        },
        confirm: { on: { CONFIRM: '#journey.form', BACK: 'choose' } },
      },
    },
    form: {
      initial: 'editing',
      on: { SET_ANSWER: { actions: assign({ answers: ({ context, event }) => ({ ...context.answers, [event.field]: event.value }) }) } },
      states: {
        editing: { on: { NEXT: 'validating', BACK: '#journey.identify.confirm' } },
        validating: {
          invoke: {
            src: 'validate',
            input: ({ context }) => ({ procedureCode: context.procedureCode, answers: context.answers }),
            onDone: [
              { guard: ({ event }) => failed(event.output), target: 'editing', actions: assign({ error: ({ event }) => (event.output as { error: ApiError }).error }) },
              { guard: ({ event }) => (event.output as { value: unknown[] }).value.length > 0, target: 'editing', actions: assign({ problems: ({ event }) => (event.output as { value: JourneyContext['problems'] }).value }) },
              { target: '#journey.papers', actions: assign({ problems: [], error: null }) },
            ],
            onError: { target: 'editing', actions: assign({ error: { code: 'network' } }) },
          },
        },
      },
    },
    papers: {
      initial: 'idle',
      states: {
        idle: { on: { SCAN: 'scanning', REMOVE_PAGE: 'removing', NEXT: '#journey.review', BACK: '#journey.form' } },
        scanning: {
          invoke: {
            src: 'scan',
            input: ({ context, event }) => ({ sessionId: context.sessionId!, paperId: (event as { paperId: string }).paperId }),
            onDone: [
              { guard: ({ event }) => failed(event.output), target: 'idle', actions: assign({ error: ({ event }) => (event.output as { error: ApiError }).error }) },
              {
                target: 'idle',
                actions: assign({
                  papers: ({ context, event }) => {
                    const pages = (event.output as { value: PagePreview[] }).value;
                    return pages.length ? { ...context.papers, [lastScanned(context)]: pages } : context.papers;
                  },
                  error: null,
                }),
              },
            ],
            onError: { target: 'idle', actions: assign({ error: { code: 'network' } }) },
          },
          entry: assign({ scanningPaper: ({ event }) => ('paperId' in event ? event.paperId : null) }),
        },
        removing: {
          invoke: {
            src: 'removePage',
            input: ({ context, event }) => ({ sessionId: context.sessionId!, paperId: (event as { paperId: string }).paperId, index: (event as { index: number }).index }),
            onDone: {
              target: 'idle',
              actions: assign({
                papers: ({ context, event }) => {
                  const out = event.output as ApiResult<PagePreview[]>;
                  return out.ok ? { ...context.papers, [lastScanned(context)]: out.value } : context.papers;
                },
              }),
            },
            onError: 'idle',
          },
          entry: assign({ scanningPaper: ({ event }) => ('paperId' in event ? event.paperId : null) }),
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
            onDone: { target: 'ready', actions: assign({ quote: ({ event }) => (event.output.ok ? (event.output.value as FeeQuote) : null) }) },
            onError: 'ready',
          },
        },
        ready: { on: { CONFIRM: '#journey.fee', EDIT_FORM: '#journey.form', EDIT_PAPERS: '#journey.papers', BACK: '#journey.papers' } },
      },
    },
    fee: {
      initial: 'deciding',
      states: {
        deciding: { always: [{ guard: 'noFeeToPay', target: '#journey.submitting' }, { target: 'choose' }] },
        choose: { on: { PAY_CARD: 'card', PAY_VIETQR: 'vietqr-starting', BACK: '#journey.review' } },
        card: {
          invoke: {
            src: 'payByCard',
            input: ({ context }) => ({ sessionId: context.sessionId!, procedureCode: context.procedureCode, answers: context.answers }),
            onDone: [
              {
                guard: ({ event }) => failed(event.output) && ['unknown-outcome', 'earlier-payment-unresolved'].includes((event.output as { error: ApiError }).error.code),
                target: 'staff-needed',
                actions: assign({ error: ({ event }) => (event.output as { error: ApiError }).error }),
              },
              { guard: ({ event }) => failed(event.output), target: 'choose', actions: assign({ error: ({ event }) => (event.output as { error: ApiError }).error }) },
              { target: '#journey.submitting', actions: assign({ paid: ({ event }) => ({ method: 'card' as const, amount: (event.output as { value: { amount: number } }).value.amount }), error: null }) },
            ],
            onError: { target: 'staff-needed', actions: assign({ error: { code: 'network' } }) },
          },
        },
        'vietqr-starting': {
          invoke: {
            src: 'startVietQr',
            input: ({ context }) => ({ sessionId: context.sessionId!, procedureCode: context.procedureCode, answers: context.answers }),
            onDone: [
              { guard: ({ event }) => failed(event.output), target: 'choose', actions: assign({ error: ({ event }) => (event.output as { error: ApiError }).error }) },
              { target: 'vietqr-waiting', actions: assign({ vietQr: ({ event }) => (event.output as { value: VietQr }).value, error: null }) },
            ],
            onError: { target: 'choose', actions: assign({ error: { code: 'network' } }) },
          },
        },
        'vietqr-waiting': {
          invoke: {
            src: 'awaitVietQr',
            input: ({ context }) => ({ sessionId: context.sessionId!, paymentId: context.vietQr!.paymentId }),
            onDone: [
              { guard: ({ event }) => failed(event.output), target: 'choose', actions: assign({ error: ({ event }) => (event.output as { error: ApiError }).error }) },
              { target: '#journey.submitting', actions: assign({ paid: ({ event }) => ({ method: 'vietqr' as const, amount: (event.output as { value: { amount: number } }).value.amount }), error: null }) },
            ],
            onError: { target: 'choose', actions: assign({ error: { code: 'network' } }) },
          },
        },
        'staff-needed': { type: 'final' },
      },
    },
    submitting: {
      invoke: {
        src: 'submit',
        input: ({ context }) => ({ sessionId: context.sessionId!, procedureCode: context.procedureCode, answers: context.answers }),
        onDone: [
          { guard: ({ event }) => failed(event.output), target: 'submit-failed', actions: assign({ error: ({ event }) => (event.output as { error: ApiError }).error }) },
          { target: 'receipt', actions: assign({ submitted: ({ event }) => (event.output as { value: Submitted }).value, error: null }) },
        ],
        onError: { target: 'submit-failed', actions: assign({ error: { code: 'network' } }) },
      },
    },
    'submit-failed': { on: { RETRY: 'submitting', BACK: 'review' } },
    receipt: {
      initial: 'printing',
      states: {
        printing: {
          invoke: {
            src: 'printReceipt',
            input: ({ context }) => ({ sessionId: context.sessionId!, dossierId: context.submitted!.dossierId }),
            onDone: [
              { guard: ({ event }) => failed(event.output), target: 'done', actions: assign({ printed: 'failed', error: ({ event }) => (event.output as { error: ApiError }).error }) },
              { target: 'done', actions: assign({ printed: 'printed', error: null }) },
            ],
            onError: { target: 'done', actions: assign({ printed: 'failed', error: { code: 'network' } }) },
          },
        },
        'printing-a4': {
          invoke: {
            src: 'printReceiptA4',
            input: ({ context }) => ({ sessionId: context.sessionId!, dossierId: context.submitted!.dossierId, answers: context.answers }),
            onDone: [
              { guard: ({ event }) => failed(event.output), target: 'done', actions: assign({ error: ({ event }) => (event.output as { error: ApiError }).error }) },
              { target: 'done', actions: assign({ printed: ({ context }) => (context.printed === 'failed' ? 'a4-printed' : context.printed), error: null }) },
            ],
            onError: { target: 'done', actions: assign({ error: { code: 'network' } }) },
          },
        },
        done: { on: { PRINT_A4: 'printing-a4', RETRY: 'printing', NEXT: '#journey.rating' } },
      },
    },
    rating: { type: 'final' },
    fatal: { type: 'final' },
  },
});

function lastScanned(context: JourneyContext): string {
  return context.scanningPaper ?? '';
}
