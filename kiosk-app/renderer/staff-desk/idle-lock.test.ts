import { describe, expect, it } from 'vitest';
import { createIdleLock, type IdleTimer } from './idle-lock';

/** A timer driven by hand: `advance(ms)` runs what falls due, in order. */
function fakeTimer() {
  let now = 1_000_000;
  let next = 1;
  const due = new Map<number, { at: number; run: () => void }>();
  const timer: IdleTimer = {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = next++;
      due.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout: (h) => void due.delete(h as number),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const first = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!first || first[1].at > end) break;
      due.delete(first[0]);
      now = first[1].at;
      first[1].run();
    }
    now = end;
  };
  return { timer, advance, pending: () => due.size };
}

function setup(lockAfterMs = 5 * 60_000, reportEveryMs = 30_000) {
  const t = fakeTimer();
  const events: string[] = [];
  const lock = createIdleLock({ lockAfterMs, reportEveryMs, timer: t.timer, onIdle: () => events.push('idle'), onReport: () => events.push('report') });
  return { ...t, lock, events };
}

describe('the desk idle lock', () => {
  it('locks after the idle time with no activity, once', () => {
    const s = setup();
    s.lock.start();
    s.advance(5 * 60_000 - 1);
    expect(s.events).toEqual([]);
    s.advance(1);
    expect(s.events).toEqual(['idle']);
    s.advance(60 * 60_000);
    expect(s.events).toEqual(['idle']);
  });

  it('activity moves the deadline: locked only once the desk has been idle the full time', () => {
    const s = setup();
    s.lock.start();
    s.advance(4 * 60_000);
    s.lock.activity();
    s.advance(4 * 60_000);
    expect(s.events.filter((e) => e === 'idle')).toEqual([]);
    s.advance(60_000);
    expect(s.events.filter((e) => e === 'idle')).toEqual(['idle']);
  });

  it('reports activity at most once every 30 s, the first at once', () => {
    const s = setup();
    s.lock.start();
    s.lock.activity();
    for (let i = 0; i < 29; i++) {
      s.advance(1000);
      s.lock.activity();
    }
    expect(s.events).toEqual(['report']);
    s.advance(1000);
    s.lock.activity();
    expect(s.events).toEqual(['report', 'report']);
  });

  it('ignores activity once locked or stopped, and starts afresh after an unlock', () => {
    const s = setup(60_000);
    s.lock.start();
    s.advance(60_000);
    s.lock.activity();
    expect(s.events).toEqual(['idle']);
    s.lock.start();
    s.lock.activity();
    expect(s.events).toEqual(['idle', 'report']);
    s.lock.stop();
    s.advance(10 * 60_000);
    expect(s.events).toEqual(['idle', 'report']);
    expect(s.pending()).toBe(0);
  });
});
