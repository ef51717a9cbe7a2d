import { describe, it, expect } from 'vitest';
import { ManualClock } from '../../common/clock';
import { LinkHealth, type LinkOutcome } from './link-health';
import { escalatedTimeoutMs, retryableInPlace, retryPauseMs } from './request-retry';

function link() {
  const clock = new ManualClock(Date.UTC(2026, 11, 7, 12));
  const h = new LinkHealth({ clock });
  const seen: string[] = [];
  h.onChange((v) => seen.at(-1) !== v.level && seen.push(v.level));
  const record = (outcome: LinkOutcome, n = 1, latencyMs = 60, stepMs = 100) => {
    for (let i = 0; i < n; i++) {
      h.record(outcome, latencyMs);
      clock.advance(stepMs);
    }
  };
  return { h, clock, seen, record };
}

describe('how the link to the city is doing', () => {
  it('says online while the city answers, and degraded with the share when it answers with errors', () => {
    const { h, record } = link();
    expect(h.view().level).toBe('unknown');
    record('ok', 19);
    record('error'); // one failure in twenty is a bad moment, not a bad city
    expect(h.view()).toMatchObject({ level: 'online', failedPercent: 5, recent: 20 });
    record('ok', 4);
    record('error', 3);
    record('none', 3);
    expect(h.view()).toMatchObject({ level: 'degraded', failedPercent: 35 });
  });

  it('says degraded when answers are slow, even without errors', () => {
    const { h, record } = link();
    record('ok', 10, 4_000);
    expect(h.view()).toMatchObject({ level: 'degraded', slow: true, failedPercent: 0 });
  });

  it('says offline only after several unanswered requests and a silence, and no longer at the first answer, even a 503', () => {
    const { h, record, clock, seen } = link();
    record('ok', 5);
    // Three drops in a row within a second of an answer: a poor link, not an absent city.
    record('none', 3, 0, 300);
    expect(h.view().level).toBe('degraded');
    clock.advance(5_000);
    record('none');
    expect(h.view().level).toBe('offline');
    // A 503 is an answer: the city is there (and one error is not yet a pattern).
    record('error');
    expect(h.view()).toMatchObject({ level: 'online', failedPercent: 17 });
    expect(seen).toEqual(['online', 'degraded', 'offline', 'online']);
  });

  it('does not count an outage that is over against the city: back from offline, its misses are forgotten', () => {
    const { h, record } = link();
    record('ok', 3);
    record('none', 10, 0, 1_000);
    expect(h.view().level).toBe('offline');
    record('ok');
    expect(h.view()).toMatchObject({ level: 'online', failedPercent: 0, recent: 4 });
  });

  it('is offline at once when the city has never answered', () => {
    const { h, record } = link();
    record('none', 2);
    expect(h.view().level).not.toBe('offline');
    record('none');
    expect(h.view()).toMatchObject({ level: 'offline', failedPercent: 100, lastAnswerAt: null });
  });

  it('forgets old requests: a minute later, a good answer is the verdict', () => {
    const { h, record, clock } = link();
    record('error', 10);
    expect(h.view().level).toBe('degraded');
    clock.advance(61_000);
    record('ok');
    expect(h.view()).toMatchObject({ level: 'online', failedPercent: 0, recent: 1 });
  });

  it('fits time-outs to the answers seen: a few times the slow end, within the floor and the cap', () => {
    const { h, record } = link();
    expect(h.timeoutMs(2_000, 30_000)).toBe(10_000); // nothing known yet: a third of the cap
    record('ok', 10, 50);
    expect(h.timeoutMs(2_000, 30_000)).toBe(2_000); // 8 × 50 ms is under the floor
    record('ok', 20, 900);
    expect(h.timeoutMs(2_000, 30_000)).toBe(7_200);
    record('ok', 20, 9_000);
    expect(h.timeoutMs(2_000, 30_000)).toBe(30_000);
    expect(h.timeoutMs(2_000, 300)).toBe(300); // a cap under the floor wins
  });
});

describe('asking again in place', () => {
  it('asks again after no answer, a 5xx or 408, or a cut answer; never after 4xx, 429, Retry-After or an answer too large', () => {
    const status = (s: number, retryAfterMs?: number) => ({ code: 'status' as const, status: s, cityCode: 'x', reason: 'x', message: 'x', ...(retryAfterMs ? { retryAfterMs } : {}) });
    expect(retryableInPlace({ code: 'network', message: 'network: timeout' })).toBe(true);
    expect(retryableInPlace(status(503))).toBe(true);
    expect(retryableInPlace(status(500))).toBe(true);
    expect(retryableInPlace(status(408))).toBe(true);
    expect(retryableInPlace({ code: 'malformed', what: 'json', reason: 'malformed JSON', message: 'x' })).toBe(true);
    expect(retryableInPlace(status(503, 5_000))).toBe(false);
    expect(retryableInPlace(status(429, 1_000))).toBe(false);
    expect(retryableInPlace(status(429))).toBe(false);
    expect(retryableInPlace(status(422))).toBe(false);
    expect(retryableInPlace({ code: 'unauthorized', message: 'unauthorized' })).toBe(false);
    expect(retryableInPlace({ code: 'malformed', what: 'size', reason: 'response too large', message: 'x' })).toBe(false);
  });

  it('pauses briefly with jitter, longer each time; doubles the time-out each try up to the cap', () => {
    expect([retryPauseMs(1, () => 0), retryPauseMs(1, () => 1)]).toEqual([50, 100]);
    expect([retryPauseMs(2, () => 0), retryPauseMs(2, () => 1)]).toEqual([150, 300]);
    expect([retryPauseMs(3, () => 0), retryPauseMs(3, () => 1)]).toEqual([450, 900]);
    expect([0, 1, 2, 3, 4].map((n) => escalatedTimeoutMs(2_000, n, 30_000))).toEqual([2_000, 4_000, 8_000, 16_000, 30_000]);
    expect(escalatedTimeoutMs(3_000, 2, 3_000)).toBe(3_000); // a fixed time-out stays fixed
  });
});
