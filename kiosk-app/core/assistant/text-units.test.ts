import { describe, expect, it } from 'vitest';
import { cjkUnits, extractNumbers, latinTokens, latinWords, phraseUnits } from './text-units';
import { confusableVariants } from './retrieval';

describe('text units', () => {
  it('folds Vietnamese marks and đ, merges y/i and plural -s', () => {
    expect(latinWords('Đăng KÝ khai sinh')).toEqual(['dang', 'ki', 'khai', 'sinh']);
    expect(latinWords('dang ki')).toEqual(latinWords('đăng ký'));
    expect(latinWords('Papers, documents')).toEqual(['paper', 'document']);
    expect(latinWords("carte d'identité")).toEqual(['carte', 'd', 'identite']);
  });

  it('keeps the typed form to tell words apart when marks were typed', () => {
    expect(latinTokens('cần căn')).toEqual([{ w: 'can', marked: 'cần' }, { w: 'can', marked: 'căn' }]);
    expect(latinTokens('kí')[0]!.marked).toBe(latinTokens('ký')[0]!.marked);
  });

  it('splits Chinese, Japanese and Korean into character pairs, not jamo', () => {
    expect(cjkUnits('출생신고', false)).toEqual(['출생', '생신', '신고']);
    expect(phraseUnits('出生届')).toEqual(['出生', '生届']);
    expect(phraseUnits('婚姻届を出したい')).toContain('出し');
    expect(phraseUnits('雨')).toEqual(['雨']);
  });

  it('makes syllable pairs for Latin text', () => {
    expect(phraseUnits('nhập hộ khẩu')).toEqual(['nhap', 'ho', 'khau', 'nhap ho', 'ho khau']);
  });

  it('reads amounts however they are written', () => {
    expect(extractNumbers('10.000 đồng')).toEqual([10000]);
    expect(extractNumbers('10,000 VND and 7 000 VND')).toEqual([10000, 7000]);
    expect(extractNumbers('10\u202f000 VND')).toEqual([10000]);
    expect(extractNumbers('2万越南盾, 1만 동, 135k')).toEqual([20000, 10000, 135000]);
    expect(extractNumbers('20 nghìn đồng')).toEqual([20000]);
    expect(extractNumbers('7 ngày làm việc, mẫu CT01')).toEqual([7, 1]);
  });

  it('knows the consonants people swap', () => {
    expect(confusableVariants('chu')).toContain('tru');
    expect(confusableVariants('xinh')).toContain('sinh');
    expect(confusableVariants('gia')).toEqual(expect.arrayContaining(['da', 'ra']));
  });
});
