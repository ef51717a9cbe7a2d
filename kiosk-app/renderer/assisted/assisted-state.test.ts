import { describe, expect, it } from 'vitest';
import type { IdentitySummary, JourneyFailure } from '../journey/journey-context';
import { assistedReducer, feeDue, INITIAL_STATE, shownProblem, type AssistedEvent, type AssistedState } from './assisted-state';

// The assisted journey's state: an error is said where it happened and takes nothing away.

const identity: IdentitySummary = { fullName: 'Nguyễn Thị Lan', idNumberMasked: '001******345', dateOfBirth: '1958-04-12', sex: 'female', address: 'Ba Vì, Hà Nội', source: 'qr' } as IdentitySummary;
const locked: JourneyFailure = { code: 'staff', reason: 'shift-locked' };

const play = (...events: AssistedEvent[]): AssistedState => events.reduce(assistedReducer, INITIAL_STATE);

describe('the assisted journey state', () => {
  const typed = play(
    { type: 'started', sessionId: 'a6f1c9e2-3b4d-4c5e-8f90-123456789abc' },
    { type: 'consented', identity },
    { type: 'answer', field: 'childName', value: 'Nguyễn Minh An' },
    { type: 'pages', paperId: 'birth-cert', pages: [{ index: 0, previewDataUrl: 'data:,', blank: false, readable: true }] },
    { type: 'quoted', quote: { amount: 8000, pages: 1, copies: 1, payableAtKiosk: true } },
  );

  it('a staff refusal at submit keeps everything the clerk typed, scanned and was quoted', () => {
    const s = [{ type: 'busy', busy: 'submit' } as const, { type: 'failed', place: 'submit', error: locked } as const].reduce(assistedReducer, typed);
    expect(s.answers).toEqual(typed.answers);
    expect(s.papers).toEqual(typed.papers);
    expect(s.identity).toEqual(identity);
    expect(s.quote).toEqual(typed.quote);
    expect(s.busy).toBeNull();
    expect(s.staff).toEqual(locked);
    expect(s.errors.submit).toEqual(locked);
  });

  it('the same button going through after signing in again clears the refusal', () => {
    const refused = assistedReducer(typed, { type: 'failed', place: 'fee', error: locked });
    const paid = assistedReducer(refused, { type: 'paid', method: 'cash', amount: 8000 });
    expect(paid.staff).toBeNull();
    expect(paid.errors.fee).toBeUndefined();
    expect(feeDue(refused)).toBe(true);
    expect(feeDue(paid)).toBe(false);
  });

  it('a scan that goes through does not clear a shift refusal (scanning is not a staff call)', () => {
    const refused = assistedReducer(typed, { type: 'failed', place: 'submit', error: locked });
    const scanned = assistedReducer(refused, { type: 'pages', paperId: 'birth-cert', pages: [] });
    expect(scanned.staff).toEqual(locked);
  });

  it('the card’s prefill never overwrites what the clerk typed', () => {
    const s = assistedReducer(typed, { type: 'prefilled', answers: { childName: 'X', motherName: 'Nguyễn Thị Lan' } });
    expect(s.answers).toEqual({ childName: 'Nguyễn Minh An', motherName: 'Nguyễn Thị Lan' });
  });

  it('shows a field’s problem once it was left, and every problem after the form was refused', () => {
    const problems = [
      { field: 'childName', code: 'required' },
      { field: 'placeOfBirth', code: 'required' },
    ] as AssistedState['problems'];
    const s = assistedReducer(assistedReducer(typed, { type: 'problems', problems }), { type: 'touched', field: 'childName' });
    expect(shownProblem(s, 'childName')).toEqual(problems[0]);
    expect(shownProblem(s, 'placeOfBirth')).toBeUndefined();
    const refused = assistedReducer(s, { type: 'failed', place: 'submit', error: { code: 'invalid-form', problems: [...problems] } as JourneyFailure });
    expect(shownProblem(refused, 'placeOfBirth')).toEqual(problems[1]);
  });
});
