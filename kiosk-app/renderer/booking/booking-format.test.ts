import { describe, expect, it } from 'vitest';
import { bookingCodeChars, bookingWhen, dayDate, dayLabel, groupSlotsByDay, maskedId, normaliseBookingCode, showBookingCode, slotWhen, timeRange, weekdayName } from './booking-format';

// Hanoi is UTC+7: 11:00Z is 18:00 in Hanoi, 17:30Z on the 8th is 00:30 on the 9th.
const slot = (slotId: string, start: string, end: string, free = 1) => ({ slotId, start, end, free });

describe('slots grouped by Hanoi day', () => {
  it('puts each slot under the Hanoi day it starts on, days and slots in time order', () => {
    const days = groupSlotsByDay([
      slot('NVH-BD01-20261209-0800', '2026-12-09T01:00:00.000Z', '2026-12-09T01:30:00.000Z'),
      slot('NVH-BD01-20261208-1830', '2026-12-08T11:30:00.000Z', '2026-12-08T12:00:00.000Z'),
      slot('NVH-BD01-20261208-1800', '2026-12-08T11:00:00.000Z', '2026-12-08T11:30:00.000Z'),
      // 23:30 on the 8th in UTC is already the 9th in Hanoi.
      slot('NVH-BD01-20261209-0630', '2026-12-08T23:30:00.000Z', '2026-12-09T00:00:00.000Z'),
    ]);
    expect(days.map((d) => [d.day, d.slots.map((s) => s.slotId)])).toEqual([
      ['2026-12-08', ['NVH-BD01-20261208-1800', 'NVH-BD01-20261208-1830']],
      ['2026-12-09', ['NVH-BD01-20261209-0630', 'NVH-BD01-20261209-0800']],
    ]);
  });

  it('is empty for no slots, and keeps what each slot carries', () => {
    expect(groupSlotsByDay([])).toEqual([]);
    const [day] = groupSlotsByDay([slot('P-20261208-1800', '2026-12-08T11:00:00Z', '2026-12-08T11:30:00Z', 2)]);
    expect(day!.slots[0]!.free).toBe(2);
  });
});

describe('days and times in the citizen language, in Hanoi time', () => {
  it('names the weekday as Vietnamese papers do, and in every language', () => {
    expect(weekdayName('2026-12-08', 'vi')).toBe('Thứ Ba');
    expect(weekdayName('2026-12-13', 'vi')).toBe('Chủ Nhật');
    expect(weekdayName('2026-12-08', 'en')).toBe('Tuesday');
    expect(weekdayName('2026-12-08', 'fr')).toBe('Mardi');
    expect(weekdayName('2026-12-08', 'zh')).toBe('星期二');
    expect(weekdayName('2026-12-08', 'ja')).toBe('火曜日');
    expect(weekdayName('2026-12-08', 'ko')).toBe('화요일');
  });

  it('heads a day with its weekday and date', () => {
    expect(dayLabel('2026-12-08', 'vi')).toBe('Thứ Ba 08/12');
    expect(dayLabel('2026-12-08', 'en')).toBe('Tuesday 08/12');
    expect(dayLabel('2026-12-08', 'zh')).toBe('星期二 12月8日');
    expect(dayLabel('not-a-day', 'vi')).toBe('not-a-day');
    expect(dayDate('2026-12-08', 'fr')).toBe('08/12');
    expect(dayDate('2026-12-08', 'ko')).toBe('12월 8일');
  });

  it('writes a slot as the citizen reads it, whatever the machine zone', () => {
    expect(timeRange('2026-12-08T11:00:00.000Z', '2026-12-08T11:30:00.000Z', 'vi')).toBe('18:00–18:30');
    expect(slotWhen({ start: '2026-12-08T11:00:00.000Z', end: '2026-12-08T11:30:00.000Z' }, 'vi')).toBe('Thứ Ba 08/12 · 18:00–18:30');
    // 17:30Z on Saturday the 12th is 00:30 on Sunday the 13th in Hanoi.
    expect(slotWhen({ start: '2026-12-12T17:30:00.000Z', end: '2026-12-12T18:00:00.000Z' }, 'vi')).toBe('Chủ Nhật 13/12 · 00:30–01:00');
  });

  it('writes a booking with its year', () => {
    expect(bookingWhen('2026-12-08T11:00:00.000Z', '2026-12-08T11:30:00.000Z', 'vi')).toBe('Thứ Ba 08/12/2026 · 18:00–18:30');
    expect(bookingWhen('2026-12-08T11:00:00.000Z', null, 'vi')).toBe('Thứ Ba 08/12/2026 · 18:00');
    expect(bookingWhen('2026-12-08T11:00:00.000Z', null, 'ja')).toBe('2026年12月8日 火曜日 · 18:00');
  });
});

describe('a typed booking code', () => {
  it('accepts the code as printed, without its dash, in small letters or with spaces', () => {
    expect(normaliseBookingCode('AB12-CD34')).toBe('AB12-CD34');
    expect(normaliseBookingCode('ab12cd34')).toBe('AB12-CD34');
    expect(normaliseBookingCode(' AB12 CD34 ')).toBe('AB12-CD34');
    expect(normaliseBookingCode('AB1-2CD34')).toBe('AB12-CD34');
  });

  it('accepts the slip QR as a scanner types it', () => {
    expect(normaliseBookingCode('HNLICH:AB12-CD34:0190f5a2-7c1e-7d3a-9b2c-1234567890ab')).toBe('AB12-CD34');
  });

  it('refuses what is not a code', () => {
    for (const bad of ['', 'AB12-CD3', 'AB12-CD345', 'ÀB12-CD34', 'AB12_CD34', 'H26.99-261123-0001']) expect(normaliseBookingCode(bad), bad).toBeNull();
  });

  it('keeps only letters and digits while typing, shown with the dash', () => {
    expect(bookingCodeChars('ab-12 c')).toBe('AB12C');
    expect(bookingCodeChars('AB12-CD34-EXTRA')).toBe('AB12CD34');
    expect(showBookingCode('ab12')).toBe('AB12');
    expect(showBookingCode('ab12c')).toBe('AB12-C');
    expect(showBookingCode('AB12-CD34')).toBe('AB12-CD34');
  });
});

describe('an ID number on screen', () => {
  it('shows its first four and last two digits', () => {
    expect(maskedId('001203004545')).toBe('0012••••••45');
    expect(maskedId('0012')).toBe('0012');
  });
});
