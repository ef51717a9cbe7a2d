import { describe, expect, it, vi } from 'vitest';
import { createActor, fromPromise, waitFor, type InputFrom } from 'xstate';
import { isBackLocked, journeyMachine, stepOf, isWaitingOnDevice, type IdentitySummary, type JourneyActor, type JourneyAnswers, type journeyActors, type JourneySnapshot, type PagePreview } from './journey-machine';

// The journey machine against fake actors: what the citizen sees step by step, what is
// kept when going back, and that failures land on a screen with a way forward. The fakes
// answer what the api answers: their type is the router's (journey-machine.ts JourneyAnswers).

const identity: IdentitySummary = { fullName: 'Nguyễn Văn A', idNumberMasked: '001******456', dateOfBirth: '1990-01-01', sex: 'male', address: 'Hà Nội', source: 'qr' };
const page = (index: number, blank = false, readable: boolean | null = true): PagePreview => ({ index, previewDataUrl: 'data:image/png;base64,AA==', blank, readable });
const ok = <T,>(value: T) => ({ ok: true as const, value });
const fail = <const E extends { code: string }>(error: E) => ({ ok: false as const, error });

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

function start(opts: { answers?: Answers; requiredPapers?: string[]; thanks?: number } = {}) {
  const { calls, actors } = fakes(opts.answers);
  const machine = journeyMachine.provide({ actors, delays: { thanks: opts.thanks ?? 50 } });
  const actor = createActor(machine, { input: { procedureCode: '1.001193', requiredPapers: opts.requiredPapers ?? ['giay-chung-sinh'] } }).start();
  return { actor, calls };
}

const at = (actor: JourneyActor, step: string) => waitFor(actor, (s) => stepOf(s) === step && !isWaitingOnDevice(s), { timeout: 2000 });
const settled = (actor: JourneyActor, pred: (s: JourneySnapshot) => boolean) => waitFor(actor, pred, { timeout: 2000 });

async function toForm(actor: JourneyActor) {
  await at(actor, 'consent');
  actor.send({ type: 'AGREE' });
  await at(actor, 'identify');
  actor.send({ type: 'READ_CARD' });
  await at(actor, 'confirm');
  actor.send({ type: 'CONFIRM' });
  await settled(actor, (s) => s.matches({ form: 'editing' }));
}

async function toReview(actor: JourneyActor) {
  await toForm(actor);
  actor.send({ type: 'NEXT' });
  await settled(actor, (s) => s.matches({ papers: 'idle' }));
  actor.send({ type: 'SCAN', paperId: 'giay-chung-sinh' });
  await settled(actor, (s) => s.matches({ papers: 'idle' }) && Boolean(s.context.papers['giay-chung-sinh']));
  actor.send({ type: 'NEXT' });
  await settled(actor, (s) => s.matches({ review: 'ready' }));
}

describe('journey machine', () => {
  it('a free procedure: consent, card, prefilled form, scan, review, no fee step, receipt, rating, end', async () => {
    const { actor, calls } = start();
    await toReview(actor);
    expect(actor.getSnapshot().context.answers).toMatchObject({ fatherName: 'Nguyễn Văn A', relation: 'cha' });
    actor.send({ type: 'CONFIRM' });
    await settled(actor, (s) => s.matches({ receipt: 'printed' }));
    expect(calls['payByCard']).toBeUndefined();
    expect(calls['submit']).toHaveLength(1);
    expect(actor.getSnapshot().context.printed).toEqual({ receiptCode: 'H26.X-1', queued: false });
    actor.send({ type: 'NEXT' });
    await at(actor, 'rating');
    actor.send({ type: 'SEND_RATING' }); // no score yet: stays
    expect(stepOf(actor.getSnapshot())).toBe('rating');
    actor.send({ type: 'RATE', score: 5 });
    actor.send({ type: 'TOGGLE_REASON', reason: 'fast' });
    actor.send({ type: 'TOGGLE_REASON', reason: 'easy' });
    actor.send({ type: 'TOGGLE_REASON', reason: 'fast' });
    actor.send({ type: 'SEND_RATING' });
    await at(actor, 'thanks');
    // The rating carries no session, no dossier, no identity.
    expect(calls['rate']).toEqual([{ score: 5, reasons: ['easy'], procedureCode: '1.001193' }]);
    await settled(actor, (s) => s.status === 'done');
  });

  it('declining consent reads nothing and ends politely', async () => {
    const { actor, calls } = start();
    await at(actor, 'consent');
    actor.send({ type: 'DECLINE' });
    await at(actor, 'declined');
    expect(calls['consent']).toBeUndefined();
    expect(actor.getSnapshot().can({ type: 'READ_CARD' })).toBe(false);
    actor.send({ type: 'DONE' });
    expect(actor.getSnapshot().status).toBe('done');
  });

  it('going back and forth keeps the typed identity, the answers and the scanned pages', async () => {
    const { actor, calls } = start({ answers: { prefill: [ok({ fatherName: 'Card Name', relation: 'cha' })] } });
    await at(actor, 'consent');
    actor.send({ type: 'AGREE' });
    await at(actor, 'identify');
    actor.send({ type: 'TYPE_ID' });
    actor.send({ type: 'SET_TYPED', field: 'fullName', value: 'Nguyễn Văn An' });
    actor.send({ type: 'SET_TYPED', field: 'idNumber', value: '001090123456' });
    actor.send({ type: 'BACK' });
    actor.send({ type: 'TYPE_ID' });
    expect(actor.getSnapshot().context.typed).toMatchObject({ fullName: 'Nguyễn Văn An', idNumber: '001090123456' });
    actor.send({ type: 'SAVE_TYPED' });
    await at(actor, 'confirm');
    expect(calls['typedIdentity']![0]).toMatchObject({ identity: { fullName: 'Nguyễn Văn An' } });
    actor.send({ type: 'CONFIRM' });
    await settled(actor, (s) => s.matches({ form: 'editing' }));
    // The citizen's own answer wins over the card's suggestion.
    actor.send({ type: 'SET_ANSWER', field: 'fatherName', value: 'Trần Văn B' });
    actor.send({ type: 'SET_ANSWER', field: 'childName', value: 'Nguyễn Văn C' });
    actor.send({ type: 'NEXT' });
    await settled(actor, (s) => s.matches({ papers: 'idle' }));
    actor.send({ type: 'SCAN', paperId: 'giay-chung-sinh' });
    await settled(actor, (s) => s.matches({ papers: 'idle' }) && Boolean(s.context.papers['giay-chung-sinh']));
    actor.send({ type: 'BACK' });
    await settled(actor, (s) => s.matches({ form: 'editing' }));
    actor.send({ type: 'BACK' });
    await at(actor, 'confirm');
    actor.send({ type: 'CONFIRM' });
    await settled(actor, (s) => s.matches({ form: 'editing' }));
    const c = actor.getSnapshot().context;
    expect(c.answers).toMatchObject({ fatherName: 'Trần Văn B', childName: 'Nguyễn Văn C', relation: 'cha' });
    expect(c.papers['giay-chung-sinh']).toHaveLength(1);
    expect(calls['prefill']).toHaveLength(1);
  });

  it('shows field problems and stays on the form until they are fixed', async () => {
    const { actor } = start({ answers: { validate: [ok([{ field: 'phone', code: 'bad-phone' }]), ok([])] } });
    await toForm(actor);
    actor.send({ type: 'NEXT' });
    await settled(actor, (s) => s.matches({ form: 'editing' }) && s.context.problems.length > 0);
    expect(actor.getSnapshot().context.problems).toEqual([{ field: 'phone', code: 'bad-phone' }]);
    actor.send({ type: 'SET_ANSWER', field: 'phone', value: '0912345678' });
    actor.send({ type: 'NEXT' });
    await settled(actor, (s) => s.matches({ papers: 'idle' }));
    expect(actor.getSnapshot().context.problems).toEqual([]);
  });

  it('an unreadable card returns to the choice with the reason; cancelling stops the reader', async () => {
    const { actor, calls } = start({ answers: { readCard: [fail({ code: 'device', device: 'idreader', reason: 'unreadable-code' }), () => new Promise(() => {})] } });
    await at(actor, 'consent');
    actor.send({ type: 'AGREE' });
    await at(actor, 'identify');
    actor.send({ type: 'READ_CARD' });
    await settled(actor, (s) => s.matches({ identify: 'choose' }) && s.context.error !== null);
    expect(actor.getSnapshot().context.error).toMatchObject({ reason: 'unreadable-code' });
    actor.send({ type: 'READ_CARD' });
    expect(actor.getSnapshot().context.error).toBeNull();
    actor.send({ type: 'TYPE_ID' });
    await settled(actor, (s) => s.matches({ identify: 'typing' }));
    expect(calls['cancelCardRead']).toEqual([{ sessionId: 's-1' }]);
  });

  it('papers: the next step waits for every required paper; a jam is shown and a retry works; a flagged page is rescanned', async () => {
    const { actor, calls } = start({
      answers: { scan: [fail({ code: 'device', device: 'scanner', reason: 'jammed' }), ok([page(0, false, false)]), ok([page(0)])], removePage: [ok([])] },
    });
    await toForm(actor);
    actor.send({ type: 'NEXT' });
    await settled(actor, (s) => s.matches({ papers: 'idle' }));
    actor.send({ type: 'NEXT' });
    expect(actor.getSnapshot().context.error).toEqual({ code: 'missing-papers' });
    expect(stepOf(actor.getSnapshot())).toBe('papers');
    actor.send({ type: 'SCAN', paperId: 'giay-chung-sinh' });
    await settled(actor, (s) => s.matches({ papers: 'idle' }) && s.context.error !== null);
    expect(actor.getSnapshot().context.error).toMatchObject({ reason: 'jammed' });
    actor.send({ type: 'SCAN', paperId: 'giay-chung-sinh' });
    await settled(actor, (s) => s.matches({ papers: 'idle' }) && Boolean(s.context.papers['giay-chung-sinh']));
    expect(actor.getSnapshot().context.papers['giay-chung-sinh']![0]!.readable).toBe(false);
    actor.send({ type: 'RESCAN_PAGE', paperId: 'giay-chung-sinh', index: 0 });
    await settled(actor, (s) => s.matches({ papers: 'idle' }) && s.context.papers['giay-chung-sinh']![0]!.readable === true);
    expect(calls['removePage']).toEqual([{ sessionId: 's-1', paperId: 'giay-chung-sinh', index: 0 }]);
    expect(calls['scan']![0]).toEqual({ sessionId: 's-1', paperId: 'giay-chung-sinh' });
    expect(calls['scan']![2]).toEqual({ sessionId: 's-1', paperId: 'giay-chung-sinh' });
    actor.send({ type: 'NEXT' });
    await settled(actor, (s) => s.matches({ review: 'ready' }));
  });

  it('a blank page alone does not count as the paper', async () => {
    const { actor } = start({ answers: { scan: [ok([page(0, true, false)])] } });
    await toForm(actor);
    actor.send({ type: 'NEXT' });
    await settled(actor, (s) => s.matches({ papers: 'idle' }));
    actor.send({ type: 'SCAN', paperId: 'giay-chung-sinh' });
    await settled(actor, (s) => s.matches({ papers: 'idle' }) && Boolean(s.context.papers['giay-chung-sinh']));
    actor.send({ type: 'NEXT' });
    expect(stepOf(actor.getSnapshot())).toBe('papers');
  });

  it('card declined, then paid on retry: one approved payment, straight to submit', async () => {
    const { actor, calls } = start({ answers: { quote: [ok({ amount: 10_000, pages: 1, copies: 1, payableAtKiosk: true })], payByCard: [fail({ code: 'declined' })] } });
    await toReview(actor);
    actor.send({ type: 'CONFIRM' });
    await at(actor, 'fee');
    actor.send({ type: 'PAY_CARD' });
    await at(actor, 'card-failed');
    expect(actor.getSnapshot().context.error).toEqual({ code: 'declined' });
    expect(actor.getSnapshot().can({ type: 'PAY_VIETQR' })).toBe(true);
    actor.send({ type: 'RETRY' });
    await settled(actor, (s) => s.matches({ receipt: 'printed' }));
    expect(calls['payByCard']).toHaveLength(2);
    expect(actor.getSnapshot().context.paid).toEqual({ method: 'card', amount: 10_000 });
  });

  it('an unknown card outcome never offers to pay again; the dossier goes with the payment for staff to check', async () => {
    const { actor, calls } = start({ answers: { quote: [ok({ amount: 10_000, pages: 1, copies: 1, payableAtKiosk: true })], payByCard: [fail({ code: 'unknown-outcome', paymentId: 'p-9' })] } });
    await toReview(actor);
    actor.send({ type: 'CONFIRM' });
    await at(actor, 'fee');
    actor.send({ type: 'PAY_CARD' });
    await at(actor, 'staff');
    const s = actor.getSnapshot();
    expect(s.can({ type: 'PAY_CARD' })).toBe(false);
    expect(s.can({ type: 'PAY_VIETQR' })).toBe(false);
    expect(s.can({ type: 'RETRY' })).toBe(false);
    expect(s.can({ type: 'BACK' })).toBe(false);
    expect(isBackLocked(s)).toBe(true);
    actor.send({ type: 'SUBMIT_TO_CHECK' });
    await settled(actor, (x) => x.matches({ receipt: 'printed' }));
    expect(calls['payByCard']).toHaveLength(1);
  });

  it('VietQR: shows the QR, waits; on time-out offers to wait again, then is paid', async () => {
    const { actor, calls } = start({ answers: { quote: [ok({ amount: 5000, pages: 2, copies: 1, payableAtKiosk: true })], awaitVietQr: [fail({ code: 'vietqr-timeout', paymentId: 'p-1' })], watchPayment: [() => new Promise(() => {})] } });
    await toReview(actor);
    actor.send({ type: 'CONFIRM' });
    await at(actor, 'fee');
    actor.send({ type: 'PAY_VIETQR' });
    await at(actor, 'vietqr-timeout');
    expect(actor.getSnapshot().context.vietQr).toMatchObject({ reference: 'ABC123', amount: 5000 });
    expect(actor.getSnapshot().can({ type: 'PAY_CARD' })).toBe(false);
    actor.send({ type: 'WAIT_AGAIN' });
    await settled(actor, (s) => s.matches({ receipt: 'printed' }));
    expect(calls['startVietQr']).toHaveLength(1);
    expect(calls['awaitVietQr']).toEqual([{ sessionId: 's-1', paymentId: 'p-1' }, { sessionId: 's-1', paymentId: 'p-1' }]);
    expect(actor.getSnapshot().context.paid).toEqual({ method: 'vietqr', amount: 5000 });
  });

  it('VietQR: more time moves the deadline; stopping shows the truth, prints a slip, and a transfer arriving then submits', async () => {
    let answer: (v: JourneyAnswers['watchPayment']) => void = () => {};
    const { actor, calls } = start({
      answers: {
        quote: [ok({ amount: 5000, pages: 2, copies: 1, payableAtKiosk: true })],
        awaitVietQr: [() => new Promise(() => {}), () => new Promise(() => {})],
        watchPayment: [() => new Promise((r) => (answer = r))],
      },
    });
    await toReview(actor);
    actor.send({ type: 'CONFIRM' });
    await at(actor, 'fee');
    actor.send({ type: 'PAY_VIETQR' });
    await waitFor(actor, (s) => s.matches({ fee: 'vietqr-waiting' }), { timeout: 2000 });
    expect(actor.getSnapshot().context.vietQr?.expiresAt).toBe('2026-12-05T08:05:00.000Z');
    actor.send({ type: 'EXTEND' });
    await waitFor(actor, (s) => s.matches({ fee: 'vietqr-waiting' }) && s.context.vietQr?.expiresAt === '2026-12-05T08:07:00.000Z', { timeout: 2000 });
    expect(calls['awaitVietQr']).toHaveLength(2);
    actor.send({ type: 'CANCEL' });
    await at(actor, 'vietqr-timeout');
    expect(calls['cancelVietQr']).toEqual([{ sessionId: 's-1', paymentId: 'p-1' }]);
    await waitFor(actor, (s) => s.context.noticePrinted === true, { timeout: 2000 });
    expect(actor.getSnapshot().context.error).toEqual({ code: 'vietqr-cancelled' });
    expect(isBackLocked(actor.getSnapshot())).toBe(true);
    answer(ok({ status: 'approved' })); // the citizen had sent it after all
    await settled(actor, (s) => s.matches({ receipt: 'printed' }));
    expect(actor.getSnapshot().context.paid).toEqual({ method: 'vietqr', amount: 5000 });
    expect(calls['submit']).toHaveLength(1);
  });

  it('the waits that need no touch are marked, so the idle timer can be held', async () => {
    let release: (v: JourneyAnswers['payByCard']) => void = () => {};
    const { actor } = start({ answers: { quote: [ok({ amount: 10_000, pages: 1, copies: 1, payableAtKiosk: true })], payByCard: [() => new Promise((r) => (release = r))] } });
    await toReview(actor);
    actor.send({ type: 'CONFIRM' });
    await at(actor, 'fee');
    actor.send({ type: 'PAY_CARD' });
    expect(isWaitingOnDevice(actor.getSnapshot())).toBe(true);
    release(fail({ code: 'timeout' }));
    await at(actor, 'card-failed');
    expect(isWaitingOnDevice(actor.getSnapshot())).toBe(false);
  });

  it('printer out of paper: the A4 receipt or the QR on screen; the submit is never repeated', async () => {
    const { actor, calls } = start({ answers: { printReceipt: [fail({ code: 'device', device: 'printer', reason: 'paper-out' })] } });
    await toReview(actor);
    actor.send({ type: 'CONFIRM' });
    await settled(actor, (s) => s.matches({ receipt: 'print-failed' }));
    expect(actor.getSnapshot().context.error).toMatchObject({ reason: 'paper-out' });
    actor.send({ type: 'SHOW_QR' });
    await settled(actor, (s) => s.matches({ receipt: 'showing-qr' }));
    expect(actor.getSnapshot().context.onScreen).toMatchObject({ receiptCode: 'K-AAAAA-BBBBB', qrDataUrl: 'data:qr' });
    actor.send({ type: 'PRINT_A4' });
    await settled(actor, (s) => s.matches({ receipt: 'printed' }));
    expect(actor.getSnapshot().context.a4).toBe('printed');
    expect(calls['submit']).toHaveLength(1);
    expect(calls['printReceiptA4']![0]).toMatchObject({ dossierId: 'd-1' });
  });

  it('offline: the submission is accepted and says so', async () => {
    const { actor } = start({ answers: { submit: [ok({ dossierId: 'd-2', receiptCode: 'K-11111-22222', localRef: 'K-11111-22222', submittedAt: 'now', sentToCity: false, online: false, paymentToCheck: false })], printReceipt: [ok({ receiptCode: 'K-11111-22222', queued: true })] } });
    await toReview(actor);
    actor.send({ type: 'CONFIRM' });
    await settled(actor, (s) => s.matches({ receipt: 'printed' }));
    expect(actor.getSnapshot().context.submitted?.online).toBe(false);
    expect(actor.getSnapshot().context.printed).toEqual({ receiptCode: 'K-11111-22222', queued: true });
  });

  it('a failed submit keeps everything and can be retried; a lost answer is retried, not re-entered', async () => {
    const { actor, calls } = start({ answers: { submit: [() => Promise.reject(new Error('socket hang up'))] } });
    await toReview(actor);
    actor.send({ type: 'CONFIRM' });
    await at(actor, 'submit-failed');
    expect(actor.getSnapshot().context.error).toEqual({ code: 'network' });
    actor.send({ type: 'RETRY' });
    await settled(actor, (s) => s.matches({ receipt: 'printed' }));
    expect(calls['submit']).toHaveLength(2);
    expect(calls['submit']![1]).toEqual(calls['submit']![0]);
  });

  it('review asks the fee again after the pages changed (per-page fees follow the scans)', async () => {
    const { actor, calls } = start();
    await toReview(actor);
    actor.send({ type: 'EDIT_PAPERS' });
    await settled(actor, (s) => s.matches({ papers: 'idle' }));
    actor.send({ type: 'SCAN', paperId: 'giay-chung-sinh' });
    await settled(actor, (s) => s.matches({ papers: 'idle' }));
    actor.send({ type: 'NEXT' });
    await settled(actor, (s) => s.matches({ review: 'ready' }));
    expect(calls['quote']).toHaveLength(2);
  });

  it('the thank-you screen ends the journey by itself after its delay', async () => {
    const { actor } = start({ thanks: 6000 });
    await toReview(actor);
    actor.send({ type: 'CONFIRM' });
    await settled(actor, (s) => s.matches({ receipt: 'printed' }));
    actor.send({ type: 'NEXT' });
    vi.useFakeTimers();
    try {
      actor.send({ type: 'SKIP' });
      expect(stepOf(actor.getSnapshot())).toBe('thanks');
      await vi.advanceTimersByTimeAsync(5900);
      expect(actor.getSnapshot().status).toBe('active');
      await vi.advanceTimersByTimeAsync(200);
      expect(actor.getSnapshot().status).toBe('done');
    } finally {
      vi.useRealTimers();
    }
  });
});
