import { describe, expect, it } from 'vitest';
import { imeKeydown, typeKeys, typeText } from './ime-keys';

// The clerk's hardware keyboard: a sequence of keys → the field's text, through the same path
// the screen takes on keydown (the method's transform, or the browser's own insertion).

describe('Telex on a hardware keyboard', () => {
  it.each([
    ['Nguyeenx Thij Lan', 'Nguyễn Thị Lan'],
    ['Traanf Vawn Dduwcs', 'Trần Văn Đức'],
    ['Phamj Thij Thuyr', 'Phạm Thị Thủy'],
    ['Lee Hoangf Nam', 'Lê Hoàng Nam'],
    ['Ddoox Thanh Hwowng', 'Đỗ Thanh Hương'],
    ['Quaanj Hoanf Kieems', 'Quận Hoàn Kiếm'],
    ['xax Ba Vif, huyeenj Ba Vif', 'xã Ba Vì, huyện Ba Vì'],
    ['Myx DDuwcs, Haf Nooij', 'Mỹ Đức, Hà Nội'],
    ['soos 12 phoos Trafng Tieenf', 'số 12 phố Tràng Tiền'],
  ])('%s → %s', (keys, expected) => {
    expect(typeText(keys, 'telex')).toBe(expected);
  });

  it('types into the middle of a name without touching the rest', () => {
    const f = typeKeys([...'Lan', 'Home', ...'Thij '], 'telex');
    expect(f.text).toBe('Thị Lan');
    expect(f.start).toBe(4);
  });

  it('replaces a selection, as typing over selected text does', () => {
    expect(typeText('Hoaf', 'telex', { text: 'Nguyễn Văn An', start: 11, end: 13 })).toBe('Nguyễn Văn Hòa');
  });

  it('backspace is the browser’s: it deletes one letter with its marks', () => {
    expect(typeKeys([...'Nguyeenx', 'Backspace', ...'n'], 'telex').text).toBe('Nguyễn');
  });
});

describe('VNI on a hardware keyboard', () => {
  it.each([
    ['Nguye6n4 Thi5 Lan', 'Nguyễn Thị Lan'],
    ['Tra6n2 Va8n D9u7c1', 'Trần Văn Đức'],
    ['Pha5m Thi5 Thuy3', 'Phạm Thị Thủy'],
    ['Ha2 No6i5', 'Hà Nội'],
    ['Qua6n5 Hoa2n Kie6m1', 'Quận Hoàn Kiếm'],
    ['so61 12 pho61 Tra2ng Tie6n2', 'số 12 phố Tràng Tiền'],
  ])('%s → %s', (keys, expected) => {
    expect(typeText(keys, 'vni')).toBe(expected);
  });

  it('digits that are not marks stay digits (a house number, a year)', () => {
    expect(typeText('so61 125 ngo4 2026', 'vni')).toBe('số 125 ngõ 2026');
  });
});

describe('off, and keys that are not characters', () => {
  it('types every key as it is', () => {
    expect(typeText('Nguyeenx Thij Lan', 'off')).toBe('Nguyeenx Thij Lan');
    expect(typeText('Nguye6n4', 'off')).toBe('Nguye6n4');
  });

  it('leaves shortcuts, spaces and named keys to the browser', () => {
    const f = { text: 'Nguyên', start: 6, end: 6 };
    expect(imeKeydown(f, { key: 'x', ctrlKey: true }, 'telex')).toBeNull();
    expect(imeKeydown(f, { key: ' ' }, 'telex')).toBeNull();
    expect(imeKeydown(f, { key: 'Enter' }, 'telex')).toBeNull();
    expect(imeKeydown(f, { key: 'x', isComposing: true }, 'telex')).toBeNull();
    expect(imeKeydown(f, { key: 'x' }, 'telex')).toEqual({ text: 'Nguyễn', start: 6, end: 6 });
  });

  it('a plain letter is the browser’s own insertion (its undo and maxlength hold)', () => {
    expect(imeKeydown({ text: 'Ngu', start: 3, end: 3 }, { key: 'y' }, 'telex')).toBeNull();
  });
});
