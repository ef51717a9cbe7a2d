import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { breakRealtimeSequences, buildEscPosJob, concatSegments } from './escpos-job';
import type { ReceiptBlock, TextMode } from './printer-types';

const hasRealtimeLookalike = (b: Uint8Array) => {
  for (let i = 0; i + 2 < b.length; i++) if (b[i] === 0x10 && [0x04, 0x05, 0x14].includes(b[i + 1] ?? 0) && (b[i + 2] ?? 99) <= 8) return true;
  return false;
};

const LETTERS = 'aàáảãạăằắẳẵặâầấẩẫậđeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ ĐƯƠ0123456789-:/'.split('');
const block: fc.Arbitrary<ReceiptBlock> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), text: fc.array(fc.constantFrom(...LETTERS), { maxLength: 80 }).map((a) => a.join('')), size: fc.constantFrom('small' as const, 'normal' as const, 'large' as const, 'huge' as const) }),
  fc.record({ kind: fc.constant('pair' as const), label: fc.constantFrom('Mã hồ sơ', 'Phí'), value: fc.array(fc.constantFrom(...LETTERS), { maxLength: 40 }).map((a) => a.join('')) }),
  fc.record({ kind: fc.constant('qr' as const), data: fc.string({ minLength: 1, maxLength: 60 }) }),
  fc.constant({ kind: 'rule' as const }),
);

describe('ESC/POS job builder', () => {
  it('fuzz: no job ever contains bytes a printer would take as a real-time request', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 6 }), fc.constantFrom<TextMode>('raster', 'wpc1258', 'tcvn3'), fc.constantFrom(58 as const, 80 as const), (blocks, textMode, paperWidth) => {
        const r = buildEscPosJob({ kind: 'custom', blocks }, { paperWidth, textMode, qr: 'raster' });
        expect(r.ok).toBe(true);
        if (r.ok) expect(hasRealtimeLookalike(concatSegments(r.value))).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('breaks a look-alike by removing one dot', () => {
    const d = Uint8Array.of(0xff, 0x10, 0x04, 0x01, 0x10, 0x04, 0x20);
    expect(breakRealtimeSequences(d)).toBe(1);
    expect([...d]).toEqual([0xff, 0x00, 0x04, 0x01, 0x10, 0x04, 0x20]);
  });

  it('refuses documents a printer cannot print, with a typed error', () => {
    expect(buildEscPosJob({ kind: 'custom', blocks: [{ kind: 'qr', data: '' }] }, { paperWidth: 80, textMode: 'raster' })).toMatchObject({ ok: false, error: { code: 'bad-document' } });
    expect(buildEscPosJob({ kind: 'custom', blocks: [{ kind: 'feed', lines: 500 }] }, { paperWidth: 80, textMode: 'raster' })).toMatchObject({ ok: false, error: { code: 'bad-document' } });
  });
});
