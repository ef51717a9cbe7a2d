import { describe, expect, it } from 'vitest';
import { describeWindowFirst, parseWindowWait, windowFirst, type WindowFirstOutcome, type WindowFirstTimers } from './window-first';

/** Timers a test moves by hand: nothing here waits on the wall clock. */
function manualTimers() {
  let now = 0;
  const pending = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  const timers: WindowFirstTimers = {
    now: () => now,
    setTimeout: (run, ms) => {
      pending.set(next, { at: now + ms, run });
      return next++;
    },
    clearTimeout: (h) => void pending.delete(h as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [h, t] of [...pending]) {
      if (t.at > now) continue;
      pending.delete(h);
      t.run();
    }
  };
  return { timers, advance, pending };
}

const settledYet = async (p: Promise<WindowFirstOutcome>) => Promise.race([p, new Promise<'pending'>((r) => setImmediate(() => r('pending')))]);

describe('the window first, the services after it', () => {
  it('opens when the window says its attract screen is shown, and forgets the wait', async () => {
    const { timers, advance, pending } = manualTimers();
    const gate = windowFirst(3000, timers);
    advance(700);
    expect(await settledYet(gate.open)).toBe('pending');
    gate.shown();
    expect(await gate.open).toEqual({ how: 'shown', afterMs: 700 });
    expect(pending.size).toBe(0);
    gate.shown(); // a reload of the window later on changes nothing
    expect(await gate.open).toEqual({ how: 'shown', afterMs: 700 });
  });

  it('opens at the end of the wait when no window comes, and a late window changes nothing', async () => {
    const { timers, advance } = manualTimers();
    const gate = windowFirst(3000, timers);
    advance(2999);
    expect(await settledYet(gate.open)).toBe('pending');
    advance(1);
    expect(await gate.open).toEqual({ how: 'waited', afterMs: 3000 });
    gate.shown();
    expect(await gate.open).toEqual({ how: 'waited', afterMs: 3000 });
  });

  it('does not wait at all when asked not to', async () => {
    const { timers, pending } = manualTimers();
    const gate = windowFirst(0, timers);
    expect(await gate.open).toEqual({ how: 'not-waiting', afterMs: 0 });
    expect(pending.size).toBe(0);
  });

  it('says on the start-up line how the services began', () => {
    expect(describeWindowFirst({ how: 'shown', afterMs: 812 })).toContain('812 ms');
    expect(describeWindowFirst({ how: 'waited', afterMs: 3000 })).toContain('without it');
  });
});

describe('--window-wait', () => {
  it('reads seconds, defaults to three, refuses what is not a wait', () => {
    expect(parseWindowWait(undefined)).toBe(3000);
    expect(parseWindowWait('0')).toBe(0);
    expect(parseWindowWait('1.5')).toBe(1500);
    expect(parseWindowWait('60')).toBe(60000);
    for (const bad of ['-1', '61', 'abc', '', '1e3', '3s']) expect(parseWindowWait(bad)).toBeNull();
  });
});
