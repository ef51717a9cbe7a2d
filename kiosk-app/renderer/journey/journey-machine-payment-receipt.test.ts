import { describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import type { JourneyAnswers } from './journey-calls';
import { isBackLocked, isWaitingOnDevice } from './journey-machine';
import { at, fail, ok, settled, start, toReview } from './journey-machine-test-helper';

// The journey machine after the review, against fake actors (journey-machine-test-helper.ts):
// the fee by card or VietQR, where money may have moved and "back" is locked, the waits that
// hold the idle timer, and a submit or receipt that fails without losing anything.

describe('journey machine: fee, submit and receipt', () => {
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
});
