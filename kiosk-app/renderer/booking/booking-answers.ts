import type { ApiOutputs, ErrorOf, ValueOf } from '../api-client/api-types';
import type { CallFailure } from '../api-client/call-failure';
import { useErrorText, type ShownError } from '../i18n/error-text';

// What the appointment calls answer, as the booking screens use it (read from the router, never
// written out again), and the plain sentence for a refusal.

type AppointmentsOut = ApiOutputs['appointments'];
export type BookingPoint = AppointmentsOut['points'][number];
export type Slot = ValueOf<AppointmentsOut['freeSlots']>[number];
export type Booking = ValueOf<AppointmentsOut['book']>;
export type Cancelled = ValueOf<AppointmentsOut['cancel']>;
export type BookError = ErrorOf<AppointmentsOut['book']> | CallFailure;
export type StaffBookError = ErrorOf<ApiOutputs['staff']['bookForCitizen']> | CallFailure;
export type SlotsError = ErrorOf<AppointmentsOut['freeSlots']> | CallFailure;
export type CancelError = ErrorOf<AppointmentsOut['cancel']> | CallFailure;
export type PrintError = ErrorOf<AppointmentsOut['printSlip']> | CallFailure;

/** The citizen as typed: the booking keeps it through every refusal, so nothing is typed twice. */
export interface CitizenTyped {
  readonly fullName: string;
  readonly idNumber: string;
  readonly phone: string;
}

export const EMPTY_CITIZEN: CitizenTyped = { fullName: '', idNumber: '', phone: '' };

/** What is wrong with what was typed, field by field (null: nothing). */
export interface CitizenProblems {
  readonly fullName: 'name' | null;
  readonly idNumber: 'id' | null;
  readonly phone: 'phone' | null;
}

/** The api's own checks, said before asking: a name of 2+ letters, 12 digits, a phone of 8–15 digits. */
export function citizenProblems(c: CitizenTyped): CitizenProblems {
  return {
    fullName: c.fullName.trim().replace(/\s+/g, ' ').length >= 2 ? null : 'name',
    idNumber: /^\d{12}$/.test(c.idNumber) ? null : 'id',
    phone: /^\+?\d{8,15}$/.test(phoneDigits(c.phone)) ? null : 'phone',
  };
}

export function hasProblem(p: CitizenProblems): boolean {
  return p.fullName !== null || p.idNumber !== null || p.phone !== null;
}

/** A phone as the api takes it: digits (and a leading +), spaces and dots dropped. */
export function phoneDigits(phone: string): string {
  const t = phone.trim();
  return (t.startsWith('+') ? '+' : '') + t.replace(/\D/g, '');
}

/** The citizen as the api takes it. */
export function citizenForApi(c: CitizenTyped): CitizenTyped {
  return { fullName: c.fullName.normalize('NFC').trim().replace(/\s+/g, ' '), idNumber: c.idNumber, phone: phoneDigits(c.phone) };
}

/** The city did not answer: the point's phone, said big, when the error carries it. */
export function phoneOf(e: ShownError): string | null {
  const phone: unknown = Reflect.get(e, 'phone');
  return e.code === 'city-unreachable' && typeof phone === 'string' && phone !== '' ? phone : null;
}

/** The plain sentence for a refusal or failure (i18n/error-text.ts, the booking's area). */
export function useBookingErrorText(): (e: ShownError) => string {
  const errorText = useErrorText('booking');
  // Without the point's phone, "call the point" has nothing to call: the sentence says to try again.
  return (e) => errorText(e.code === 'city-unreachable' && !phoneOf(e) ? { code: 'city-unreachable-no-phone' } : e).what;
}
