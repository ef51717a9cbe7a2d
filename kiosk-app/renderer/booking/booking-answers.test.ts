import { beforeAll, describe, expect, it } from 'vitest';
import { errorKey, errorText } from '../i18n/error-text';
import { availableLanguages, i18next, loadFeatureTranslations } from '../i18n/i18n';
import { citizenForApi, citizenProblems, hasProblem, phoneDigits, phoneOf } from './booking-answers';
import { NEW_BOOKING, stepBack, type BookingDraft } from './booking-keeper';

beforeAll(() => loadFeatureTranslations());

describe('the citizen as typed', () => {
  it('says each field that the api would refuse, before asking it', () => {
    expect(citizenProblems({ fullName: ' A ', idNumber: '00120300454', phone: '0912' })).toEqual({ fullName: 'name', idNumber: 'id', phone: 'phone' });
    const ok = { fullName: 'Nguyễn Thị Hoa', idNumber: '001203004545', phone: '0912 345 678' };
    expect(hasProblem(citizenProblems(ok))).toBe(false);
  });

  it('sends the phone as digits and the name in one Unicode form, single-spaced', () => {
    expect(phoneDigits('0912 345.678')).toBe('0912345678');
    expect(phoneDigits('+84 912 345 678')).toBe('+84912345678');
    const decomposed = 'Nguye\u0302\u0303n  Thi\u0323 Hoa '; // as some keyboards send it
    expect(citizenForApi({ fullName: decomposed, idNumber: '001203004545', phone: '0912 345 678' })).toEqual({ fullName: 'Nguyễn Thị Hoa', idNumber: '001203004545', phone: '0912345678' });
  });
});

describe('a refusal in plain words (the booking area of error-text)', () => {
  const exists = (k: string) => i18next.exists(k, { lng: 'vi', fallbackLng: false });

  it('finds each refusal its own sentence, the printer by its reason, and the rest generic', () => {
    expect(errorKey('booking', { code: 'slot-full' }, exists)).toBe('booking.errors.slot-full');
    expect(errorKey('booking', { code: 'already-booked' }, exists)).toBe('booking.errors.already-booked');
    expect(errorKey('booking', { code: 'device', device: 'printer', reason: 'paper-out' } as { code: string }, exists)).toBe('booking.errors.printer.paper-out');
    expect(errorKey('booking', { code: 'device', device: 'printer', reason: 'on-fire' } as { code: string }, exists)).toBe('booking.errors.printer.other');
    expect(errorKey('booking', { code: 'shift-locked' }, exists)).toBe('booking.errors.shift-locked');
    expect(errorKey('booking', { code: 'something-new' }, exists)).toBe('booking.errors.generic');
  });

  it('says the city could not be reached, and the point phone apart, in every language', () => {
    for (const { code: lng } of availableLanguages) {
      const t = i18next.getFixedT(lng);
      const text = errorText('booking', { code: 'city-unreachable' }, { t, exists: (k) => i18next.exists(k, { lng, fallbackLng: false }) });
      expect(text.key, lng).toBe('booking.errors.city-unreachable');
      expect(text.what.length, lng).toBeGreaterThan(10);
    }
    expect(phoneOf({ code: 'city-unreachable', phone: '024 3823 0001' } as { code: string })).toBe('024 3823 0001');
    expect(phoneOf({ code: 'city-unreachable', phone: null } as { code: string })).toBeNull();
    expect(phoneOf({ code: 'slot-full' })).toBeNull();
  });

  it('names the point a code belongs to', () => {
    const t = i18next.getFixedT('vi');
    const text = errorText('booking', { code: 'other-point', pointName: 'Trạm y tế xã Ba Vì' } as { code: string }, { t, exists });
    expect(text.what).toBe('Lịch hẹn này thuộc điểm phục vụ khác: Trạm y tế xã Ba Vì.');
  });
});

describe("the booking's own back", () => {
  const at = (step: BookingDraft['step'], more: Partial<BookingDraft> = {}): BookingDraft => ({ ...NEW_BOOKING, step, ...more });

  it('goes one question back, and leaves the screen only from the first', () => {
    expect(stepBack(at({ name: 'point' }))).toBeNull();
    expect(stepBack(at({ name: 'procedure' }))).toEqual({ name: 'point' });
    expect(stepBack(at({ name: 'slot' }))).toEqual({ name: 'procedure' });
    expect(stepBack(at({ name: 'who' }))).toEqual({ name: 'slot' });
    expect(stepBack(at({ name: 'confirm' }))).toEqual({ name: 'who' });
    expect(stepBack(at({ name: 'cancel', busy: false, error: null }))).toEqual({ name: 'point' });
  });

  it('goes from a field list back to the fields, and nowhere while the city is asked', () => {
    expect(stepBack(at({ name: 'procedure' }, { field: 'ho-tich' }))).toBe('stay');
    expect(stepBack(at({ name: 'booking' }))).toBe('stay');
  });
});
