import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { canonicalHash, containsCardNumber, luhnValid, receiptCode, appointmentDate } from './codes';
import { localRefFromId, normalizeLocalRef } from '../outbox/local-ref';

describe('codes', () => {
  it('hashes bodies independently of key order (idempotency must not depend on serialisation)', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
      const reversed = Object.fromEntries(Object.entries(o).reverse());
      expect(canonicalHash(reversed)).toBe(canonicalHash(o));
    }));
    expect(canonicalHash({ a: 1 })).not.toBe(canonicalHash({ a: 2 }));
  });

  it('spots Luhn-valid 13–19 digit runs anywhere in a body, with or without separators', () => {
    fc.assert(fc.property(fc.integer({ min: 12, max: 18 }), fc.string(), (len, pad) => {
      // Build a Luhn-valid PAN of len+1 digits.
      const body = Array.from({ length: len }, (_, i) => String((i * 7 + 3) % 10)).join('');
      const check = [...Array(10).keys()].map(String).find((d) => luhnValid(body + d))!;
      const pan = body + check;
      const spaced = pan.replace(/(\d{4})(?=\d)/g, '$1 ');
      const safePad = pad.replace(/\d/g, '');
      expect(containsCardNumber({ x: [{ y: `${safePad}${spaced}${safePad}` }] })).toBe(true);
    }));
    expect(containsCardNumber({ maskedPan: '411111******1111', idNumber: '001099012345', amount: 5000000000000 })).toBe(false);
  });

  it('issues Hanoi-style receipt codes by Vietnamese calendar day', () => {
    // 23:30 UTC on 22 Nov is already 23 Nov in Hanoi.
    expect(receiptCode('99', new Date('2026-11-22T23:30:00Z'), 7)).toBe('H26.99-261123-0007');
    expect(appointmentDate(new Date('2026-11-27T03:00:00Z'))).toBe('2026-12-04'); // Friday + 5 working days
  });

  it('round-trips local references through sloppy typing', () => {
    fc.assert(fc.property(fc.uuid({ version: 7 }), (id) => {
      const ref = localRefFromId(id);
      expect(normalizeLocalRef(ref.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l'))).toBe(ref);
    }));
  });
});
