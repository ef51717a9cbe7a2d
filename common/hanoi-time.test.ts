import { describe, expect, it } from 'vitest';
import { addDays, formatHanoiDate, formatHanoiDateTime, formatHanoiTimestamp, hanoiDate, hanoiMidnight, hanoiParts, weekday } from './hanoi-time';

describe('Hanoi time', () => {
  it('reads the wall clock in Hanoi whatever the machine is set to', () => {
    // 17:30 UTC is 00:30 the next day in Hanoi: the calendar day a citizen sees has changed.
    const at = new Date('2026-12-04T17:30:05Z');
    expect(hanoiParts(at)).toEqual({ year: '2026', month: '12', day: '05', hour: '00', minute: '30', second: '05' });
    expect(hanoiDate(at)).toBe('2026-12-05');
    expect(hanoiDate(new Date('2026-12-04T16:59:59Z'))).toBe('2026-12-04');
  });

  it('formats as Vietnamese papers and technicians read it', () => {
    const at = new Date('2026-11-23T02:30:00Z');
    expect(formatHanoiDateTime(at)).toBe('23/11/2026 09:30');
    expect(formatHanoiDate(at)).toBe('23/11/2026');
    expect(formatHanoiTimestamp('2026-12-04T14:41:52.123Z')).toBe('2026-12-04 21:41:52');
    // Midnight is 00, never 24.
    expect(formatHanoiDateTime(new Date('2026-12-31T17:00:00Z'))).toBe('01/01/2027 00:00');
  });

  it('finds the instant a Hanoi day begins, and refuses a day that does not exist', () => {
    expect(hanoiMidnight('2026-12-04')?.toISOString()).toBe('2026-12-03T17:00:00.000Z');
    expect(hanoiMidnight('2026-02-30')).toBeNull();
    expect(hanoiMidnight('4/12/2026')).toBeNull();
  });

  it('counts calendar days across months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekday('2026-12-06')).toBe(0);
    expect(weekday('2026-12-05')).toBe(6);
  });
});
