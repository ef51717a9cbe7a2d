import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeTcvn3, decodeWpc1258, encodeTcvn3, encodeWpc1258 } from './vietnamese-codepages';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');

const LOWER = 'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ';
const VIET = LOWER + LOWER.toUpperCase() + ' 0123456789.,:-/';

describe('Vietnamese code pages', () => {
  it('WPC1258 splits tones off the base letter: the domain-facts vector', () => {
    expect(hex(encodeWpc1258('Tiếng Việt'))).toBe('54 69 EA EC 6E 67 20 56 69 EA F2 74');
    // The same bytes whatever normalisation the caller used.
    expect(hex(encodeWpc1258('Tiếng Việt'.normalize('NFD')))).toBe('54 69 EA EC 6E 67 20 56 69 EA F2 74');
  });

  it('fuzz: every Vietnamese text survives WPC1258 encode → decode exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VIET), { maxLength: 60 }), (chars) => {
        const s = chars.join('');
        expect(decodeWpc1258(encodeWpc1258(s))).toBe(s.normalize('NFC'));
      }),
      { numRuns: 1000 },
    );
  });

  it('TCVN-3: lowercase round-trips; toned capitals print with the lowercase glyph', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...(LOWER + ' 0123456789')), { maxLength: 60 }), (chars) => {
        const s = chars.join('');
        expect(decodeTcvn3(encodeTcvn3(s))).toBe(s);
      }),
      { numRuns: 500 },
    );
    expect(decodeTcvn3(encodeTcvn3('ĐĂNG KÝ'))).toBe('ĐĂNG Ký');
    expect(hex(encodeTcvn3('Tiếng Việt'))).toBe('54 69 D5 6E 67 20 56 69 D6 74');
  });

  it('never emits a byte outside the table: unknown characters become "?" or ASCII', () => {
    expect(decodeWpc1258(encodeWpc1258('漢 ☃ – “x”'))).toBe('? ? – “x”');
    expect(decodeTcvn3(encodeTcvn3('漢 – “x”'))).toBe('? - "x"');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(encodeWpc1258(s)).toBeInstanceOf(Uint8Array);
        expect(encodeTcvn3(s)).toBeInstanceOf(Uint8Array);
      }),
      { numRuns: 500 },
    );
  });

  it('text can never carry printer commands: control characters become spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0x2000 }).map((c) => String.fromCharCode(c)) }), (s) => {
        for (const enc of [encodeWpc1258, encodeTcvn3]) for (const b of enc(s)) expect(b >= 0x20 && b !== 0x7f).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
