import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deriveStatus, parseStatusByte, parseStatusReply, statusByteFor, STATUS_REQUESTS, type SimulatedCondition, type StatusReplies } from './escpos-status';

const conditions: SimulatedCondition[] = ['ready', 'paper-near-end', 'paper-out', 'cover-open', 'offline', 'error'];

function statusOf(c: SimulatedCondition) {
  const get = (n: 1 | 2 | 3 | 4) => {
    const r = parseStatusByte(n, statusByteFor(c, n));
    if (!r.ok) throw new Error(r.error.detail);
    return r.value;
  };
  return deriveStatus({
    printer: get(1) as StatusReplies['printer'],
    offlineCause: get(2) as StatusReplies['offlineCause'],
    errorCause: get(3) as StatusReplies['errorCause'],
    paper: get(4) as StatusReplies['paper'],
  });
}

describe('DLE EOT status', () => {
  it('reads the Epson reply bytes a technician would see on a real printer', () => {
    // 0x12 = idle online; 0x1a = offline; 0x16 = cover open (n=2); 0x72 = paper end sensor (n=4).
    expect(parseStatusByte(1, 0x12)).toMatchObject({ ok: true, value: { offline: false } });
    expect(parseStatusByte(1, 0x1a)).toMatchObject({ ok: true, value: { offline: true } });
    expect(parseStatusByte(2, 0x16)).toMatchObject({ ok: true, value: { coverOpen: true } });
    expect(parseStatusByte(4, 0x72)).toMatchObject({ ok: true, value: { paperEnd: true } });
    expect(parseStatusByte(4, 0x1e)).toMatchObject({ ok: true, value: { nearEnd: true, paperEnd: false } });
  });

  it('maps every simulated condition back to the same state (driver and simulator share one table)', () => {
    for (const c of conditions) expect(statusOf(c).state).toBe(c);
  });

  it('rejects bytes with wrong fixed bits, wrong n, empty and long replies with typed errors', () => {
    expect(parseStatusByte(1, 0x00)).toMatchObject({ ok: false, error: { code: 'bad-fixed-bits' } });
    expect(parseStatusByte(5, 0x12)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(parseStatusByte(1, 300)).toMatchObject({ ok: false, error: { code: 'not-a-byte' } });
    expect(parseStatusReply(1, new Uint8Array())).toMatchObject({ ok: false, error: { code: 'no-reply' } });
    expect(parseStatusReply(1, Uint8Array.of(0x12, 0x12))).toMatchObject({ ok: false, error: { code: 'extra-bytes' } });
  });

  it('fuzz: any request and any reply give a value or a typed error, never a throw', () => {
    const codes = new Set(['bad-request', 'no-reply', 'not-a-byte', 'bad-fixed-bits', 'extra-bytes']);
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...STATUS_REQUESTS), fc.anything()), fc.uint8Array({ maxLength: 4 }), (n, reply) => {
        const r = parseStatusReply(n, reply);
        if (!r.ok) expect(codes.has(r.error.code)).toBe(true);
        else expect([1, 2, 3, 4]).toContain(r.value.n);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (n, b) => {
        const r = parseStatusByte(n, b);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('fuzz: any valid set of replies folds into one of the seven states', () => {
    const valid = (n: 1 | 2 | 3 | 4) => fc.integer({ min: 0, max: 255 }).map((b) => (b & ~0x93) | 0x12).map((b) => parseStatusByte(n, b));
    fc.assert(
      fc.property(valid(1), valid(2), valid(3), valid(4), (a, b, c, d) => {
        if (!a.ok || !b.ok || !c.ok || !d.ok) throw new Error('generator made an invalid byte');
        const s = deriveStatus({ printer: a.value as StatusReplies['printer'], offlineCause: b.value as StatusReplies['offlineCause'], errorCause: c.value as StatusReplies['errorCause'], paper: d.value as StatusReplies['paper'] });
        expect(['ready', 'paper-near-end', 'paper-out', 'cover-open', 'offline', 'disconnected', 'error']).toContain(s.state);
      }),
      { numRuns: 2000 },
    );
  });
});
