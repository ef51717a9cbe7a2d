import { describe, expect, it, vi } from 'vitest';
import { stepOf } from './journey-machine';
import { at, fail, ok, page, settled, start, toForm, toReview } from './journey-machine-test-helper';

// The journey machine against fake actors (journey-machine-test-helper.ts): what the citizen
// sees step by step, what is kept when going back, and that failures land on a screen with a
// way forward. Paying, submitting and the receipt are in journey-machine-payment-receipt.test.ts.

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
