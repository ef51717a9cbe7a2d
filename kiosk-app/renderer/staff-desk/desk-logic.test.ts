import { describe, expect, it } from 'vitest';
import vi from '../../../assets/i18n/staff/vi.json';
import { leafKeys } from '../i18n/translation-files';
import { looksLikeBooking, normalizeBookingInput, rowActions, walkInPhone } from './day-row-view';
import { firstSection, visibleSections } from './desk-sections';
import { shiftEndedBy, shiftLapse } from './shift-guard';
import { staffErrorKey, staffErrorValues } from './staff-error-text';

const keys = new Set([...leafKeys({ staff: vi }).keys()]);
const exists = (k: string) => keys.has(k);

describe('the desk sections a role sees', () => {
  it('postal staff see everything, collaborators no shift report, technicians nothing', () => {
    expect(visibleSections(['assist', 'submit', 'book', 'check-in', 'take-cash', 'shift-report'])).toEqual(['list', 'booking', 'report']);
    expect(visibleSections(['assist', 'book', 'check-in'])).toEqual(['list', 'booking']);
    expect(firstSection(['book'])).toBe('booking');
    expect(firstSection([])).toBeNull();
  });
});

describe('a row of the day list', () => {
  const all = ['assist', 'check-in'] as const;
  it('offers arrival and absence while booked, the dossier once here, nothing when over', () => {
    expect(rowActions('booked', all)).toEqual(['checkIn', 'noShow', 'start']);
    expect(rowActions('checked_in', all)).toEqual(['start']);
    expect(rowActions('no_show', all)).toEqual(['checkIn']);
    expect(rowActions('cancelled', all)).toEqual([]);
    expect(rowActions('done', all)).toEqual([]);
  });
  it('follows the permissions', () => {
    expect(rowActions('booked', ['check-in'])).toEqual(['checkIn', 'noShow']);
    expect(rowActions('checked_in', ['check-in'])).toEqual([]);
  });
});

describe('the check-in field', () => {
  const slip = 'HNLICH:7K3M-Q9TX:0190a5e2-7c1b-7d2e-9f00-123456789abc';
  it('takes a slip QR as the scanner types it, or the code with or without its dash', () => {
    expect(looksLikeBooking(slip)).toBe(true);
    expect(looksLikeBooking(' 7k3m-q9tx ')).toBe(true);
    expect(looksLikeBooking('7K3MQ9TX')).toBe(true);
    expect(looksLikeBooking('7K3')).toBe(false);
    expect(looksLikeBooking('HNSTAFF:BD-POST-01')).toBe(false);
  });
  it('writes a typed code as the slip prints it, and leaves a QR as it is', () => {
    expect(normalizeBookingInput('7k3mq9tx')).toBe('7K3M-Q9TX');
    expect(normalizeBookingInput(` ${slip} `)).toBe(slip);
  });
  it('a walk-in phone: optional, spaces and dots dropped, refused when not 8–15 digits', () => {
    expect(walkInPhone('')).toBeUndefined();
    expect(walkInPhone('0912 345.678')).toBe('0912345678');
    expect(walkInPhone('12345')).toBeNull();
  });
});

describe('answers that end the shift for the screen', () => {
  it('lock, expiry and no shift; nothing else', () => {
    expect(shiftEndedBy({ ok: false, error: { code: 'shift-locked', staffId: 'X' } })).toBe('shift-locked');
    expect(shiftEndedBy({ ok: false, error: { code: 'session-expired', staffId: 'X' } })).toBe('session-expired');
    expect(shiftEndedBy({ ok: false, error: { code: 'not-signed-in' } })).toBe('not-signed-in');
    expect(shiftEndedBy({ ok: false, error: { code: 'unknown-booking' } })).toBeNull();
    expect(shiftEndedBy({ ok: true, value: {} })).toBeNull();
    expect(shiftEndedBy(null)).toBeNull();
  });
});

describe("the core's view of the shift, asked now and then", () => {
  it('no shift, a locked one, one past its end (as the core judges it); an open one is fine', () => {
    expect(shiftLapse(null)).toBe('not-signed-in');
    expect(shiftLapse({ locked: true, expired: false })).toBe('shift-locked');
    expect(shiftLapse({ locked: false, expired: true })).toBe('session-expired');
    expect(shiftLapse({ locked: false, expired: false })).toBeNull();
  });
});

describe('the desk error sentences', () => {
  it('the sign-in says the city could not check the staff id; elsewhere the general sentence', () => {
    expect(staffErrorKey('signIn', { code: 'city-unreachable' }, exists)).toBe('staff.errors.signIn.city-unreachable');
    expect(vi.errors.signIn['city-unreachable']).toBe('Không kết nối được hệ thống của Thành phố để kiểm tra mã nhân viên. Kiểm tra mạng rồi thử lại.');
    expect(staffErrorKey('checkIn', { code: 'city-unreachable' }, exists)).toBe('staff.errors.checkIn.city-unreachable');
    expect(staffErrorKey('walkIn', { code: 'city-unreachable' }, exists)).toBe('staff.errors.city-unreachable');
  });
  it('a card reader failure by its reason, then the reader, then generic', () => {
    expect(staffErrorKey('checkIn', { code: 'device', device: 'idreader', reason: 'timeout' } as never, exists)).toBe('staff.errors.idreader.timeout');
    expect(staffErrorKey('checkIn', { code: 'device', device: 'idreader', reason: 'weird' } as never, exists)).toBe('staff.errors.idreader.other');
    expect(staffErrorKey('report', { code: 'something-new' }, exists)).toBe('staff.errors.generic');
  });
  it('every code a desk call answers has its sentence', () => {
    for (const code of ['wrong-pin', 'locked', 'invalid-staff-id', 'invalid-pin', 'unknown-booking', 'other-point', 'card-mismatch', 'no-printer', 'print-failed', 'network', 'invalid-input']) {
      expect(staffErrorKey('list', { code }, exists), code).toBe(`staff.errors.${code}`);
    }
  });
  it('names the tries left, the time the lockout ends (Hanoi) and the other point', () => {
    expect(staffErrorValues({ code: 'wrong-pin', triesLeft: 2 } as never, 'vi')).toMatchObject({ left: 2 });
    expect(staffErrorValues({ code: 'locked', retryAt: '2026-03-03T12:45:00.000Z' } as never, 'vi')).toMatchObject({ time: '19:45' });
    expect(staffErrorValues({ code: 'other-point', pointName: 'Nhà văn hoá tổ 5' } as never, 'vi')).toMatchObject({ point: 'Nhà văn hoá tổ 5' });
  });
});
