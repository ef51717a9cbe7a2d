import { describe, expect, it } from 'vitest';
import { applyTone, toneLastWord, typeString } from './vietnamese-input';

describe('Telex', () => {
  it.each([
    ['Nguyeenx Vawn Aan', 'Nguyễn Văn Ân'],
    ['Traanf Thij Hoaf', 'Trần Thị Hòa'],
    ['Ddawng kys khai sinh', 'Đăng ký khai sinh'],
    ['nguwowif', 'người'],
    ['ddwowcj', 'được'],
    ['Vieetj Nam', 'Việt Nam'],
    ['thur tucj', 'thủ tục'],
    ['quys', 'quý'],
    ['gias', 'giá'],
    ['toans', 'toán'],
    ['khoer', 'khỏe'],
    ['Phamj Thuyr', 'Phạm Thủy'],
    ['tuaans', 'tuấn'],
    ['tuasn', 'tuán'],
  ])('%s → %s', (keys, expected) => {
    expect(typeString(keys, 'telex')).toBe(expected);
  });

  it('typing a tone key twice gives the letter back, z removes the tone', () => {
    expect(typeString('ass', 'telex')).toBe('as');
    expect(typeString('asz', 'telex')).toBe('a');
  });

  it('moves the tone when a later vowel changes where it belongs', () => {
    expect(typeString('hoas', 'telex')).toBe('hóa');
    expect(typeString('hoasn', 'telex')).toBe('hoán');
  });
});

describe('VNI', () => {
  it.each([
    ['Nguye6n4 Va8n A6n', 'Nguyễn Văn Ân'],
    ['d9a8ng ky1', 'đăng ký'],
    ['nguo7i2', 'người'],
    ['Vie6t5', 'Việt'],
  ])('%s → %s', (keys, expected) => {
    expect(typeString(keys, 'vni')).toBe(expected);
  });
});

describe('direct tone keys', () => {
  it('put the tone on the right vowel of the last word', () => {
    expect(toneLastWord('Nguyên', 'nga')).toBe('Nguyễn');
    expect(toneLastWord('Trân Thi', 'nang')).toBe('Trân Thị');
    expect(applyTone('hoa', 'huyen')).toBe('hòa');
    expect(applyTone('thuy', 'hoi')).toBe('thủy');
    expect(applyTone('quy', 'sac')).toBe('quý');
    expect(applyTone('gia', 'sac')).toBe('giá');
    expect(applyTone('hoang', 'huyen')).toBe('hoàng');
    expect(applyTone('người', 'nang')).toBe('ngượi');
  });

  it('replace a tone, and leave a word without vowels alone', () => {
    expect(applyTone('má', 'huyen')).toBe('mà');
    expect(applyTone('má', 'none')).toBe('ma');
    expect(applyTone('nb', 'sac')).toBe('nb');
  });

  it('in "keys" mode letters are typed literally (s stays s)', () => {
    expect(typeString('Vieet', 'keys')).toBe('Vieet');
  });
});
