import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './languages';
import { formatVnd } from './money';

describe('formatVnd', () => {
  it('writes an amount the way each language writes đồng', () => {
    expect(formatVnd(10000, 'vi')).toBe('10.000 đồng');
    expect(formatVnd(10000, 'en')).toBe('10,000 VND');
    expect(formatVnd(200000, 'zh')).toBe('200,000越南盾');
    expect(formatVnd(135000, 'ko')).toBe('135,000동');
    expect(formatVnd(7000, 'ja')).toBe('7,000ドン');
    expect(formatVnd(15000, 'fr')).toBe('15\u202f000 VND');
  });

  it('groups every third digit and leaves small amounts alone', () => {
    expect(formatVnd(0, 'vi')).toBe('0 đồng');
    expect(formatVnd(999, 'vi')).toBe('999 đồng');
    expect(formatVnd(1000, 'vi')).toBe('1.000 đồng');
    expect(formatVnd(1_234_567_890, 'en')).toBe('1,234,567,890 VND');
  });

  it('prints whole đồng and keeps the sign of a refund', () => {
    expect(formatVnd(2000.9, 'vi')).toBe('2.000 đồng');
    expect(formatVnd(-8000, 'vi')).toBe('-8.000 đồng');
  });

  it('has a form for every kiosk language', () => {
    for (const lang of LANGUAGES) expect(formatVnd(8000, lang)).toMatch(/8.000/u);
  });
});
