import { createActor, fromPromise, waitFor, type InputFrom } from 'xstate';
import type { journeyActors, JourneyAnswers } from './journey-calls';
import type { IdentitySummary, PagePreview } from './journey-context';
import { isWaitingOnDevice, journeyMachine, stepOf, type JourneyActor, type JourneySnapshot } from './journey-machine';

// The journey machine's tests' fakes and walks: each actor answers what the api answers (its
// type is the router's, journey-calls.ts JourneyAnswers), from a queue or a default, and
// records its input; the walks bring a journey to the form or to the review.

const identity: IdentitySummary = { fullName: 'Nguyễn Văn A', idNumberMasked: '001******456', dateOfBirth: '1990-01-01', sex: 'male', address: 'Hà Nội', source: 'qr' };
export const page = (index: number, blank = false, readable: boolean | null = true): PagePreview => ({ index, previewDataUrl: 'data:image/png;base64,AA==', blank, readable });
export const ok = <T,>(value: T) => ({ ok: true as const, value });
export const fail = <const E extends { code: string }>(error: E) => ({ ok: false as const, error });

type Name = keyof JourneyAnswers;
type Calls = { [K in Name]?: unknown[] };
/** Each actor's answers in turn: a value, or a function answering later (or never). */
type Answers = { [K in Name]?: Array<JourneyAnswers[K] | (() => Promise<JourneyAnswers[K]>)> };

const defaults: JourneyAnswers = {
  startSession: ok({ sessionId: 's-1' }),
  consent: ok({ at: 'now' }),
  readCard: ok(identity),
  cancelCardRead: { ok: true },
  readMrz: ok({ ...identity, source: 'mrz', address: null }),
  typedIdentity: ok({ ...identity, source: 'typed' }),
  prefill: ok({ fatherName: 'Nguyễn Văn A', relation: 'cha' }),
  validate: ok([]),
  scan: ok([page(0)]),
  removePage: ok([]),
  quote: ok({ amount: 0, pages: 1, copies: 1, payableAtKiosk: true }),
  payByCard: ok({ paymentId: 'p-2', amount: 10_000, maskedPan: '************1234' }),
  startVietQr: ok({ paymentId: 'p-1', payload: '000201', qrDataUrl: 'data:', amount: 5000, accountName: 'TRUNG TAM', reference: 'ABC123', expiresAt: '2026-12-05T08:05:00.000Z' }),
  awaitVietQr: ok({ paymentId: 'p-1', amount: 5000 }),
  extendVietQr: ok({ expiresAt: '2026-12-05T08:07:00.000Z' }),
  cancelVietQr: ok({ cancelled: true }),
  watchPayment: ok({ status: 'approved' }),
  printPaymentNotice: ok({ kind: 'unconfirmed' }),
  submit: ok({ dossierId: 'd-1', receiptCode: 'K-AAAAA-BBBBB', localRef: 'K-AAAAA-BBBBB', submittedAt: 'now', sentToCity: true, online: true, paymentToCheck: false }),
  printReceipt: ok({ receiptCode: 'H26.X-1', queued: false }),
  printReceiptA4: ok({ receiptCode: 'H26.X-1', queued: false }),
  receiptOnScreen: ok({ receiptCode: 'K-AAAAA-BBBBB', queued: true, qrDataUrl: 'data:qr' }),
  rate: { ok: true },
};

/** Fake api: each actor answers from a queue (or a default) and records its input. */
function fakes(answers: Answers = {}) {
  const calls: Calls = {};
  const fake = <K extends Name>(name: K) =>
    fromPromise<JourneyAnswers[K], InputFrom<(typeof journeyActors)[K]>>(async ({ input }) => {
      const seen: unknown[] = calls[name] ?? [];
      calls[name] = [...seen, input];
      const next = answers[name]?.shift() ?? defaults[name];
      return typeof next === 'function' ? next() : next;
    });
  const actors = {
    startSession: fake('startSession'),
    consent: fake('consent'),
    readCard: fake('readCard'),
    cancelCardRead: fake('cancelCardRead'),
    readMrz: fake('readMrz'),
    typedIdentity: fake('typedIdentity'),
    prefill: fake('prefill'),
    validate: fake('validate'),
    scan: fake('scan'),
    removePage: fake('removePage'),
    quote: fake('quote'),
    payByCard: fake('payByCard'),
    startVietQr: fake('startVietQr'),
    awaitVietQr: fake('awaitVietQr'),
    extendVietQr: fake('extendVietQr'),
    cancelVietQr: fake('cancelVietQr'),
    watchPayment: fake('watchPayment'),
    printPaymentNotice: fake('printPaymentNotice'),
    submit: fake('submit'),
    printReceipt: fake('printReceipt'),
    printReceiptA4: fake('printReceiptA4'),
    receiptOnScreen: fake('receiptOnScreen'),
    rate: fake('rate'),
  } satisfies typeof journeyActors;
  return { calls, actors };
}

export function start(opts: { answers?: Answers; requiredPapers?: string[]; thanks?: number } = {}) {
  const { calls, actors } = fakes(opts.answers);
  const machine = journeyMachine.provide({ actors, delays: { thanks: opts.thanks ?? 50 } });
  const actor = createActor(machine, { input: { procedureCode: '1.001193', requiredPapers: opts.requiredPapers ?? ['giay-chung-sinh'] } }).start();
  return { actor, calls };
}

export const at = (actor: JourneyActor, step: string) => waitFor(actor, (s) => stepOf(s) === step && !isWaitingOnDevice(s), { timeout: 2000 });
export const settled = (actor: JourneyActor, pred: (s: JourneySnapshot) => boolean) => waitFor(actor, pred, { timeout: 2000 });

export async function toForm(actor: JourneyActor) {
  await at(actor, 'consent');
  actor.send({ type: 'AGREE' });
  await at(actor, 'identify');
  actor.send({ type: 'READ_CARD' });
  await at(actor, 'confirm');
  actor.send({ type: 'CONFIRM' });
  await settled(actor, (s) => s.matches({ form: 'editing' }));
}

export async function toReview(actor: JourneyActor) {
  await toForm(actor);
  actor.send({ type: 'NEXT' });
  await settled(actor, (s) => s.matches({ papers: 'idle' }));
  actor.send({ type: 'SCAN', paperId: 'giay-chung-sinh' });
  await settled(actor, (s) => s.matches({ papers: 'idle' }) && Boolean(s.context.papers['giay-chung-sinh']));
  actor.send({ type: 'NEXT' });
  await settled(actor, (s) => s.matches({ review: 'ready' }));
}
