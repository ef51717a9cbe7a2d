import { describe, expect, it } from 'vitest';
import { loadCatalog } from './catalog-loader';
import { buildSearchIndex, documentsFromCatalog } from './catalog-search';

const catalog = (() => {
  const r = loadCatalog();
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
})();
const index = buildSearchIndex(documentsFromCatalog(catalog));
const top = (q: string) => index.search(q)[0]?.code;

describe('catalogue search', () => {
  it.each([
    'Đăng ký khai sinh',
    'dang ky khai sinh',
    'khai sinh',
    'khai sih',
    'DANG KY KHAI SINH',
    'birth registration',
    'Birth',
    'dang ky khai s',
  ])('finds "Đăng ký khai sinh" first from %j', (q) => {
    expect(top(q)).toBe('1.001193');
  });

  it('ranks by relevance: "tam tru" puts both temporary-residence procedures above temporary absence', () => {
    const codes = index.search('tam tru').map((h) => h.code);
    expect(codes.slice(0, 2).sort()).toEqual(['1.002755', '1.004194']);
    expect(codes.indexOf('1.003677')).toBeGreaterThan(1);
  });

  it('finds by old and colloquial words in the summary ("nhap ho khau" → thường trú)', () => {
    expect(top('nhap ho khau')).toBe('1.004222');
  });

  it('finds certified copies from "cong chung ban sao" and "chung thuc"', () => {
    expect(top('cong chung ban sao')).toBe('2.000815');
    expect(index.search('chung thuc').map((h) => h.code)).toEqual(
      expect.arrayContaining(['2.000815', '2.000884', '2.001019']),
    );
  });

  it('finds a procedure by its national code', () => {
    expect(index.search('1.004873')).toEqual([{ code: '1.004873', score: 2 }]);
  });

  it('returns nothing for nonsense or empty input instead of guessing', () => {
    expect(index.search('')).toEqual([]);
    expect(index.search('   ')).toEqual([]);
    expect(index.search('xyzzy qwerty')).toEqual([]);
  });

  it('shows results while typing (prefix of the last word)', () => {
    expect(index.search('ket h').map((h) => h.code)).toContain('1.000894');
    expect(top('ho chi')).toBe('1.001456');
  });
});
