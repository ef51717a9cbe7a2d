import { describe, it, expect } from 'vitest';
import type { CityError } from '../../city-client/city-errors';
import { deliveryOf } from './delivery';

const status = (s: number, retryAfterMs?: number): CityError => ({
  code: 'status', status: s, cityCode: `c${s}`, reason: `r${s}`, message: `${s} c${s}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
});

describe('what a city error means for a message', () => {
  it('retries 408, 429 and 5xx (at least Retry-After), no answer (offline) and malformed answers; parks other 4xx; stops on 401', () => {
    expect(deliveryOf(status(429, 7000))).toEqual({ kind: 'retry', error: '429 c429', retryAfterMs: 7000, offline: false });
    expect(deliveryOf(status(408))).toEqual({ kind: 'retry', error: '408 c408', offline: false });
    expect(deliveryOf(status(503))).toEqual({ kind: 'retry', error: '503 c503', offline: false });
    expect(deliveryOf({ code: 'network', message: 'network: timeout' })).toEqual({ kind: 'retry', error: 'network: timeout', offline: true });
    expect(deliveryOf({ code: 'malformed', what: 'json', reason: 'malformed JSON', message: 'invalid answer: malformed JSON' }))
      .toEqual({ kind: 'retry', error: 'invalid answer: malformed JSON', offline: false });
    for (const s of [400, 404, 409, 413, 418, 422]) expect(deliveryOf(status(s))).toEqual({ kind: 'refused', code: `c${s}`, reason: `r${s}` });
    expect(deliveryOf({ code: 'unauthorized', message: 'unauthorized' })).toEqual({ kind: 'unauthorized' });
  });
});
