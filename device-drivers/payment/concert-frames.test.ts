import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeReply,
  decodeRequest,
  encodeReply,
  encodeRequest,
  encodeRequestData,
  lrc,
  maskPan,
} from './concert-frames';

// domain-facts.md §4: 50 000 VND sale, POS 01, long reply, debit, card, VND.
const VECTOR_HEX =
  '02 30 31 30 30 30 35 30 30 30 30 31 30 31 37 30 34 20 20 20 20 20 20 20 20 20 20 41 30 31 30 42 30 31 30 03 07';

describe('Concert request frame', () => {
  it('encodes the 50 000 VND vector byte for byte (LRC 0x07)', () => {
    const data = encodeRequestData({ posNumber: 1, amount: 50_000, mode: '0', longReply: true });
    expect(data.ok && data.value).toBe('0100050000101704          A010B010');
    expect(data.ok && data.value.length).toBe(34);
    const f = encodeRequest({ posNumber: 1, amount: 50_000, mode: '0', longReply: true });
    expect(f.ok && [...f.value].map((b) => b.toString(16).padStart(2, '0')).join(' ')).toBe(VECTOR_HEX);
  });

  it('LRC is the XOR over data and ETX', () => {
    const body = Buffer.from('0100050000101704          A010B010\x03', 'latin1');
    expect(lrc(body)).toBe(0x07);
  });

  it('refuses amounts the wire cannot carry rather than truncating them', () => {
    for (const amount of [0, -1, 1.5, 100_000_000]) {
      const r = encodeRequest({ posNumber: 1, amount, mode: '0', longReply: true });
      expect(r.ok ? null : r.error).toMatchObject({ code: 'bad-field', field: 'amount' });
    }
    expect(encodeRequest({ posNumber: 100, amount: 1, mode: '0', longReply: true }).ok).toBe(false);
    expect(encodeRequest({ posNumber: 1, amount: 1, mode: '0', longReply: true, privateData: 'x'.repeat(11) }).ok).toBe(false);
  });

  it('decodes what it encodes', () => {
    const f = encodeRequest({ posNumber: 7, amount: 123_456, mode: '2', longReply: false, privateData: 'ABC123' });
    const d = f.ok ? decodeRequest(f.value) : undefined;
    expect(d?.ok && d.value).toMatchObject({ posNumber: 7, amount: 123_456, mode: '2', longReply: false, privateData: 'ABC123', currency: '704' });
  });
});

describe('Concert reply frame', () => {
  it('decodes 28- and 83-byte replies and masks the card number', () => {
    const short = encodeReply({ posNumber: 1, statusDigit: '7', amount: 50_000, mode: '0', privateData: 'REF1' });
    expect(short.length).toBe(28);
    expect(decodeReply(short)).toMatchObject({ ok: true, value: { status: 'declined', amount: 50_000, privateData: 'REF1' } });
    const long = encodeReply({ posNumber: 1, statusDigit: '0', amount: 50_000, mode: '0', report: '4111111111111111 2812', privateData: 'REF2' });
    expect(long.length).toBe(83);
    const d = decodeReply(long);
    expect(d).toMatchObject({ ok: true, value: { status: 'approved', maskedPan: '411111******1111', currency: '704', privateData: 'REF2' } });
    expect(JSON.stringify(d)).not.toContain('4111111111111111');
    expect(decodeReply(encodeReply({ posNumber: 1, statusDigit: '9', amount: 1, mode: '0' }))).toMatchObject({ ok: true, value: { status: 'not-completed' } });
  });

  it('names each kind of damage', () => {
    const good = encodeReply({ posNumber: 1, statusDigit: '0', amount: 50_000, mode: '0' });
    const badLrc = Buffer.from(good);
    badLrc[27] = (badLrc[27] ?? 0) ^ 1;
    expect(decodeReply(badLrc)).toMatchObject({ ok: false, error: { code: 'bad-lrc' } });
    expect(decodeReply(good.subarray(0, 20))).toMatchObject({ ok: false, error: { code: 'bad-length' } });
    const noStx = Buffer.from(good);
    noStx[0] = 0x41;
    expect(decodeReply(noStx)).toMatchObject({ ok: false, error: { code: 'bad-framing' } });
  });

  it('masks only real card numbers', () => {
    expect(maskPan('9704031101234567')).toBe('970403******4567');
    expect(maskPan('1234')).toBeUndefined();
    expect(maskPan('41111111x1111111')).toBeUndefined();
  });

  it('never throws and returns a typed error for any bytes (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        for (const r of [decodeReply(bytes), decodeRequest(bytes)]) {
          if (!r.ok) expect(['bad-length', 'bad-framing', 'bad-lrc', 'bad-field']).toContain(r.error.code);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('catches any single corrupted byte of a valid reply (fuzz)', () => {
    const good = encodeReply({ posNumber: 1, statusDigit: '0', amount: 50_000, mode: '0', report: '4111111111111111', privateData: 'P' });
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const bad = Buffer.from(good);
        bad[i] = (bad[i] ?? 0) ^ x;
        expect(decodeReply(bad).ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('frames with a valid LRC but random printable data still give typed results (fuzz)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\x20-\x7e]{25}$|^[\x20-\x7e]{80}$/), (data) => {
        const body = Buffer.from(data + '\x03', 'latin1');
        const f = Buffer.concat([Buffer.from([2]), body, Buffer.from([lrc(body)])]);
        const r = decodeReply(f);
        if (r.ok) expect(['approved', 'declined', 'not-completed']).toContain(r.value.status);
        else expect(r.error.code).toBe('bad-field');
      }),
      { numRuns: 2000 },
    );
  });
});
