import { describe, expect, it } from 'vitest';
import { ageOn, checkLimits, decidePriority, estimateWaitMinutes, formatTicketNumber } from './queue-policy';

describe('queue-number policy', () => {
  it('computes age in full years, birthday counted on the day', () => {
    expect(ageOn('1951-11-23', '2026-11-23')).toBe(75);
    expect(ageOn('1951-11-24', '2026-11-23')).toBe(74);
  });

  it('gives priority from the card to people aged 75 and over, without staff', () => {
    expect(decidePriority({ dateOfBirth: '1950-01-01', today: '2026-11-23' })).toEqual({ priority: 'elderly', needsStaffConfirmation: false });
    expect(decidePriority({ dateOfBirth: '1960-01-01', today: '2026-11-23' })).toEqual({ priority: 'normal', needsStaffConfirmation: false });
  });

  it('marks claimed disability or pregnancy for confirmation by staff', () => {
    expect(decidePriority({ dateOfBirth: '1995-05-05', claimed: 'pregnant', today: '2026-11-23' })).toEqual({ priority: 'pregnant', needsStaffConfirmation: true });
  });

  it('allows two numbers a day and one a field', () => {
    expect(checkLimits([], 'ho-tich')).toBeNull();
    expect(checkLimits([{ field: 'ho-tich', number: 'A012' }], 'ho-tich')).toEqual({ code: 'field-limit', field: 'ho-tich', existingNumber: 'A012' });
    expect(checkLimits([{ field: 'ho-tich', number: 'A012' }], 'cu-tru')).toBeNull();
    expect(checkLimits([{ field: 'ho-tich', number: 'A012' }, { field: 'cu-tru', number: 'C003' }], 'chung-thuc')).toEqual({ code: 'daily-limit', limit: 2 });
  });

  it('formats numbers and estimates waits', () => {
    expect(formatTicketNumber('A', 7)).toBe('A007');
    expect(estimateWaitMinutes(5, 8, 2)).toBe(20);
    expect(estimateWaitMinutes(3, 8, 0)).toBe(24);
  });
});
