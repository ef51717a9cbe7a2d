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

  it('spots Luhn-valid 13–19 digit tokens anywhere in a body, with or without separators', () => {
    fc.assert(fc.property(fc.integer({ min: 12, max: 18 }), fc.string(), (len, pad) => {
      // Build a Luhn-valid PAN of len+1 digits.
      const body = Array.from({ length: len }, (_, i) => String((i * 7 + 3) % 10)).join('');
      const check = [...Array(10).keys()].map(String).find((d) => luhnValid(body + d))!;
      const pan = body + check;
      const spaced = pan.replace(/(\d{4})(?=\d)/g, '$1 ');
      const safePad = pad.replace(/[0-9A-Za-z]/g, ' '); // a PAN as its own token, as leaks look
      expect(containsCardNumber({ x: [{ y: `${safePad}${spaced}${safePad}` }] })).toBe(true);
    }));
    expect(containsCardNumber({ maskedPan: '411111******1111', idNumber: '001099012345', amount: 5000000000000 })).toBe(false);
  });

  it('does not mistake ids, times or amounts in a payment body for a card number', () => {
    fc.assert(fc.property(fc.uuid({ version: 7 }), fc.uuid({ version: 7 }), fc.date({ min: new Date(2020, 0, 1), max: new Date(2040, 0, 1), noInvalidDate: true }), fc.integer({ min: 0, max: 1e9 }), (dossierId, terminalRef, at, amount) => {
      const body = { dossierId, method: 'card', amount, status: 'approved', terminalRef, approvalCode: '123456', maskedPan: '970436******1234', paidAt: at.toISOString() };
      expect(containsCardNumber(body)).toBe(false);
    }), { numRuns: 2000 });
    // The id that a real run tripped over.
    expect(containsCardNumber({ dossierId: '01a205ff-8644-7487-8439-1d3ac90576c8' })).toBe(false);
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
