import { describe, expect, it } from 'vitest';
import { editDistance, foldVietnamese, tokenize } from './vietnamese-text';

describe('foldVietnamese', () => {
  it('folds tone marks, vowel hats, đ/Đ and case', () => {
    expect(foldVietnamese('Đăng ký khai sinh')).toBe('dang ky khai sinh');
    expect(foldVietnamese('ĐỒNG Ý, Ở ĐÂU?')).toBe('dong y o dau');
    expect(foldVietnamese('Chứng thực bản sao')).toBe('chung thuc ban sao');
  });
  it('treats NFD and NFC input alike', () => {
    expect(foldVietnamese('Việt'.normalize('NFD'))).toBe(foldVietnamese('Việt'.normalize('NFC')));
  });
  it('splits on punctuation and collapses spaces', () => {
    expect(tokenize('  hộ-chiếu,   phổ thông ')).toEqual(['ho', 'chieu', 'pho', 'thong']);
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and transpositions', () => {
    expect(editDistance('sinh', 'sih')).toBe(1);
    expect(editDistance('khai', 'khia')).toBe(1);
    expect(editDistance('tam', 'tran', 3)).toBe(2);
    expect(editDistance('abc', 'abc')).toBe(0);
  });
  it('stops early past the cap', () => {
    expect(editDistance('registration', 'xyz', 2)).toBe(3);
  });
});
