import { describe, it, expect } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoff', () => {
  it('computes capped, jittered backoff', () => {
    const lows = [1, 2, 3, 10, 40].map((n) => backoffDelay(n, 1000, 60_000, () => 0));
    const highs = [1, 2, 3, 10, 40].map((n) => backoffDelay(n, 1000, 60_000, () => 1));
    expect(lows).toEqual([500, 1000, 2000, 30_000, 30_000]);
    expect(highs).toEqual([1000, 2000, 4000, 60_000, 60_000]);
  });
});
