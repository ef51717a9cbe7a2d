import { describe, expect, it } from 'vitest';
import { REDACTED, scrubPersonalData, scrubValue } from './personal-data';

describe('scrubPersonalData', () => {
  it.each([
    ['CCCD 001085012345 đã đọc', 'CCCD [id-number] đã đọc'],
    ['old CMND 012345678', 'old CMND [id-number]'],
    ['cccd=079203004512,', 'cccd=[id-number],'],
    ['card 4111111111111111 declined', 'card [card] declined'],
    ['card 4111 1111 1111 1111 declined', 'card [card] declined'],
    ['pan 5555-5555-5555-4444', 'pan [card]'],
    ['gọi 0912345678 nhé', 'gọi [phone] nhé'],
    ['call +84 912 345 678', 'call [phone]'],
    ['0912.345.678', '[phone]'],
    ['landline 024 3825 4321', 'landline [phone]'],
  ])('%s', (input, expected) => expect(scrubPersonalData(input)).toBe(expected));

  it.each([
    'dossier 7b2e1c4a-1d2f-4c3b-9a8e-123456789012 sent',
    'receipt HN-2611-004217',
    'at 2026-12-04T21:41:52.123Z',
    'status=503 after 1200 ms, 3 pages at 300 dpi',
    'listening on 127.0.0.1:8080',
    'amount 10000 VND',
  ])('leaves %s as it is', (text) => expect(scrubPersonalData(text)).toBe(text));
});

describe('scrubValue', () => {
  it('redacts personal keys at any depth and masks numbers inside other text', () => {
    const v = scrubValue({
      event: 'x',
      fullName: 'Nguyễn Văn An',
      nested: { Address: 'Số 1 phố Láng Hạ', note: 'gọi 0912345678' },
      list: [{ phone: '0987654321' }],
      citizenId: 1085012345,
      message: new Error('bad id 001085012345'),
    });
    expect(v).toEqual({
      event: 'x',
      fullName: REDACTED,
      nested: { Address: REDACTED, note: 'gọi [phone]' },
      list: [{ phone: REDACTED }],
      citizenId: REDACTED,
      message: { type: 'Error', message: 'bad id [id-number]' },
    });
  });

  it('keeps a large number that has no personal shape, masks one that has', () => {
    expect(scrubValue({ bytes: 12345678 })).toEqual({ bytes: 12345678 });
    expect(scrubValue({ n: 1085012345 })).toEqual({ n: 1085012345 });
    expect(scrubValue({ n: 912345678 })).toEqual({ n: REDACTED });
  });
});
